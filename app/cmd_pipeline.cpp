// aetbench pipeline: tilt series → reconstruction → atoms with species, in one command.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>

#include "pipeline/pipeline.hpp"
#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/io.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct PipelineOptions {
  std::string tilts, angles, out, species = "Pd,Pt";
  double pixel_A = 0.0;
  int iterations = 200;
  int frames_per_tilt = 1;
  int refine_rounds = 0;
  double min_distance_A = 2.2;
  std::optional<double> smooth_sigma_A;
  bool no_background = false, no_align = false, no_refine = false, no_crop = false, no_local = false,
       no_denoise = false, refine_positions = false;
  bool non_atom_class = true;
};

void run_pipeline_command(const PipelineOptions& o, const std::string& config_toml) {
  std::optional<fs::path> tlt;
  if (!o.angles.empty()) tlt = o.angles;
  const TiltSeries series =
      load_tilt_series(o.tilts, tlt, o.pixel_A > 0 ? std::optional<double>(o.pixel_A) : std::nullopt);
  pipeline::PipelineConfig c = pipeline::default_pipeline_config();
  c.recon.frames_per_tilt = o.frames_per_tilt;
  c.recon.subtract_background = !o.no_background;
  c.recon.align = !o.no_align;
  c.recon.refine_angles = !o.no_refine;
  c.recon.denoise = !o.no_denoise;
  c.refine_positions = o.refine_positions;
  if (o.refine_rounds > 0) c.recon.refinement.max_rounds = o.refine_rounds;
  c.recon.crop = !o.no_crop;
  c.recon.stop.iterations = o.iterations;
  c.tracing.min_distance_A = o.min_distance_A;
  if (o.smooth_sigma_A) c.tracing.smooth_sigma_A = *o.smooth_sigma_A;
  c.classification.species.clear();
  std::stringstream ss(o.species);
  for (std::string s; std::getline(ss, s, ',');)
    if (!s.empty()) c.classification.species.push_back(s);
  c.classification.local_reclassification = !o.no_local;
  c.classification.non_atom_class = o.non_atom_class;

  const auto result = pipeline::run_pipeline(series, c);
  const auto report = pipeline::pipeline_report(result, c, series, fs::path(o.tilts).filename().string());
  pipeline::write_pipeline_outputs(o.out, result, report, config_toml);
  fmt::print("atoms: {}\n", result.atoms.size());
  for (const auto& s : result.classification.species) fmt::print("{}: {}\n", s, result.atoms.count(s));
  fmt::print("r_factor: {:.4f}\n", result.reconstruction.report.r_factor);
  fmt::print(stderr, "pipeline: wrote {}/atoms.xyz, volume.mrc, report.json, config.toml\n", o.out);
}

}  // namespace

void add_pipeline_command(CLI::App& app) {
  auto opt = std::make_shared<PipelineOptions>();
  auto* cmd = app.add_subcommand(
      "pipeline",
      "Run the whole chain on a tilt series (no truth needed): background subtraction, alignment,\n"
      "RESIRE with angular refinement, atom tracing, species classification. Writes DIR/atoms.xyz,\n"
      "DIR/volume.mrc and DIR/report.json.\n"
      "  aetbench pipeline --tilts s.mrc --angles s.tlt --pixel 0.343 --out run1 --species Pd,Pt");
  cmd->add_option("--tilts", opt->tilts, "tilt series: MRC stack (+ .tlt) or HDF5")->required();
  cmd->add_option("--angles", opt->angles, "tilt angles (.tlt); default: the .tlt beside the MRC stack");
  cmd->add_option("--pixel", opt->pixel_A, "pixel size in Å (overrides the file's)")->check(CLI::PositiveNumber);
  cmd->add_option("--out", opt->out, "output folder (created if needed)")->required();
  cmd->add_option("--species", opt->species, "element symbols, comma-separated; brighter = heavier")
      ->capture_default_str();
  cmd->add_option("--iterations", opt->iterations, "RESIRE iterations")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--frames-per-tilt", opt->frames_per_tilt, "frames per tilt in the stack (registered, averaged)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--refine-rounds", opt->refine_rounds, "angular refinement rounds (default: recon's)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--min-distance", opt->min_distance_A, "minimum distance between atoms, Å")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--smooth", opt->smooth_sigma_A,
                  "Gaussian smoothing sigma before tracing, Å (default: the pipeline's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-background", opt->no_background, "skip background subtraction");
  cmd->add_flag("--no-align", opt->no_align, "skip centre-of-mass / common-line alignment");
  cmd->add_flag("--no-refine", opt->no_refine, "skip angular refinement");
  cmd->add_flag("--refine-positions", opt->refine_positions,
                "refine every atom's position against the projections (after classification)");
  cmd->add_flag("--no-denoise", opt->no_denoise, "skip the per-image Wiener denoising");
  cmd->add_flag("--no-crop", opt->no_crop, "reconstruct the whole field of view");
  cmd->add_flag("--no-local", opt->no_local, "skip the local species re-classification");
  cmd->add_flag("--non-atom-class,!--keep-non-atoms", opt->non_atom_class,
                "remove atoms dimmer than half the lightest species' median (default; --keep-non-atoms keeps them)");
  // The run's own options go into DIR/config.toml, so that
  // `aetbench pipeline --config DIR/config.toml` replays it.
  cmd->callback([opt, cmd] { run_pipeline_command(*opt, command_config(*cmd)); });
}

}  // namespace aet::cli
