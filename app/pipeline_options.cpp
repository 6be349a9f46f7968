#include "app/pipeline_options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <sstream>

#include "app/checks.hpp"
#include "core/limits.hpp"

namespace aet::cli {

void add_pipeline_options(CLI::App& cmd, PipelineOptions& o, const pipeline::PipelineConfig& defaults) {
  o.config = defaults;
  o.species = fmt::format("{}", fmt::join(defaults.classification.species, ","));
  pipeline::PipelineConfig& c = o.config;
  cmd.add_option("--species", o.species, "element symbols, comma-separated; brighter = heavier")
      ->capture_default_str();
  cmd.add_option("--iterations", c.recon.stop.iterations, "RESIRE iterations")
      ->capture_default_str()
      ->check(positive(limits::kMaxIterations));
  cmd.add_option("--frames-per-tilt", c.recon.frames_per_tilt, "frames per tilt in the stack (registered, averaged)")
      ->capture_default_str()
      ->check(positive(limits::kMaxImages));
  cmd.add_option("--refine-rounds", c.recon.refinement.max_rounds, "angular refinement rounds (at most)")
      ->capture_default_str()
      ->check(positive(limits::kMaxRefineRounds));
  cmd.add_option("--min-distance", c.tracing.min_distance_A, "minimum distance between atoms, Å")
      ->capture_default_str()
      ->check(positive(10.0));
  cmd.add_flag("--joint-fit,!--no-joint-fit", c.tracing.joint_fit,
               "fit maxima closer than --min-distance jointly (a sum of Gaussians) and keep each that explains "
               "enough of the volume, instead of keeping only the brightest")
      ->capture_default_str();
  cmd.add_option("--joint-min-distance", c.tracing.joint_min_distance_A,
                 "with --joint-fit: atoms never closer than this, Å")
      ->capture_default_str()
      ->check(positive(10.0));
  cmd.add_option("--joint-penalty", c.tracing.joint_penalty,
                 "with --joint-fit: penalty per atom in units of the BIC's 4 ln(n) s^2")
      ->capture_default_str()
      ->check(non_negative(100.0));
  cmd.add_option("--smooth", c.tracing.smooth_sigma_A, "Gaussian smoothing sigma before tracing, Å")
      ->capture_default_str()
      ->check(non_negative(limits::kMaxSmoothSigma_A));
  cmd.add_option("--refine-iterations", c.recon.refinement.iterations_per_round,
                 "RESIRE iterations of a refinement round from a zero volume")
      ->capture_default_str()
      ->check(positive(limits::kMaxIterations));
  cmd.add_option("--warm-iterations", c.recon.refinement.warm_iterations,
                 "RESIRE iterations of later refinement rounds, continuing from the previous volume (0: each from zero)")
      ->capture_default_str()
      ->check(non_negative(limits::kMaxIterations));
  cmd.add_option("--coarse-rounds", c.recon.refinement.coarse_rounds,
                 "refinement rounds on binned images and volume before the full-resolution ones")
      ->capture_default_str()
      ->check(non_negative(limits::kMaxRefineRounds));
  cmd.add_option("--coarse-binning", c.recon.refinement.coarse_binning, "binning of the coarse rounds")
      ->capture_default_str()
      ->check(in_range(1, 8));
  cmd.add_option("--min-tilt-change", c.recon.refinement.min_tilt_change_deg,
                 "refinement stops when a round moved the tilts less than this (deg rms) and the shifts less than "
                 "--min-shift-change (px rms)")
      ->capture_default_str()
      ->check(non_negative());
  cmd.add_option("--min-shift-change", c.recon.refinement.min_shift_change_px, "see --min-tilt-change")
      ->capture_default_str()
      ->check(non_negative());
  cmd.add_option("--suspect-r-ratio", c.status.max_r_ratio,
                 "status \"suspect\" when the final R-factor exceeds this multiple of the one the images' noise "
                 "allows, and --suspect-min-r (report.json: status, status_reasons, noise)")
      ->capture_default_str()
      ->check(positive());
  cmd.add_option("--suspect-min-r", c.status.min_r_factor, "an R-factor below this is never suspect (see --suspect-r-ratio)")
      ->capture_default_str()
      ->check(non_negative());
  cmd.add_flag("--warm-start,!--no-warm-start", c.recon.warm_start,
               "final RESIRE continues from the refinement's last volume")
      ->capture_default_str();
  cmd.add_flag("--atomic-model,!--no-atomic-model", c.recon.refinement.atomic_model,
               "after the voxel rounds, refine tilts and shifts against an atomic model")
      ->capture_default_str();
  cmd.add_flag("--momentum,!--no-momentum", c.recon.resire.accelerate,
               "RESIRE with Nesterov momentum and restart (same fixed point, fewer iterations)")
      ->capture_default_str();
  cmd.add_flag("--no-background", o.no_background, "skip background subtraction");
  cmd.add_flag("--tilt-axis,!--no-tilt-axis", c.recon.tilt_axis,
               "estimate the tilt axis's in-plane angle and turn the images to it (--no-tilt-axis: take the "
               "axis as along y)")
      ->capture_default_str();
  cmd.add_option("--tilt-axis-deg", c.recon.tilt_axis_options.given_deg,
                 "the tilt axis's in-plane angle in the images as recorded: deg from the image's y axis to the axis, "
                 "counterclockwise positive (IMOD's RotationAngle / Etomo's image rotation; Euler phi of (phi, "
                 "tilt, -phi)): used instead of estimated")
      ->check(in_range(-90.0, 90.0));
  cmd.add_option("--tilt-axis-search", c.recon.tilt_axis_options.search_deg,
                 "estimate the tilt axis's angle within +-this many degrees")
      ->capture_default_str()
      ->check(in_range(0.5, 45.0));
  cmd.add_flag("--no-align", o.no_align, "skip centre-of-mass / common-line alignment");
  cmd.add_flag("--no-refine", o.no_refine, "skip angular refinement");
  cmd.add_flag("--refine-positions", c.refine_positions,
               "refine every atom's position against the projections (after classification)");
  cmd.add_flag("--projection-support,!--no-projection-support", c.projection_support,
               "fit every atom's amplitude to the projections, positions held (atoms.xyz column support: 1 is a "
               "typical interior atom of the lightest species, 0 an atom the images do not hold), after "
               "classification")
      ->capture_default_str();
  cmd.add_option("--support-min", c.support.min_fraction,
                 "with --projection-support: remove atoms whose support is below this (0: remove none)")
      ->capture_default_str()
      ->check(in_range(0.0, 0.99));
  cmd.add_flag("--no-denoise", o.no_denoise, "skip the per-image Wiener denoising");
  cmd.add_flag("--no-crop", o.no_crop, "reconstruct the whole field of view");
  cmd.add_flag("--no-local", o.no_local, "skip the local species re-classification");
  add_intensity_options(cmd, c.classification);
  cmd.add_option("--non-atom-peak-fraction", c.classification.non_atom_peak_fraction,
                 "non-atom: a peak below this fraction of the lightest species' interior median height (0: no height test)")
      ->capture_default_str()
      ->check(in_range(0.0, 1.0));
  cmd.add_flag("--non-atom-class,!--keep-non-atoms", c.classification.non_atom_class,
               "remove non-atoms: peaks far dimmer (box integral or height) than the lightest species' "
               "interior atoms (default; --keep-non-atoms keeps them)");
}

void add_intensity_options(CLI::App& cmd, tracing::ClassificationOptions& c) {
  std::map<std::string, tracing::IntensityMeasure> names;
  for (tracing::IntensityMeasure m : tracing::kIntensityMeasures) names[tracing::to_string(m)] = m;
  cmd.add_option("--intensity", c.measure,
                 "what species are told by: box (integrated box around each atom) or fit (each atom's blob "
                 "in a joint least-squares fit of all atoms, free of its neighbours' tails)")
      ->transform(CLI::CheckedTransformer(names, CLI::ignore_case).description("box or fit"))
      ->type_name("TEXT")
      ->default_str(tracing::to_string(c.measure));
  cmd.add_option("--box", c.box_voxels, "side of the integration box, voxels (odd)")
      ->capture_default_str()
      ->check(in_range(1, 31));
  cmd.add_option("--blob-sigma", c.fit_sigma_A, "with --intensity fit: blob width, Å (0: the best-fitting width)")
      ->capture_default_str()
      ->check(in_range(0.0, 5.0));
}

pipeline::PipelineConfig pipeline_config(const PipelineOptions& o) {
  pipeline::PipelineConfig c = o.config;
  if (o.no_background) c.recon.subtract_background = false;
  if (o.no_align) c.recon.align = false;
  if (o.no_refine) c.recon.refine_angles = false;
  if (o.no_denoise) c.recon.denoise = false;
  if (o.no_crop) c.recon.crop = false;
  if (o.no_local) c.classification.local_reclassification = false;
  c.classification.species.clear();
  std::stringstream ss(o.species);
  for (std::string s; std::getline(ss, s, ',');)
    if (!s.empty()) c.classification.species.push_back(s);
  return c;
}

}  // namespace aet::cli

