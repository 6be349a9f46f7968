#include "validation/demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/stage_timer.hpp"
#include "core/mrc.hpp"
#include "core/outputs.hpp"
#include "core/xyz.hpp"
#include "models/particle.hpp"
#include "models/presets.hpp"
#include "sim/field_of_view.hpp"
#include "sim/misalignment.hpp"
#include "validation/run_report.hpp"

namespace aet::validation {

pipeline::PipelineConfig demo_pipeline_config(const DemoConfig& c) {
  pipeline::PipelineConfig pc = pipeline::default_pipeline_config();
  pc.recon.stop.iterations = c.iterations;
  pc.recon.refine_angles = c.refine_angles;
  return pc;
}

bool SimAssumptions::is_default() const { return to_json() == SimAssumptions{}.to_json(); }

void SimAssumptions::apply(sim::SimConfig& c, const std::vector<std::string>& species) const {
  c.probe.source_fwhm_A = source_fwhm_A;
  c.probe.source_tail_fraction = source_tail_fraction;
  c.probe.source_tail_fwhm_A = source_tail_fwhm_A;
  c.detector.model = adf_model;
  c.detector.z_exponent = z_exponent;
  if (vibration_rms_A)
    for (const auto& el : species) c.thermal.rms_A[el] = *vibration_rms_A;
  c.column.saturation_atoms = column_saturation_atoms;
}

void SimAssumptions::validate() const {
  // The simulator's own checks, on the paper's acquisition with these values.
  sim::SimConfig c = sim::paper_preset();
  apply(c, {"Pt"});
  if (vibration_rms_A && !(*vibration_rms_A >= 0.0 && *vibration_rms_A <= 0.5))
    throw Error(fmt::format("vibration rms {} Å: must be 0 to 0.5 (a melting solid's is ~0.15 of the 2.8 Å spacing)",
                            *vibration_rms_A));
  sim::validate(c);
}

nlohmann::json SimAssumptions::to_json() const {
  return {{"source_fwhm_A", source_fwhm_A},
          {"source_tail_fraction", source_tail_fraction},
          {"source_tail_fwhm_A", source_tail_fwhm_A},
          {"adf_model", sim::to_string(adf_model)},
          {"z_exponent", z_exponent},
          {"vibration_rms_A", vibration_rms_A ? nlohmann::json(*vibration_rms_A) : nlohmann::json()},
          {"column_saturation_atoms", column_saturation_atoms}};
}

void DemoConfig::validate() const {
  simulator.validate();
  if (!(dose_factor > 0.0) || !std::isfinite(dose_factor) || dose_factor > 1e3)
    throw Error(fmt::format("dose factor must be in (0, 1000], got {}", dose_factor));
  if (!(tilt_max_deg >= 10.0 && tilt_max_deg <= 89.0))
    throw Error(fmt::format("tilt range must be +-10 to +-89 degrees, got +-{}", tilt_max_deg));
  // Fewer than 5 tilts cannot reconstruct a particle; more than 1000 is no
  // acquisition anyone makes.
  if (!(n_tilts >= 5 && n_tilts <= 1000)) throw Error(fmt::format("number of tilts must be 5 to 1000, got {}", n_tilts));
  // Beyond 10x the paper's misalignment the particle leaves the field of view.
  if (!(misalignment_scale >= 0.0 && misalignment_scale <= 10.0))
    throw Error(fmt::format("misalignment scale must be 0 to 10, got {}", misalignment_scale));
  if (axis_rotation_deg && !(std::fabs(*axis_rotation_deg) <= 45.0))
    throw Error(fmt::format("axis rotation must be within +-45 degrees, got {}", *axis_rotation_deg));
  if (image_px != 0 && !(image_px >= 64 && image_px <= 1024))
    throw Error(fmt::format("image size must be 64 to 1024 px (or 0: from the particle), got {}", image_px));
  if (iterations <= 0) throw Error(fmt::format("iterations must be positive, got {}", iterations));
  if (truth_from_file()) {
    if (interface_width_A)
      throw Error("interface width: a truth file's interface is what the file holds; give a preset to build one");
    return;
  }
  models::ParticleConfig p = models::preset(particle);
  if (interface_width_A) {
    p.composition.interface_width_A = *interface_width_A;
    try {
      p.composition.validate();
    } catch (const Error& e) {
      throw Error(fmt::format("interface width {} Å: {}", *interface_width_A, e.what()));
    }
  }
}

namespace {

/// The truth from the file, its centroid moved to the origin.
AtomModel read_truth(const std::filesystem::path& path, Vec3& shift_A) {
  AtomModel m = read_xyz(path);
  if (m.empty()) throw Error(fmt::format("{}: the truth holds no atoms", path.string()));
  Vec3 centroid = Vec3::Zero();
  for (const Vec3& x : m.positions()) centroid += x;
  centroid /= double(m.size());
  for (Vec3& x : m.positions()) x -= centroid;
  shift_A = -centroid;
  return m;
}

/// What the traced atoms are given before scoring: a reconstruction in the
/// tilt axis's frame is turned back (with its offset) into the truth's; one
/// only moved is scored as traced (the score removes translations itself).
pipeline::AtomFrame scored_frame(const pipeline::PipelineResult& p) {
  return p.frame.rotation == Mat3::Identity() ? pipeline::AtomFrame{} : p.frame;
}

}  // namespace

DemoResult run_demo(const DemoConfig& c) {
  c.validate();
  DemoResult r;
  StageTimer::Seconds seconds;
  StageTimer timer(seconds);
  Vec3 truth_shift_A = Vec3::Zero();
  std::optional<double> built_width_A;
  if (c.truth_from_file()) {
    fmt::print(stderr, "demo: reading the truth from {}\n", c.truth_file.string());
    r.truth = read_truth(c.truth_file, truth_shift_A);
  } else {
    models::ParticleConfig p = models::preset(c.particle);
    if (c.interface_width_A) p.composition.interface_width_A = *c.interface_width_A;
    built_width_A = p.composition.interface_width_A;
    fmt::print(stderr, "demo: building the truth ({}, seed {})\n", c.particle, c.seed);
    r.truth = models::build_particle(p, std::uint32_t(c.seed));
  }
  timer.lap("build");

  sim::SimConfig s = c.ideal ? sim::ideal_preset() : sim::paper_preset();
  s.dose_e_per_A2 *= c.dose_factor;
  s.tilts.min_deg = -c.tilt_max_deg;
  s.tilts.max_deg = c.tilt_max_deg;
  s.tilts.n_tilts = c.n_tilts;
  s.misalignment = sim::scale_misalignment(s.misalignment, c.misalignment_scale);
  if (c.axis_rotation_deg) s.misalignment.axis_rotation_deg = *c.axis_rotation_deg;
  c.simulator.apply(s, r.truth.distinct_species());
  r.image_px = c.image_px > 0 ? c.image_px : sim::fitting_image_px(r.truth, s);
  s.nx = s.ny = r.image_px;
  fmt::print(stderr, "demo: simulating {} tilts (+-{} deg) of {} x {} pixels at {:.3g} e/A2{}\n", s.tilts.n_tilts,
             c.tilt_max_deg, s.ny, s.nx, s.dose_e_per_A2,
             c.noise_seed ? fmt::format(" (noise seed {})", *c.noise_seed) : std::string());
  r.simulation = sim::simulate(r.truth, s, c.simulation_seed());
  timer.lap("simulation");

  const pipeline::PipelineConfig pc = c.pipeline ? *c.pipeline : demo_pipeline_config(c);
  r.pipeline = pipeline::run_pipeline(r.simulation.series, pc);
  timer.restart();
  // Scored and measured in the truth's frame.
  const AtomModel traced = pipeline::in_input_frame(r.pipeline.atoms, scored_frame(r.pipeline));
  r.score = score_atoms(r.truth, traced);
  timer.lap("scoring");
  r.report = pipeline::pipeline_report(r.pipeline, pc, r.simulation.series, "series.mrc");
  r.report["score"] = to_json(r.score);
  fmt::print(stderr, "demo: the paper's measurements on the truth and on the traced atoms\n");
  r.analysis = compare_analyses(r.truth, traced);
  timer.lap("analysis");
  r.report["analysis"] = to_json(r.analysis);
  // The demo's own stages beside the pipeline's (whose total they do not change).
  for (const auto& [stage, sec] : seconds) r.report["timings_s"]["demo_" + stage] = sec;
  r.report["demo"] = {{"particle", c.truth_from_file() ? std::string("file") : c.particle},
                      {"seed", c.seed},
                      {"noise_seed", c.simulation_seed()},
                      {"truth_atoms", r.truth.size()},
                      {"image_px", r.image_px},
                      {"dose_e_per_A2", s.dose_e_per_A2},
                      {"tilt_range_deg", {-c.tilt_max_deg, c.tilt_max_deg}},
                      {"acquisition", c.ideal ? "ideal" : "paper"}};
  nlohmann::json& d = r.report["demo"];
  d["n_tilts"] = c.n_tilts;
  d["misalignment_scale"] = c.misalignment_scale;
  d["axis_rotation_deg"] = s.misalignment.axis_rotation_deg;
  // Where the images' frame (report.json's frame maps the atoms into it) is in
  // the truth's: the 3D offset that best explains the frames' true shifts.
  // No image shows it, so no alignment removes it (docs/conventions.md).
  const Vec3 images_frame = pipeline::atom_frame(r.simulation.frames).offset_A;
  d["images_frame_offset_A"] = {images_frame.x(), images_frame.y(), images_frame.z()};
  // Only when changed: a default run's report stays as it was.
  if (!c.simulator.is_default()) d["simulator"] = c.simulator.to_json();
  if (built_width_A) d["interface_width_A"] = *built_width_A;
  if (c.truth_from_file()) {
    d["truth_file"] = c.truth_file.string();
    d["truth_shift_A"] = {truth_shift_A.x(), truth_shift_A.y(), truth_shift_A.z()};
  }
  return r;
}

nlohmann::json run_realisations(const DemoConfig& c, const DemoResult& first, int count) {
  if (count < 2 || count > 1000) throw Error(fmt::format("realisations: need 2 to 1000, got {}", count));
  // What is summarised of each run: its scores, its measurements and its fit.
  auto figures = [](const nlohmann::json& report) {
    return nlohmann::json{{"r_factor", report["r_factor"]}, {"score", report["score"]}, {"analysis", report["analysis"]}};
  };
  std::vector<nlohmann::json> runs{figures(first.report)};
  std::vector<std::uint64_t> seeds{c.simulation_seed()};
  for (int k = 1; k < count; ++k) {
    DemoConfig ck = c;
    ck.noise_seed = c.simulation_seed() + std::uint64_t(k);
    fmt::print(stderr, "demo: noise realisation {}/{} (noise seed {})\n", k + 1, count, *ck.noise_seed);
    runs.push_back(figures(run_demo(ck).report));
    seeds.push_back(*ck.noise_seed);
  }
  return {{"count", count}, {"noise_seeds", seeds}, {"summary", summarise_realisations(runs)}};
}

void write_demo_outputs(const std::filesystem::path& dir, const DemoResult& r, bool html_report) {
  // The page first: when gnuplot fails nothing is written.
  std::optional<HtmlPage> page;
  if (html_report) {
    fmt::print(stderr, "demo: drawing report.html\n");
    RunReportInput in;
    // A truth read from a file is named by the file's name, not by "file".
    const auto& d = r.report["demo"];
    const std::string what = d.contains("truth_file")
                                 ? std::filesystem::path(d["truth_file"].get<std::string>()).filename().string()
                                 : d.value("particle", std::string());
    in.title = fmt::format("aetbench demo: {} (seed {})", what, d.value("seed", std::uint64_t(0)));
    in.result = &r.pipeline;
    in.report = &r.report;
    in.traced_analysis = &r.analysis.traced_report;
    in.truth = &r.truth;
    in.score = &r.score;
    in.truth_analysis = &r.analysis.truth_report;
    in.comparison = &r.analysis;
    in.scored_frame = scored_frame(r.pipeline);
    page = run_report(in);
  }
  std::filesystem::create_directories(dir);
  // All of the demo's files or none; report.json last.
  OutputSet outputs;
  const std::filesystem::path tmp = outputs.folder(dir);
  if (page) page->write(tmp / "report.html");
  else outputs.remove(dir / "report.html");
  write_xyz(tmp / "truth.xyz", r.truth);
  write_mrc_tilt_series(tmp / "series.mrc", tmp / "series.tlt", r.simulation.series);
  pipeline::stage_pipeline_outputs(outputs, dir, r.pipeline, r.report);
  outputs.commit();
}

}  // namespace aet::validation
