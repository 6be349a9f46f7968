// The reconstruction pipeline (recon/reconstruct.hpp).
#include "recon/reconstruct.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/stage_timer.hpp"

namespace aet::recon {

Algorithm parse_algorithm(const std::string& name) {
  if (name == "resire") return Algorithm::Resire;
  if (name == "sirt") return Algorithm::Sirt;
  if (name == "fbp") return Algorithm::Fbp;
  throw Error(fmt::format("reconstruct: unknown algorithm '{}' (resire, sirt, fbp)", name));
}

std::string to_string(Algorithm a) {
  switch (a) {
    case Algorithm::Resire: return "resire";
    case Algorithm::Sirt: return "sirt";
    case Algorithm::Fbp: return "fbp";
  }
  return "?";
}

Reconstruction reconstruct(const TiltSeries& input, const ReconstructConfig& config) {
  check_reconstructible(input);
  if (config.nz < 0) throw Error(fmt::format("reconstruct: thickness {} is negative", config.nz));
  const bool log = config.stop.log;
  StageTimer::Seconds seconds;
  StageTimer timer(seconds);
  TiltSeries series;
  if (config.frames_per_tilt > 1) {
    FrameRegistrationOptions fo = config.frame_registration;
    fo.frames_per_tilt = config.frames_per_tilt;
    series = register_frames(input, fo).averaged;
    if (log) fmt::print(stderr, "frame registration: {} frames -> {} tilts\n", input.nt(), series.nt());
    timer.lap("frame_registration");
  } else {
    series = input;
  }
  NoiseEstimate noise;
  BackgroundReport background;
  std::optional<TiltSeries> undenoised;
  if (config.denoise && config.keep_undenoised) undenoised = series;
  if (config.denoise) {
    const DenoiseReport d = denoise(series, config.denoise_options);
    double mean = 0;
    for (double n : d.noise_power) mean += n / double(d.noise_power.size());
    if (log) fmt::print(stderr, "denoise: Wiener filter, mean noise variance {:.4g} per pixel\n", mean);
    for (double n : d.filtered_noise_power) noise.sigma.push_back(std::sqrt(n));
    timer.lap("denoise");
  } else {
    for (double n : estimate_noise(series, config.denoise_options).noise_power) noise.sigma.push_back(std::sqrt(n));
  }
  noise.pixels.assign(std::size_t(series.nt()), series.image_size());
  if (config.subtract_background) {
    background = subtract_background(series, config.background);
    if (undenoised) subtract_background(*undenoised, config.background);
    noise.pixels = background.mask_pixels;
    if (log) {
      fmt::print(stderr, "background: subtracted (Laplacian interpolation under the particle mask)\n");
      if (!background.ring_level_images.empty())
        fmt::print(stderr,
                   "background: the level from the border ring in {} of {} images (the particle covers the "
                   "image's median)\n",
                   background.ring_level_images.size(), series.nt());
    }
    timer.lap("background");
  }
  std::optional<TiltAxisReport> tilt_axis;
  if (config.tilt_axis || config.tilt_axis_options.given_deg) {
    tilt_axis = tilt_axis_step(series, config.tilt_axis_options);
    if (undenoised) turn_to_axis_frame(*undenoised, tilt_axis->deg);
    // A refused estimate is a warning whether or not progress is logged.
    if (tilt_axis->refused) fmt::print(stderr, "tilt axis: warning: {}\n", tilt_axis->reason);
    else if (log)
      fmt::print(stderr, "tilt axis: {} {:.3f}° (estimate {:.3f} ± {:.3f}°){}\n", tilt_axis->source, tilt_axis->deg,
                 tilt_axis->estimated_deg, tilt_axis->uncertainty_deg,
                 tilt_axis->applied ? ", images turned to it" : ", within its uncertainty of 0: images left as they are");
    timer.lap("tilt_axis");
  }
  if (config.align) {
    align_centre_of_mass_common_line(series, config.alignment);
    if (log) fmt::print(stderr, "alignment: centre of mass (x) and common line (y)\n");
    timer.lap("alignment");
  }
  const auto g0 = config.crop ? ProjectionGeometry::of(series, cropped_volume(series, config.crop_options))
                              : ProjectionGeometry::of(series, config.nz);
  if (log)
    fmt::print(stderr, "volume: {} x {} x {} voxels (nz x ny x nx){}\n", g0.volume.nz, g0.volume.ny, g0.volume.nx,
               config.crop ? ", cropped to the particle" : "");
  AngularRefinementReport refinement;
  std::vector<float> refined_volume;
  if (config.refine_angles) {
    AngularRefinementOptions ro = config.refinement;
    ro.log = ro.log && log;
    refinement = refine_angles(series, g0.volume, config.resire, ro, &refined_volume);
    timer.lap("angular_refinement");
    // The atomic-model step ran inside refine_angles: split its time out.
    seconds.back().second -= refinement.atomic_seconds;
    if (refinement.atomic_seconds > 0) seconds.emplace_back("atomic_refinement", refinement.atomic_seconds);
  }
  const auto g = ProjectionGeometry::of(series, g0.volume);
  const auto op = make_projector(g, config.path);
  std::vector<float> x(op->volume_size(), 0.0f);
  const bool warm = config.warm_start && config.refine_angles && config.algorithm != Algorithm::Fbp &&
                    refined_volume.size() == g.volume.size();
  if (warm) op->to_internal(refined_volume, x);
  refined_volume = {};
  Report report;
  switch (config.algorithm) {
    case Algorithm::Resire: report = resire(*op, series.data(), x, config.resire, config.stop); break;
    case Algorithm::Sirt: report = sirt(*op, series.data(), x, config.sirt, config.stop); break;
    case Algorithm::Fbp: {
      const auto t0 = std::chrono::steady_clock::now();
      filtered_backprojection(*op, series.data(), x, config.fbp);
      std::vector<float> proj(op->projection_size());
      op->forward(x, proj);
      report.algorithm = "fbp";
      report.r_factor = r_factor(proj, series.data(), series.nt(), series.image_size());
      report.history_iterations = {0};
      report.r_factor_history = {report.r_factor};
      report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (config.stop.log) fmt::print(stderr, "fbp: R = {:.5f}\n", report.r_factor);
      break;
    }
  }
  timer.lap(to_string(config.algorithm));
  noise.expected_r_factor = noise_r_factor(series.data(), series.nt(), series.image_size(), noise.sigma, noise.pixels);
  if (undenoised) undenoised->geometry() = series.geometry();
  Reconstruction out{Volume(g.volume),    series,     std::move(undenoised), report,   refinement,
                     std::move(noise),    std::move(background), tilt_axis,  std::move(seconds)};
  op->from_internal(x, out.volume.data());
  auto& meta = out.volume.metadata();
  meta.merge(series.metadata());
  report.to_metadata(meta);
  meta.set("recon.frames_per_tilt", config.frames_per_tilt);
  meta.set("recon.denoised", config.denoise ? "wiener" : "no");
  meta.set("recon.background_subtracted", config.subtract_background ? "true" : "false");
  meta.set("recon.aligned", config.align ? "true" : "false");
  if (tilt_axis) {
    meta.set("recon.tilt_axis_deg", tilt_axis->deg);
    meta.set("recon.tilt_axis_source", tilt_axis->source);
    meta.set("recon.tilt_axis_estimated_deg", tilt_axis->estimated_deg);
    meta.set("recon.tilt_axis_uncertainty_deg", tilt_axis->uncertainty_deg);
    // The volume's frame: input position = this matrix (row-major) times the volume's.
    const Mat3 rot = axis_frame_rotation(tilt_axis->deg);
    std::vector<double> m;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) m.push_back(rot(i, j));
    meta.set("recon.frame_rotation", m);
  }
  if (config.refine_angles) {
    meta.set("recon.refinement_rounds", refinement.rounds);
    meta.set("recon.refinement_r_factor_per_round", refinement.r_factor_per_round);
    std::vector<double> tilts, sx, sy;
    for (const auto& im : series.geometry().images) {
      tilts.push_back(im.has_euler ? im.euler_deg[1] : im.tilt_deg);
      sx.push_back(im.shift_px[0]);
      sy.push_back(im.shift_px[1]);
    }
    meta.set("recon.refinement_atomic_model", refinement.atomic_accepted ? "kept" : refinement.atoms > 0 ? "discarded" : "not run");
    meta.set("recon.refined_tilts_deg", tilts);
    meta.set("recon.refined_shift_x_px", sx);
    meta.set("recon.refined_shift_y_px", sy);
  }
  meta.set("recon.projector", op->path() == ProjectorPath::SingleAxis ? "single-axis" : "general");
  if (config.algorithm == Algorithm::Resire) {
    meta.set("recon.step", config.resire.step);
    meta.set("recon.positivity", config.resire.positivity ? "true" : "false");
  } else if (config.algorithm == Algorithm::Sirt) {
    meta.set("recon.relaxation", config.sirt.relaxation);
  }
  return out;
}

}  // namespace aet::recon
