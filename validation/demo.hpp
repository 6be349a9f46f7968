#pragma once
// The built-in demo (aetbench demo, make demo), and the one scored run a
// sweep repeats: the whole testbed on a particle whose truth is known. Build
// a Pd@Pt particle (models/presets.hpp) → simulate its ADF-STEM tilt
// series at the paper's acquisition (optionally at another dose or tilt
// range) → run the pipeline on the series alone (no truth) → score the
// traced atoms against the truth, and compare the paper's measurements on
// both (analysis_comparison.hpp).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "core/atom_model.hpp"
#include "sim/simulate.hpp"
#include "validation/analysis_comparison.hpp"
#include "validation/score.hpp"

namespace aet::validation {

/// The simulator's physical assumptions a study can sweep (docs/simulator.md
/// gives each one's physical range). The defaults are sim::SimConfig's, so
/// a default SimAssumptions changes nothing.
struct SimAssumptions {
  double source_fwhm_A = sim::ProbeConfig{}.source_fwhm_A;  ///< effective source (probe width)
  /// The source's broad skirt (sim::ProbeConfig): fraction of the intensity, and its FWHM.
  double source_tail_fraction = sim::ProbeConfig{}.source_tail_fraction;
  double source_tail_fwhm_A = sim::ProbeConfig{}.source_tail_fwhm_A;
  sim::AdfModel adf_model = sim::DetectorConfig{}.model;
  double z_exponent = sim::DetectorConfig{}.z_exponent;  ///< of AdfModel::PowerLaw only
  /// One thermal rms (Å per component) for every element; unset: the
  /// per-element defaults (sim::default_thermal_rms_A).
  std::optional<double> vibration_rms_A;
  /// sim::ColumnResponseConfig::saturation_atoms; 0: linear.
  double column_saturation_atoms = sim::ColumnResponseConfig{}.saturation_atoms;

  bool is_default() const;
  /// Sets them in `config` (the thermal rms for every element of `species`).
  void apply(sim::SimConfig& config, const std::vector<std::string>& species) const;
  /// Throws aet::Error, one line naming the value, when one is out of range.
  void validate() const;
  /// Every value by name (vibration_rms_A null when unset).
  nlohmann::json to_json() const;
};

struct DemoConfig {
  std::string particle = "small-to";  ///< a name of models::scored_particle_names()
  /// The truth read from this XYZ file (core/xyz.hpp) instead of built from
  /// `particle`: any model, e.g. a published one. Moved so that its centroid
  /// is at the origin (the simulator images about the origin); `seed` then
  /// seeds the simulation only. Empty: built.
  std::filesystem::path truth_file;
  /// The built particle's Pd profile width, 5 %-95 % (Å,
  /// models/composition.hpp); unset: the preset's. Not with a truth file.
  std::optional<double> interface_width_A;
  std::uint64_t seed = 1;  ///< the truth's; also the simulation's unless noise_seed is set
  /// The simulation's seed (shot noise, thermal motion, drift, misalignment);
  /// unset: `seed`. Another noise seed on the same `seed` is another noise
  /// realisation of the same particle.
  std::optional<std::uint64_t> noise_seed;
  /// Square images at the paper's 0.343 Å pixels; 0: the particle's extent
  /// plus its background ring (sim/field_of_view.hpp).
  int image_px = 0;
  double dose_factor = 1.0;    ///< x the paper's total dose (6.4e5 e/Å²)
  double tilt_max_deg = 76.0;  ///< tilt range +-this
  int n_tilts = sim::TiltSchemeConfig{}.n_tilts;  ///< evenly spaced over the range
  /// x the acquisition preset's misalignment (sim::scale_misalignment):
  /// shifts, drift, axis rotation, angle errors, scan jitter; 0: aligned.
  double misalignment_scale = 1.0;
  /// The tilt axis's in-plane rotation (deg, sim::MisalignmentConfig), set
  /// after the scaling; unset: the acquisition preset's, scaled.
  std::optional<double> axis_rotation_deg;
  int iterations = pipeline::default_pipeline_config().recon.stop.iterations;  ///< final RESIRE iterations
  bool refine_angles = true;
  bool ideal = false;  ///< sim::ideal_preset (no noise, thermal motion, film or misalignment)
  /// The simulator's assumptions (with `ideal` there is no thermal motion to set).
  SimAssumptions simulator;
  /// The pipeline's configuration; unset: demo_pipeline_config (the
  /// pipeline's defaults with `iterations` and `refine_angles`). When set,
  /// `iterations` and `refine_angles` are not used.
  std::optional<pipeline::PipelineConfig> pipeline;

  std::uint64_t simulation_seed() const { return noise_seed.value_or(seed); }
  bool truth_from_file() const { return !truth_file.empty(); }
  /// Throws aet::Error, one line naming the field, for a value out of its
  /// range or an unknown particle (does not read the truth file).
  void validate() const;
};

/// The pipeline's defaults (pipeline::default_pipeline_config) with the
/// demo's RESIRE iterations and angular refinement.
pipeline::PipelineConfig demo_pipeline_config(const DemoConfig& config);

struct DemoResult {
  int image_px = 0;  ///< the image size used
  AtomModel truth;
  sim::SimResult simulation;
  pipeline::PipelineResult pipeline;
  ScoreReport score;
  /// The paper's measurements on the truth and on the traced atoms.
  AnalysisComparison analysis;
  nlohmann::json report;  ///< the pipeline's report.json plus "score", "analysis" and "demo"
};

DemoResult run_demo(const DemoConfig& config);

/// Error bars: the same truth under `count` noise realisations — `first`'s
/// and count − 1 more, with noise seeds simulation_seed() + 1, + 2, ... —
/// each run and scored. Returns {"count", "noise_seeds", "summary"}, the
/// summary holding mean, sd and n of the R-factor and of every number of
/// "score" and "analysis" (summarise_realisations). Throws for count < 2.
nlohmann::json run_realisations(const DemoConfig& config, const DemoResult& first, int count);

/// DIR/truth.xyz, DIR/series.mrc + series.tlt, the pipeline's atoms.xyz,
/// volume.mrc, report.json (with the score) and, with `html_report`,
/// report.html (run_report.hpp) in DIR: all or none.
void write_demo_outputs(const std::filesystem::path& dir, const DemoResult& result, bool html_report = true);

}  // namespace aet::validation
