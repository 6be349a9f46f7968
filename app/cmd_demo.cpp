// aetbench demo: build → simulate → pipeline → score on a small particle.
#include <fmt/format.h>

#include <fmt/ranges.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/checks.hpp"
#include "core/limits.hpp"
#include "core/outputs.hpp"
#include "app/commands.hpp"
#include "app/pipeline_options.hpp"
#include "sim/config.hpp"
#include "sim/thermal_motion.hpp"
#include "validation/demo.hpp"
#include "validation/run_report.hpp"
#include "models/presets.hpp"

namespace aet::cli {

namespace {

struct DemoOptions {
  std::string out = "demo-run";
  validation::DemoConfig demo;
  PipelineOptions pipeline;  ///< the pipeline's options, as `aetbench pipeline` takes them
  bool no_report = false;
  int realisations = 1;  ///< noise realisations of the truth for error bars (1: none)
  std::string adf_model = sim::to_string(validation::SimAssumptions{}.adf_model);
};

void run_demo_command(DemoOptions o) {
  o.demo.pipeline = pipeline_config(o.pipeline);
  o.demo.simulator.adf_model = sim::parse_adf_model(o.adf_model);
  // The report is drawn last: a missing gnuplot is found before the work.
  require_output_folder("--out", o.out);
  if (!o.no_report) validation::require_gnuplot("report.html");
  auto r = validation::run_demo(o.demo);
  if (o.realisations > 1) r.report["realisations"] = validation::run_realisations(o.demo, r, o.realisations);
  validation::write_demo_outputs(o.out, r, !o.no_report);
  const auto& s = r.score;
  fmt::print("demo: a {}-atom Pd@Pt particle ({}), simulated at the paper's acquisition{} (seed {}{}),\n",
             r.truth.size(), o.demo.truth_from_file() ? o.demo.truth_file.string() : o.demo.particle,
             o.demo.dose_factor == validation::DemoConfig{}.dose_factor &&
                     o.demo.tilt_max_deg == validation::DemoConfig{}.tilt_max_deg
                 ? std::string()
                 : fmt::format(" at {} x its dose, +-{} deg", o.demo.dose_factor, o.demo.tilt_max_deg),
             o.demo.seed, o.demo.noise_seed ? fmt::format(", noise seed {}", *o.demo.noise_seed) : std::string());
  fmt::print("reconstructed and traced with no knowledge of the truth, then scored against it:\n");
  const auto& st = r.pipeline.status;
  fmt::print("  status            {}{}\n", st.status,
             st.ok() ? "" : " (the run failed: the scores below are of a failed reconstruction)");
  for (const auto& reason : st.reasons) fmt::print("                    {}\n", reason);
  fmt::print("  R-factor          {:.4f} ({:.2f} x the {:.4f} the noise allows)\n", r.pipeline.reconstruction.report.r_factor,
             st.r_ratio, st.expected_r_factor);
  fmt::print("  atoms             {} traced / {} true, {} matched within {} Å\n", s.traced_atoms, s.truth_atoms,
             s.matched, s.match_radius_A);
  fmt::print("  recall            {:.4f}\n  precision         {:.4f}\n", s.recall, s.precision);
  fmt::print("  position RMSD     {:.1f} pm (global shift ({:.2f}, {:.2f}, {:.2f}) Å removed)\n",
             100 * s.rmsd_shift_removed_A, s.mean_shift_A.x(), s.mean_shift_A.y(), s.mean_shift_A.z());
  fmt::print("  species accuracy  {:.4f}\n", s.species_accuracy);
  if (o.realisations > 1) {
    const auto& m = r.report["realisations"]["summary"]["score"];
    auto pm = [&](const char* key, double scale) {
      return fmt::format("{:.4g} ± {:.2g}", scale * m[key]["mean"].get<double>(), scale * m[key]["sd"].get<double>());
    };
    fmt::print("  over {} noise realisations (mean ± sd): recall {}, precision {}, RMSD {} pm, species {}\n",
               o.realisations, pm("recall", 1), pm("precision", 1), pm("rmsd_shift_removed_A", 100),
               pm("species_accuracy", 1));
  }
  fmt::print("the paper's measurements (aetbench analyze) on the truth and on the traced atoms:\n{}",
             validation::format_comparison(r.analysis));
  fmt::print("files in {}/: truth.xyz, series.mrc + series.tlt, volume.mrc, atoms.xyz, report.json{}\n", o.out,
             o.no_report ? "" : ", report.html");
  if (!o.no_report)
    fmt::print("report: {} (open it in a browser)\n", (std::filesystem::path(o.out) / "report.html").string());
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto opt = std::make_shared<DemoOptions>();
  auto* cmd = app.add_subcommand("demo",
                                 "The whole testbed on a small particle: build a Pd@Pt truth, simulate its tilt\n"
                                 "series, run the pipeline on the series alone, score against the truth.\n"
                                 "  aetbench demo --out demo-run --seed 1");
  cmd->add_option("--out", opt->out, "output folder")->capture_default_str();
  cmd->add_option("--seed", opt->demo.seed, "random seed (truth, and simulation unless --noise-seed)")
      ->capture_default_str();
  cmd->add_option("--noise-seed", opt->demo.noise_seed,
                  "the simulation's seed (noise, thermal motion, misalignment); default: --seed");
  cmd->add_option("--particle", opt->demo.particle,
                  "particle: " + fmt::format("{}", fmt::join(models::scored_particle_names(), ", ")))
      ->capture_default_str();
  cmd->add_option("--truth", opt->demo.truth_file,
                  "the truth from an XYZ file (e.g. data/reference/PB.xyz) instead of a built --particle; "
                  "centred on its centroid, --seed seeds the simulation")
      ->check(CLI::ExistingFile);
  cmd->add_option("--interface-width", opt->demo.interface_width_A,
                  "the built particle's Pd profile width, 5-95 % (Å; default: the preset's)");
  const sim::SimConfig paper = sim::paper_preset();  // the values the help text quotes
  cmd->add_option("--size", opt->demo.image_px,
                  fmt::format("image size in pixels ({:g} Å each; default: from the particle)", paper.pixel_A))
      ->check(in_range(64, 1024));
  cmd->add_option("--dose-factor", opt->demo.dose_factor, fmt::format("total dose as a multiple of the paper's {:g} e/Å²", paper.dose_e_per_A2))
      ->capture_default_str()
      ->check(in_range(1e-3, 1e3));
  cmd->add_option("--tilt-max", opt->demo.tilt_max_deg, fmt::format("tilt range +- this many degrees ({} tilts)", paper.tilts.n_tilts))
      ->capture_default_str()
      ->check(in_range(10.0, 89.0));
  cmd->add_option("--tilts", opt->demo.n_tilts, "number of tilts over the range")
      ->capture_default_str()
      ->check(in_range(5, 1000));
  cmd->add_option("--misalignment-scale", opt->demo.misalignment_scale,
                  "x the paper acquisition's misalignment (shifts, drift, axis rotation, angle errors); 0: aligned")
      ->capture_default_str()
      ->check(in_range(0.0, 10.0));
  cmd->add_option("--axis-rotation", opt->demo.axis_rotation_deg,
                  fmt::format("in-plane rotation of the tilt axis in degrees, after --misalignment-scale (paper "
                              "acquisition {:g})",
                              paper.misalignment.axis_rotation_deg))
      ->check(in_range(-45.0, 45.0));
  // The simulator's assumptions (docs/simulator.md: defaults and physical ranges).
  cmd->add_option("--source-size", opt->demo.simulator.source_fwhm_A,
                  "FWHM of the Gaussian effective source in Å (sets the probe width)")
      ->capture_default_str();
  cmd->add_option("--source-tail", opt->demo.simulator.source_tail_fraction,
                  "fraction of the source in a broad skirt (a Lorentzian-like tail, chromatic halo), 0 to 0.5")
      ->capture_default_str();
  cmd->add_option("--source-tail-size", opt->demo.simulator.source_tail_fwhm_A, "FWHM of the source's skirt in Å")
      ->capture_default_str();
  cmd->add_option("--adf-model", opt->adf_model, "atoms' ADF strength: kirkland or power-law (sigma ~ Z^n)")
      ->capture_default_str();
  cmd->add_option("--z-exponent", opt->demo.simulator.z_exponent, "n of the power-law ADF model")
      ->capture_default_str();
  cmd->add_option("--vibration", opt->demo.simulator.vibration_rms_A,
                  fmt::format("one thermal rms in Å (per component) for every element; default: per element (Pt {:g}, "
                              "Pd {:g})",
                              sim::default_thermal_rms_A("Pt"), sim::default_thermal_rms_A("Pd")));
  cmd->add_option("--column-saturation", opt->demo.simulator.column_saturation_atoms,
                  "sublinear column response: columns saturate at ~this many Pt atoms' signal; 0: linear")
      ->capture_default_str();
  // The pipeline's own options (--iterations, --no-refine, --tilt-axis, --joint-fit, ...), one list
  // with `aetbench pipeline`, so a setting tried on a scored simulation is the one a measured series takes.
  add_pipeline_options(*cmd, opt->pipeline, validation::demo_pipeline_config(validation::DemoConfig{}));
  cmd->add_flag("--no-report", opt->no_report, "write no report.html (it needs gnuplot)");
  cmd->add_option("--realisations", opt->realisations,
                  "noise realisations of the same truth (noise seeds +1, +2, ...): mean and sd of every score and "
                  "measurement in report.json's realisations")
      ->capture_default_str()
      ->check(in_range(1, 1000));
  cmd->callback([opt] { run_demo_command(*opt); });
}

}  // namespace aet::cli
