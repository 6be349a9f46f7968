#pragma once
// Every measurement of the paper, run in order on one atom model (traced or
// truth): neighbours, coordination, bond lengths, bond-orientational order,
// polyhedral template matching, grains and twin boundaries, the five-fold
// axis, the interface (both definitions), isolated atoms, strain and facets.
// Measurements that need what a model lacks (an interface without Pd and Pt,
// strain without an fcc grain) are skipped with a note in `notes`.
#include <filesystem>
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
  std::map<std::string, double> timings_s;       ///< per step
};

/// Throws aet::Error on an empty or invalid model or invalid options.
AnalysisReport analyze(const AtomModel& model, const AnalysisOptions& options = {});

/// Every summary number, keys as issue 8 lists them (an external interface):
/// atoms, species, mean_bond_length_A, interface.{thickness_A,
/// thickness_true_A, profile}, grains, fivefold.{axis_atoms, twin_angles_deg,
/// alpha_over_gamma, beta_over_gamma, theta_deg}, strain.std_percent, ...
nlohmann::json to_json(const AnalysisReport& report, const AnalysisOptions& options = {});

/// The model with the per-atom results as extra columns (cn, cn_pd, cn_pt,
/// bond_mean_A, q4, q6, boo, ptm, ptm_rmsd, grain_id, twin, on_axis,
/// interface_layer, interface_depth_A, core_distance_A, surface_depth_A,
/// isolated_cluster, surface_site, strain_fit:R:6 (xx yy zz yz xz xy),
/// displacement_A:R:3). Names differ from the truth columns of models/ so
/// that a truth model keeps its own.
AtomModel annotate(const AtomModel& model, const AnalysisReport& report);

/// Writes DIR/analysis.json, DIR/atoms.xyz (annotated), the data files and,
/// when `plots` and gnuplot is on the PATH, the SVG plots (a warning on
/// stderr otherwise). Creates DIR.
void write_analysis(const std::filesystem::path& dir, const AtomModel& model, const AnalysisReport& report,
                    const AnalysisOptions& options = {}, bool plots = true);

/// Writes the plot data and gnuplot scripts into dir and runs gnuplot; returns
/// false (after a warning on stderr) when gnuplot is not available.
bool write_plots(const std::filesystem::path& dir, const AnalysisReport& report, const AtomModel& model);

}  // namespace aet::analysis
