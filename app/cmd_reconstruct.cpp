// aetbench reconstruct: a tilt series (MRC + .tlt, or HDF5) to a volume by
// RESIRE (default), SIRT or filtered back-projection (recon/reconstruct.hpp).
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "app/checks.hpp"
#include "app/commands.hpp"
#include "core/limits.hpp"
#include "core/emd.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/outputs.hpp"
#include "recon/reconstruct.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct ReconstructOptions {
  std::string tilts, angles, algorithm = recon::to_string(recon::ReconstructConfig{}.algorithm), projector = "auto";
  std::vector<std::string> out;
  double pixel_A = 0.0;
  /// The numeric options are bound to its fields, so their defaults are the library's.
  recon::ReconstructConfig config;
  int threads = 0;
  bool no_crop = false;
  bool no_denoise = false;
  bool no_positivity = false;
  bool quiet = false;
};

void run_reconstruct(const ReconstructOptions& o) {
  if (o.threads > 0) omp_set_num_threads(o.threads);
  std::optional<fs::path> tlt;
  if (!o.angles.empty()) tlt = o.angles;
  std::optional<double> pixel;
  if (o.pixel_A > 0) pixel = o.pixel_A;
  std::vector<NamedPath> outputs;
  for (const auto& out : o.out) {
    const auto kind = file_kind(out);
    if (kind != FileKind::Mrc && kind != FileKind::Hdf5)
      throw Error(fmt::format("{}: the volume is written as .mrc or .h5", out));
    outputs.push_back({"--out", out});
  }
  if (!tlt && file_kind(o.tilts) == FileKind::Mrc) tlt = sibling_tlt(o.tilts);
  refuse_overwriting_inputs({{"--tilts", o.tilts}, {"--angles", tlt.value_or(fs::path())}}, outputs);
  const TiltSeries series = load_tilt_series(o.tilts, tlt, pixel);
  check_acquisition(series, std::max(1, o.config.frames_per_tilt), o.tilts);
  // The whole field of view (no crop): nz x ny x nx voxels, nz = nx unless given.
  const int nz = o.config.nz > 0 ? o.config.nz : series.nx();
  if ((o.config.nz > 0 || o.no_crop) &&
      static_cast<double>(nz) * series.ny() * series.nx() > static_cast<double>(limits::kMaxVolumeVoxels))
    throw Error(fmt::format("{}: a {} x {} x {} volume is more than {} voxels",
                            o.config.nz > 0 ? "--thickness" : "--no-crop", nz, series.ny(), series.nx(),
                            limits::kMaxVolumeVoxels));

  recon::ReconstructConfig c = o.config;
  c.denoise = !o.no_denoise;
  c.algorithm = recon::parse_algorithm(o.algorithm);
  static const std::map<std::string, recon::ProjectorPath> paths{{"auto", recon::ProjectorPath::Auto},
                                                                 {"general", recon::ProjectorPath::General},
                                                                 {"single-axis", recon::ProjectorPath::SingleAxis}};
  c.path = paths.at(o.projector);
  c.crop = !o.no_crop && c.nz == 0;
  c.resire.positivity = !o.no_positivity;
  c.sirt.positivity = !o.no_positivity;
  c.stop.log = !o.quiet;
  fmt::print(stderr, "reconstruct: {} images of {} x {} at {} Å/pixel, {} with {} thread(s)\n", series.nt(),
             series.ny(), series.nx(), series.pixel_A(), o.algorithm, omp_get_max_threads());
  recon::Reconstruction r = recon::reconstruct(series, c);
  r.volume.metadata().set("recon.input", fs::path(o.tilts).filename().string());

  // Every volume asked for, or none.
  OutputSet files;
  for (const auto& out : o.out) {
    if (file_kind(out) == FileKind::Hdf5) {
      EmdFile f;
      f.metadata = r.volume.metadata();
      f.volumes.emplace("reconstruction", r.volume);
      // The images with the geometry they ended with (refined angles, shifts).
      f.tilt_series.emplace("tilt_series", r.series);
      write_emd(files.file(out), f);
    } else {
      save_volume(files.file(out), r.volume);
    }
  }
  files.commit();
  for (const auto& out : o.out)
    fmt::print(stderr, "reconstruct: wrote {} (R = {:.4f} after {} iterations, {:.1f} s)\n", out,
               r.report.r_factor, r.report.iterations, r.report.seconds);
}

}  // namespace

void add_reconstruct_command(CLI::App& app) {
  auto opt = std::make_shared<ReconstructOptions>();
  auto* cmd = app.add_subcommand(
      "reconstruct",
      "Reconstruct a volume from a tilt series by RESIRE (default), SIRT or filtered back-projection.\n"
      "  aetbench reconstruct --tilts s.mrc --angles s.tlt --pixel 0.343 --out vol.mrc --iterations 200\n"
      "  aetbench reconstruct --tilts s.h5 --out vol.h5     (HDF5: volume, angles, shifts, R-factor history)");
  cmd->add_option("--tilts", opt->tilts, "tilt series: MRC stack (+ .tlt) or HDF5")->required();
  cmd->add_option("--angles", opt->angles, "tilt angles (.tlt, .rawtlt or SerialEM .mdoc); default: the one beside the MRC stack");
  cmd->add_option("--pixel", opt->pixel_A, "pixel size in Å (overrides the file's)")
      ->check(in_range(limits::kMinPixel_A, limits::kMaxPixel_A));
  cmd->add_option("--out", opt->out, "output volume(s): .mrc and/or .h5 (repeatable)")->required();
  cmd->add_option("--algorithm", opt->algorithm, "resire, sirt or fbp")
      ->check(CLI::IsMember({"resire", "sirt", "fbp"}))
      ->capture_default_str();
  cmd->add_option("--iterations", opt->config.stop.iterations, "iterations (RESIRE, SIRT)")
      ->check(non_negative(limits::kMaxIterations))
      ->capture_default_str();
  cmd->add_option("--report-every", opt->config.stop.report_every, "R-factor on stderr every k iterations")
      ->check(positive(limits::kMaxIterations))
      ->capture_default_str();
  cmd->add_option("--step", opt->config.resire.step, "RESIRE step t in (0, 2), in units of 1 / λmax(ΠᵀΠ)")
      ->capture_default_str()
      ->check(positive(2.0));
  cmd->add_option("--relaxation", opt->config.sirt.relaxation, "SIRT relaxation λ in (0, 2)")
      ->capture_default_str()
      ->check(positive(2.0));
  cmd->add_flag("--no-crop", opt->no_crop, "reconstruct the whole field of view, not just the particle's support");
  cmd->add_option("--crop-margin", opt->config.crop_options.margin_px,
                  "pixels kept beyond the particle's mask when cropping")
      ->check(non_negative(limits::kMaxSidePx))
      ->capture_default_str();
  cmd->add_option("--thickness", opt->config.nz,
                  "volume thickness nz in voxels (whole field of view; default: crop to the particle)")
      ->check(non_negative(limits::kMaxSidePx));
  cmd->add_option("--projector", opt->projector, "auto, general or single-axis")
      ->check(CLI::IsMember({"auto", "general", "single-axis"}))
      ->capture_default_str();
  cmd->add_option("--threads", opt->threads, "OpenMP threads (default: all)")
      ->check(non_negative(limits::kMaxThreads));
  cmd->add_option("--frames-per-tilt", opt->config.frames_per_tilt,
                  "the stack holds this many frames per tilt: register (cross-correlation, linear drift) and average")
      ->check(positive(limits::kMaxImages));
  cmd->add_flag("--no-denoise", opt->no_denoise,
                "skip the per-image Wiener filter (strength from each image's noise floor; on by default)");
  cmd->add_flag("--subtract-background", opt->config.subtract_background,
                "subtract each image's background (Laplacian interpolation under a particle mask)");
  cmd->add_flag("--tilt-axis", opt->config.tilt_axis,
                "estimate the tilt axis's in-plane angle (common line) and turn the images so that it is their y "
                "axis (the volume is then in the axis frame; its metadata give the rotation back)");
  cmd->add_option("--tilt-axis-deg", opt->config.tilt_axis_options.given_deg,
                  "the tilt axis's in-plane angle in the images as recorded: deg from the image's y axis to the axis, "
                  "counterclockwise positive (IMOD's RotationAngle / Etomo's image rotation; Euler phi of (phi, "
                  "tilt, -phi)): the images turned by minus it, not estimated")
      ->check(in_range(-90.0, 90.0));
  cmd->add_option("--tilt-axis-search", opt->config.tilt_axis_options.search_deg,
                  "with --tilt-axis: estimate within +-this many degrees")
      ->capture_default_str()
      ->check(in_range(0.5, 45.0));
  cmd->add_flag("--align", opt->config.align, "align by centre of mass (x) and common line (y)");
  cmd->add_flag("--refine-angles", opt->config.refine_angles,
                "refine tilts and shifts by projection matching, alternating with RESIRE");
  cmd->add_flag("--refine-in-plane", opt->config.refinement.refine_in_plane,
                "with --refine-angles: also refine the in-plane Euler angles (general projector)");
  cmd->add_option("--refine-rounds", opt->config.refinement.max_rounds, "most rounds of angular refinement")
      ->check(positive(limits::kMaxRefineRounds))
      ->capture_default_str();
  cmd->add_flag("--momentum,!--no-momentum", opt->config.resire.accelerate,
                "RESIRE with Nesterov momentum and restart (same fixed point, fewer iterations)")
      ->capture_default_str();
  cmd->add_flag("--no-positivity", opt->no_positivity, "allow negative voxels (RESIRE, SIRT)");
  cmd->add_flag("--hann", opt->config.fbp.hann, "Hann-windowed ramp (fbp)");
  cmd->add_flag("--quiet", opt->quiet, "no per-iteration progress");
  cmd->callback([opt] { run_reconstruct(*opt); });
}

}  // namespace aet::cli
