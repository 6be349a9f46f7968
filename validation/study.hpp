#pragma once
// Studies: the scored run of demo.hpp over a set of points (particle, built
// interface width, dose, tilt range, number of tilts, misalignment, seed),
// each point's result its own file DIR/points/<id>.json, written atomically
// when the point is done. A study is resumable by construction: a point file
// exists only for a finished point, so a re-run skips those and redoes the
// rest; each file carries the hash of its parameters, so a study file
// changed under finished points is refused instead of mixing two studies.
// Scheduling (one process, jobs, MPI ranks, Slurm array tasks) is the
// caller's: it runs points by index.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "validation/demo.hpp"

namespace aet::validation {

/// What one point varies; the defaults are the demo's.
struct StudyPoint {
  /// A preset name (models::scored_particle_names()) or a truth file (an
  /// XYZ path: ends in .xyz or holds a '/'), relative to Study::base_dir.
  std::string particle = DemoConfig{}.particle;
  /// The built width (Å); unset: the preset's. Always unset for a file.
  std::optional<double> interface_width_A;
  double dose_factor = DemoConfig{}.dose_factor;
  double tilt_max_deg = DemoConfig{}.tilt_max_deg;
  int n_tilts = DemoConfig{}.n_tilts;
  double misalignment_scale = DemoConfig{}.misalignment_scale;
  std::uint64_t seed = DemoConfig{}.seed;
  SimAssumptions simulator;  ///< the simulator's physical assumptions
};

/// True when `particle` names a truth file rather than a preset.
bool is_truth_file(const std::string& particle);

/// The big files a point can keep beside its result, in DIR/points/<id>/:
/// "truth" (truth.xyz), "series" (series.mrc, .tlt), "atoms" (atoms.xyz and
/// the ChimeraX files), "volume" (volume.mrc), "report" (the pipeline's
/// report.json).
const std::vector<std::string>& keepable_files();

struct Study {
  std::string name = "study";
  std::vector<StudyPoint> points;
  int image_px = DemoConfig{}.image_px;  ///< 0: from each particle's extent
  bool ideal = DemoConfig{}.ideal;       ///< sim::ideal_preset instead of the paper's acquisition
  pipeline::PipelineConfig pipeline = pipeline::default_pipeline_config();
  /// The pipeline options the study file gave (its [pipeline] table), the
  /// record of `pipeline` that goes into every point's parameters.
  nlohmann::json pipeline_options = nlohmann::json::object();
  /// The analysis numbers (compared_keys()) the tables and plots show.
  std::vector<std::string> collect = compared_keys();
  std::vector<std::string> keep;  ///< of keepable_files()
  std::string source;             ///< the study file's text, kept with the results
  std::filesystem::path base_dir;  ///< truth files are relative to this (the study file's folder)
};

/// Throws aet::Error (one line, naming the point) on a bad point, keep or
/// collect entry, or a truth file that does not exist. Reads no truth file.
void validate(const Study& study);

/// "0000", "0001", ...: the index, zero-padded to the width of the largest
/// (at least 4 digits).
std::string point_id(const Study& study, std::size_t index);

/// The demo run of a point (its seed seeds truth and simulation).
DemoConfig demo_config(const Study& study, std::size_t index);

/// Everything that decides a point's result: its axes (the preset's width
/// filled in; for a truth file, the path and the hash of its bytes), the
/// image size, the acquisition and the pipeline options. Of the simulator's
/// assumptions (SimAssumptions::to_json's keys) only those that differ from
/// the default are present, so that a study that sweeps none keeps the
/// hashes it had before they could be swept.
nlohmann::json point_parameters(const Study& study, std::size_t index);
/// fnv1a64 of the parameters' canonical JSON (keys sorted).
std::string parameter_hash(const nlohmann::json& parameters);

/// Who runs a point, for its file.
struct PointRunner {
  int rank = 0;
  std::string host;
  int threads = 0;
};

/// DIR/points/<id>.json.
std::filesystem::path point_file(const std::filesystem::path& dir, const std::string& id);

/// Whether point `index` is finished in DIR: its file exists and holds the
/// same parameter hash. Throws aet::Error when the file holds another
/// point's parameters (the study changed) or is not a point file.
bool point_finished(const std::filesystem::path& dir, const Study& study, std::size_t index);

/// Prepares DIR for the study: creates DIR and DIR/points, refuses it
/// (aet::Error) when a finished point's parameters differ from the study's
/// or a point file lies beyond the study's points, and writes DIR/study.toml
/// (the study file) and DIR/manifest.json (every point's id, parameters and
/// hash; the study's hash). With `only`, checks that point alone. Returns,
/// per point, whether it is finished.
std::vector<bool> prepare_study_dir(const std::filesystem::path& dir, const Study& study,
                                    std::optional<std::size_t> only = std::nullopt);

/// Runs point `index` (demo.hpp), writes the kept files, then its point
/// file (atomically, last). Returns the point file's JSON.
nlohmann::json run_point(const std::filesystem::path& dir, const Study& study, std::size_t index,
                         const PointRunner& runner);

/// The manifest's hash of the study: of its points' parameter hashes in order.
std::string study_hash(const Study& study);

}  // namespace aet::validation
