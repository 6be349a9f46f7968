#pragma once
// The paper's measurements (analysis/analyze.hpp) on the truth and on the
// traced model, side by side: how far the whole pipeline moves each number
// the paper reports (mean bond length, interface thickness by both
// definitions, grains, the five-fold axis, strain spread). Scoring atoms
// (score.hpp) says whether the atoms are right; this says whether the
// conclusions drawn from them are.
#include <array>
#include <cstdint>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analyze.hpp"
#include "core/atom_model.hpp"
#include "validation/score.hpp"

namespace aet::validation {

/// One measurement on both models; NaN where a model does not have it (no
/// five-fold axis, no interface, no grain to fit a lattice to).
struct ComparedQuantity {
  std::string key;  ///< analysis.json path, e.g. "interface/thickness_true_A"
  double truth = 0.0, traced = 0.0;
  double difference() const { return traced - truth; }
};

/// Atom by atom, over the matched pairs of a score (score.hpp): the
/// per-atom measurements of the traced model against those of the truth
/// (the same analysis run on both), and against what the truth carries by
/// construction (models/columns.hpp). NaN where a model lacks the
/// measurement or the truth the column.
struct PerAtomAgreement {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::size_t matched = 0;
  double cn_agreement = kNaN;        ///< fraction of pairs with the same CN
  double cn_mean_abs_difference = kNaN;
  double q4_rms_difference = kNaN, q6_rms_difference = kNaN;
  double ptm_agreement = kNaN;       ///< fraction of pairs with the same PTM structure
  /// RMSE (percent, Voigt order) of the local-linear strain against the
  /// truth's strain column, over the pairs where both are defined: traced,
  /// and the truth's own analysis (the estimator's floor).
  std::array<double, 6> strain_rmse_percent, strain_rmse_truth_analysed_percent;
  std::size_t strain_atoms = 0;
  /// Five-fold axis atoms: the truth's (its fivefold_axis column, else its
  /// analysis), the traced model's, and true ones whose matched atom the
  /// traced analysis puts on its axis.
  std::size_t axis_atoms_true = 0, axis_atoms_traced = 0, axis_atoms_found = 0;
  /// Grains: the truth's distinct grain ids >= 0 (its grain column, else
  /// its analysis) and the traced analysis's.
  std::size_t grains_true = 0, grains_traced = 0;
  /// Isolated Pd: by construction (isolated column, Pd), by the analysis
  /// of the truth and of the traced model, and constructed ones whose
  /// matched atom the traced analysis finds isolated Pd.
  std::size_t isolated_pd_built = 0, isolated_pd_truth_analysed = 0, isolated_pd_traced = 0,
              isolated_pd_found = 0;
  bool isolated_pd_has_built = false;
  PerAtomAgreement() {
    strain_rmse_percent.fill(kNaN);
    strain_rmse_truth_analysed_percent.fill(kNaN);
  }
};

/// Error bars on the derived numbers of one model, by bootstrap: the
/// interface thicknesses from atoms drawn with replacement, each keeping its
/// distance to the fitted surface (the surface held fixed: the spread of
/// the profile fit), the five-fold figures from bipyramids drawn with
/// replacement (the spread of their means). NaN where the model does not
/// have the measurement.
struct BootstrapOptions {
  int resamples = 200;
  std::uint64_t seed = 1;
};

struct DerivedErrors {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  int resamples = 0;
  std::uint64_t seed = 0;
  double thickness_A = kNaN, thickness_true_A = kNaN;  ///< sd over resamples
  double theta_deg = kNaN, alpha_over_gamma = kNaN, beta_over_gamma = kNaN;
};

DerivedErrors bootstrap_derived(const AtomModel& model, const analysis::AnalysisReport& report,
                                const analysis::AnalysisOptions& options, const BootstrapOptions& bootstrap);

nlohmann::json to_json(const DerivedErrors& errors);

/// How far each compared quantity moves on the truth itself when its atoms
/// are moved by a tracer's position error: `draws` copies of the truth, each
/// atom displaced by a Gaussian of sd sigma_per_axis_A per axis (the score's
/// shift-removed RMSD / sqrt 3 when compared with a score), each analysed as
/// the truth is. A traced-minus-truth difference inside that spread is what
/// the measurement does with the traced positions' error alone, whatever the
/// species and detection: on ~300-atom particles one such draw moves an
/// interface thickness by up to 1.7 Å.
struct SensitivityOptions {
  int draws = 0;  ///< 0: not measured
  double sigma_per_axis_A = 0.0;
  std::uint64_t seed = 1;
};

struct Sensitivity {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  int draws = 0;
  double sigma_per_axis_A = 0.0;
  std::uint64_t seed = 0;
  /// Per compared key (compared_keys()' order): the draws minus the truth.
  std::vector<double> sd, min, max;
  /// Whether a traced-minus-truth difference of key k lies in the draws' range.
  bool contains(std::size_t k, double difference) const {
    return std::isfinite(difference) && std::isfinite(min[k]) && difference >= min[k] && difference <= max[k];
  }
};

/// Throws aet::Error for fewer than two draws or a non-finite or negative sigma.
Sensitivity position_sensitivity(const AtomModel& truth, const std::vector<double>& truth_values,
                                 const analysis::AnalysisOptions& options, const SensitivityOptions& sensitivity);

struct AnalysisComparison {
  std::vector<ComparedQuantity> quantities;
  std::vector<std::string> notes;  ///< the analyses' notes (skipped steps), prefixed by the model
  /// The interface width the truth was built with (model_interface_width_A
  /// metadata), NaN when it does not carry it: beside both thickness
  /// definitions, traced and truth.
  double built_interface_width_A = std::numeric_limits<double>::quiet_NaN();
  std::optional<PerAtomAgreement> per_atom;  ///< when compared with a score's matching
  std::optional<DerivedErrors> errors_truth, errors_traced;  ///< when bootstrapped
  std::optional<Sensitivity> sensitivity;                    ///< when measured
  /// The two analyses compared, whole (the run report draws their Pd
  /// profiles and strain maps).
  analysis::AnalysisReport truth_report, traced_report;
};

/// The analysis.json paths compared, in order.
const std::vector<std::string>& compared_keys();

/// Runs analysis::analyze on both models (same options); with `score`
/// (score_atoms(truth, traced)) also compares them atom by atom.
AnalysisComparison compare_analyses(const AtomModel& truth, const AtomModel& traced,
                                    const analysis::AnalysisOptions& options = {}, const ScoreReport* score = nullptr,
                                    const BootstrapOptions* bootstrap = nullptr,
                                    const SensitivityOptions* sensitivity = nullptr);

/// {"key": {"truth": x, "traced": y, "difference": y - x}, ..., "notes": [...],
///  "built": {"interface_width_A"}, "per_atom": {...} when compared so,
///  "bootstrap_sd": {"truth": {...}, "traced": {...}} when bootstrapped,
///  "position_sensitivity": {"draws", "sigma_per_axis_A", "seed", "key": {"sd",
///  "min", "max", "difference_within"}} when measured}; NaN as null.
nlohmann::json to_json(const AnalysisComparison& comparison);

/// A table for the terminal, a line per quantity: key, truth, traced, difference.
std::string format_comparison(const AnalysisComparison& comparison);

}  // namespace aet::validation
