#pragma once
// Every measurement of the paper, run in order on one atom model (traced or
// truth): neighbours, coordination, bond lengths, bond-orientational order,
// polyhedral template matching, grains and twin boundaries, the five-fold
// axis, the interface (both definitions), isolated atoms, strain and facets.
// Measurements that need what a model lacks (an interface without Pd and Pt,
// strain without an fcc grain) are skipped with a note in `notes`.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/bond_lengths.hpp"
#include "analysis/bond_orientational_order.hpp"
#include "analysis/coordination.hpp"
#include "analysis/facets.hpp"
#include "analysis/fivefold_axis.hpp"
#include "analysis/grains.hpp"
#include "analysis/interface_profile.hpp"
#include "analysis/isolated_atoms.hpp"
#include "core/neighbours.hpp"
#include "analysis/polyhedral_template_matching.hpp"
#include "analysis/strain.hpp"
#include "core/atom_model.hpp"

namespace aet::analysis {

struct AnalysisOptions {
  /// Called as each step ends, with its name (a timings_s key) and its
  /// wall-clock seconds: progress for a caller that shows it.
  std::function<void(const std::string& step, double seconds)> on_step;
  NeighbourOptions neighbours;
  BondLengthOptions bonds;
  PtmOptions ptm;
  GrainOptions grains;
  FivefoldOptions fivefold;
  InterfaceOptions interface;
  StrainOptions strain;
};

/// Strain statistics by region (regions from the true-distance interface).
struct StrainRegions {
  StrainStats total, core, interface, shell;
};

struct AnalysisReport {
  std::size_t atoms = 0;
  std::map<std::string, std::size_t> species;
  NeighbourList neighbours;
  PairDistribution pair_distribution;
  Coordination coordination;
  BondLengthReport bonds;
  BondOrientationalOrder boo;
  PtmResult ptm;
  GrainReport grains;
  FivefoldReport fivefold;
  std::optional<InterfaceReport> interface;
  IsolatedReport isolated;
  std::optional<StrainReport> strain;
  StrainRegions strain_regions;
  FacetReport facets;
  std::vector<std::string> notes;                ///< skipped measurements and why
  /// Wall-clock seconds per step; the interface step's own sub-steps as
  /// "interface_profile.<sub-step>" (see InterfaceReport::timings_s).
  std::map<std::string, double> timings_s;
};

/// Throws aet::Error on an empty or invalid model or invalid options.
AnalysisReport analyze(const AtomModel& model, const AnalysisOptions& options = {});

}  // namespace aet::analysis
