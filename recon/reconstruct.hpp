#pragma once
// The reconstruction pipeline: from a tilt series to a volume, with the
// paper's steps each optional (recon/<step>.cpp), then RESIRE (or a
// baseline). The config is a validated value nothing mutates; the result
// carries the volume (its metadata hold the config and the R-factor
// history), the geometry the images ended with, and the report.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/tilt_series.hpp"
#include "core/volume.hpp"
#include "recon/alignment.hpp"
#include "recon/angular_refinement.hpp"
#include "recon/background.hpp"
#include "recon/crop.hpp"
#include "recon/denoise.hpp"
#include "recon/filtered_backprojection.hpp"
#include "recon/frame_registration.hpp"
#include "recon/iterative.hpp"
#include "recon/projector.hpp"
#include "recon/resire.hpp"
#include "recon/sirt.hpp"
#include "recon/tilt_axis.hpp"

namespace aet::recon {

enum class Algorithm { Resire, Sirt, Fbp };
Algorithm parse_algorithm(const std::string& name);  ///< "resire", "sirt", "fbp"; else aet::Error
std::string to_string(Algorithm a);

struct ReconstructConfig {
  // Pre-processing, in this order, each optional.
  /// > 1: the input holds that many frames per tilt, registered and averaged first.
  int frames_per_tilt = 1;
  FrameRegistrationOptions frame_registration;
  bool denoise = false;  ///< per-image Wiener filter (recon/denoise.hpp)
  DenoiseOptions denoise_options;
  /// Also keep the images pre-processed without the denoising (background,
  /// tilt axis and final geometry as the reconstruction's): Reconstruction::undenoised.
  bool keep_undenoised = false;
  bool subtract_background = false;
  BackgroundOptions background;
  /// The tilt axis's in-plane angle estimated (or tilt_axis_options.given_deg
  /// taken) and the images turned so that it is their y axis
  /// (recon/tilt_axis.hpp): the volume is then in the axis frame.
  bool tilt_axis = false;
  TiltAxisOptions tilt_axis_options;
  bool align = false;  ///< centre of mass (x) and common line (y)
  AlignmentOptions alignment;
  bool refine_angles = false;  ///< projection matching, alternating with RESIRE
  AngularRefinementOptions refinement;
  // Reconstruction.
  Algorithm algorithm = Algorithm::Resire;
  /// Crop the volume to the particle (recon/crop.hpp); else the volume is
  /// (nz, ny, nx) with the images' ny, nx.
  bool crop = false;
  CropOptions crop_options;
  int nz = 0;  ///< volume thickness in voxels without cropping; 0: the image width
  ProjectorPath path = ProjectorPath::Auto;
  ResireOptions resire;
  /// After angular refinement, RESIRE continues from the refinement's last
  /// volume (made with the final geometry) instead of from zero.
  bool warm_start = false;
  SirtOptions sirt;
  FbpOptions fbp;
  StopCriteria stop;
};

/// The noise the pre-processed images carry, and the R-factor it allows
/// (noise_r_factor, recon/iterative.hpp).
struct NoiseEstimate {
  /// Per image, the standard deviation per pixel of the noise left after
  /// pre-processing: the denoiser's estimate of the white noise (the flat
  /// outer band of the spectrum, recon/denoise.hpp), through its filter when
  /// it ran.
  std::vector<double> sigma;
  /// Per image, the pixels carrying that noise: the background mask's
  /// when the background was subtracted, else all.
  std::vector<std::size_t> pixels;
  double expected_r_factor = 0.0;  ///< of the final images, noise_r_factor
};

struct Reconstruction {
  Volume volume;
  TiltSeries series;  ///< the images after pre-processing, with the geometry they ended with
  /// With keep_undenoised and the denoiser on: the same images without the
  /// denoising (their own background subtracted, turned to the same axis)
  /// with `series`' final geometry. The Wiener gain weighs atoms by where
  /// they sit at low dose (recon/denoise.hpp); these do not.
  std::optional<TiltSeries> undenoised;
  Report report;
  AngularRefinementReport refinement;
  NoiseEstimate noise;
  BackgroundReport background;  ///< the background step's, when it ran
  /// The tilt-axis step's (when it ran): the volume's frame is the input's
  /// turned by axis_frame_rotation(tilt_axis->deg).
  std::optional<TiltAxisReport> tilt_axis;
  /// Wall time of each step that ran, in order: frame_registration, denoise,
  /// background, tilt_axis, alignment, angular_refinement, atomic_refinement, <algorithm>.
  std::vector<std::pair<std::string, double>> seconds;
};

/// Checks the series (check_reconstructible), pre-processes and reconstructs it.
Reconstruction reconstruct(const TiltSeries& series, const ReconstructConfig& config);

}  // namespace aet::recon
