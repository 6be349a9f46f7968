#pragma once
// The analysis's outputs: analysis.json (an external interface), the model
// annotated with every per-atom result, and the folder `aetbench analyze`
// writes.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "analysis/analyze.hpp"
#include "core/atom_model.hpp"

namespace aet::analysis {

/// Every summary number, keys stable (an external interface: analysis.json):
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

}  // namespace aet::analysis
