#pragma once
// Regression baselines: what the scored run (validation/demo.hpp) gave on a
// fixed set of cases, with tolerances measured over noise realisations, so a
// pipeline change that costs accuracy fails even while it stays above the
// fixed bars of the end-to-end tests.
//
// A case fixes the particle, its seed (the truth) and the acquisition. Its
// reference realisation simulates with the case's own seed: that is the run
// the check repeats, and on an unchanged binary it reproduces the recorded
// values to the bit (same seed, same bytes). Realisation k > 0 simulates the
// same truth with noise seed seed + k; the spread of all realisations sets
// each metric's tolerance: max(3 sd, floor), the floor a physically
// meaningful change (one atom of the case, 0.5 pm, 0.1 Å).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "validation/demo.hpp"

namespace aet::validation {

struct BaselineCase {
  std::string name;  ///< also the baseline file's stem
  std::string particle = "small-to";
  std::uint64_t seed = 1;  ///< the truth's, and the reference realisation's noise seed
  double dose_factor = 1.0;
  double tilt_max_deg = 76.0;
  int realisations = 4;  ///< noise realisations recorded, the reference included

  std::uint64_t noise_seed(int realisation) const { return seed + std::uint64_t(realisation); }
  /// The demo run of noise realisation k (0: the reference) with `pipeline`.
  DemoConfig demo(int realisation, const pipeline::PipelineConfig& pipeline) const;
};

/// The guarded cases: small-to, small-decahedron, small-ico, small-amorphous
/// at the paper's acquisition; small-to and small-decahedron at a quarter of
/// the dose and at +-60 deg; medium-decahedron at the paper's acquisition.
const std::vector<BaselineCase>& baseline_cases();

/// Which direction of a change is a regression.
enum class Guard {
  Lower,  ///< a fall (recall, precision, species accuracy); it may rise freely
  Upper,  ///< a rise (RMSD, R-factor); it may fall freely
  Both,   ///< either (the paper's measurements: a change either way is a change)
};
std::string to_string(Guard guard);

/// A metric of the scored run and how it is guarded.
struct BaselineMetricSpec {
  std::string key;          ///< e.g. "recall", "rmsd_pm", "thickness_true_A"
  std::string description;  ///< where it comes from
  Guard guard = Guard::Both;
  double floor = 0.0;          ///< smallest tolerance (when not per atom)
  bool floor_per_atom = false;  ///< floor = one atom of the case's truth: 1 / atoms
  std::string floor_rule;       ///< the floor in words
};

/// The metrics, in table order.
const std::vector<BaselineMetricSpec>& baseline_metric_specs();

/// The metrics of one scored run, read from the demo's report.json (its
/// "score", "r_factor" and "analysis"); NaN where the run has none (no
/// five-fold axis: no theta).
std::vector<double> baseline_metrics(const nlohmann::json& demo_report);

/// One metric of a recorded baseline.
struct BaselineMetric {
  std::string key;
  Guard guard = Guard::Both;
  double value = 0.0;           ///< the reference realisation's
  std::vector<double> values;   ///< every realisation's, the reference first (NaN: none)
  double mean = 0.0, sd = 0.0;  ///< over the finite values; sd with n - 1
  double floor = 0.0;
  std::string floor_rule;
  double tolerance = 0.0;  ///< max(3 sd, floor)
  /// Some realisation had none (the five-fold axis not found, say): its
  /// absence is then within the noise, not a regression.
  bool may_be_absent() const;
};

/// A metric's baseline from its values over the realisations (the reference
/// first, NaN where a realisation has none): mean and sd over the finite
/// ones, tolerance max(3 sd, floor). aet::Error when the reference has none.
BaselineMetric measure_metric(const BaselineMetricSpec& spec, const std::vector<double>& values,
                              std::size_t truth_atoms);

/// A recorded baseline: one case, its realisations and its metrics.
struct Baseline {
  BaselineCase c;
  std::size_t truth_atoms = 0;
  int image_px = 0;
  std::vector<std::uint64_t> noise_seeds;  ///< per realisation, the reference first
  std::vector<BaselineMetric> metrics;     ///< those the reference run has
  std::string atoms_hash;                  ///< of the reference's atoms.xyz (atoms_xyz_hash)
  nlohmann::json parameters;               ///< the pipeline's (report.json "parameters")
  std::string version, recorded;           ///< aetbench version, UTC date
};

/// The tolerance rule, as written into every baseline file.
std::string tolerance_rule();

nlohmann::ordered_json to_json(const Baseline& baseline);
/// Throws aet::Error (naming `name`) on a missing or malformed field.
Baseline baseline_from_json(const nlohmann::json& j, const std::string& name);

/// DIR/<case>.json, written atomically.
void write_baseline(const std::filesystem::path& dir, const Baseline& baseline);
/// Every DIR/*.json, by name; only `names` (case names) when not empty.
/// aet::Error for a missing folder, an unknown name or a bad file.
std::vector<Baseline> read_baselines(const std::filesystem::path& dir, const std::vector<std::string>& names = {});

/// FNV-1a (64 bit) of a file's bytes, as "fnv1a64:<16 hex digits>": a fixed,
/// documented function, so a hash recorded on one machine compares on another.
std::string atoms_xyz_hash(const std::filesystem::path& atoms_xyz);

/// One scored run of a case: its report.json and the hash of its atoms.xyz.
struct CaseRun {
  nlohmann::json report;
  std::string atoms_hash;
};

/// Runs realisation k of a case and writes its demo outputs into `dir`.
CaseRun run_case(const BaselineCase& c, int realisation, const pipeline::PipelineConfig& pipeline,
                 const std::filesystem::path& dir);

/// Records a case: its reference realisation, then the others. With
/// `reuse`, a realisation whose outputs are already in runs_dir/<case>/noise-<seed>/
/// (its report.json from this version, with the reference's parameters and
/// acquisition) is read instead of rerun: for resuming an interrupted
/// record with the same options.
Baseline record_baseline(const BaselineCase& c, const pipeline::PipelineConfig& pipeline,
                         const std::filesystem::path& runs_dir, bool reuse);

/// Appends "## <date>, aetbench <version>: <cases>" and the reason to a
/// change log (created with a title if absent).
void append_baseline_change(const std::filesystem::path& change_log, const std::string& reason,
                            const std::vector<std::string>& cases);

/// One metric checked against its baseline.
struct MetricCheck {
  std::string key;
  Guard guard = Guard::Both;
  double baseline = 0.0, now = 0.0, tolerance = 0.0;
  bool regression = false;  ///< out of tolerance in the guarded direction, or lost (NaN now) unless may_be_absent
};

struct CaseCheck {
  std::string name;
  std::vector<MetricCheck> metrics;
  std::string baseline_hash, now_hash;
  /// Pipeline parameters that differ from the baseline's, "key: was -> now".
  std::vector<std::string> parameter_changes;
  bool atoms_changed() const { return baseline_hash != now_hash; }
  double seconds = 0.0;
  std::size_t regressions() const;
};

/// Whether `now` is a regression against `m` (its value, tolerance, guard).
bool is_regression(const BaselineMetric& m, double now);

/// Reruns a baseline's reference realisation with `pipeline` (outputs in
/// `dir`) and compares every recorded metric.
CaseCheck check_baseline(const Baseline& baseline, const pipeline::PipelineConfig& pipeline,
                         const std::filesystem::path& dir);

/// The table: case, metric, guard, baseline, now, tolerance, verdict; then a
/// line per case on whether atoms.xyz changed.
std::string format_checks(const std::vector<CaseCheck>& checks);

nlohmann::json to_json(const std::vector<CaseCheck>& checks);

}  // namespace aet::validation
