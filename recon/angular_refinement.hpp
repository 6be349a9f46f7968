#pragma once
// Angular refinement and re-alignment by projection matching (the paper's
// Methods): alternate a few RESIRE iterations with, for every image, (1) the
// shift from the cross-correlation of the measured image with the
// re-projection of the current reconstruction, and (2) its angles by a
// pattern search (±step per angle, step halved when nothing improves) that
// minimises ||Π_a(O) − b_a||², until the R-factor stops improving. Then,
// at atomic resolution, the tilts and shifts are refined against an atomic
// model of the last reconstruction (recon/atomic_refinement.hpp): the voxel
// model alone stops at ≈0.13–0.19° rms on simulated ADF series, the atomic
// model reaches 0.08° (tests/recon/test_recon_full.cpp).
//
// Gauge: changes the data cannot see are removed each round, so the angles
// stay anchored to the nominal ones and the object where it was: a change
// common to every tilt (a rotation of the object about y), a common y shift,
// and x shifts p cos θ + q sin θ (a translation of the object in x and z).
#include <string>
#include <vector>

#include "core/tilt_series.hpp"
#include "recon/atomic_refinement.hpp"
#include "recon/cross_correlation.hpp"
#include "recon/iterative.hpp"
#include "recon/resire.hpp"

namespace aet::recon {

struct AngularRefinementOptions {
  int max_rounds = 8;  ///< rounds at full resolution (at most)
  /// RESIRE iterations of a round reconstructed from a zero volume (the
  /// first round of each resolution, and every round when warm_iterations is 0).
  int iterations_per_round = 150;
  /// Rounds after the first continue from the previous round's volume with
  /// this many iterations (the geometry changed little; a volume started
  /// afresh spends most of its iterations getting back to where it was).
  /// 0: every round from zero.
  int warm_iterations = 0;
  /// Coarse to fine (recon/binning.hpp): first up to `coarse_rounds` rounds
  /// on images and volume binned `coarse_binning`×, then the full-resolution
  /// rounds. Skipped when the binned images would be narrower than
  /// `coarse_min_px` (too few pixels across the particle to match).
  int coarse_binning = 1;
  int coarse_rounds = 0;
  int coarse_min_px = 64;
  bool refine_shifts = true;
  bool refine_tilt = true;
  /// Also refine φ and ψ (ZYZ); the images then carry Euler angles and the
  /// general projector is used.
  bool refine_in_plane = false;
  double angle_step_deg = 0.4;
  double min_angle_step_deg = 0.025;
  double max_shift_px = 4.0;
  double min_relative_improvement = 0.002;  ///< per round, else stop
  /// Stop when a round changed the tilts and the shifts by less than these
  /// (rms over the images; 0: never). The pattern search's own jitter, with
  /// its smallest step of 0.025°, is about 0.013° rms.
  double min_tilt_change_deg = 0.0;
  double min_shift_change_px = 0.0;
  /// Then refine tilts and shifts against an atomic model of the last
  /// reconstruction (recon/atomic_refinement.hpp); kept only when the model
  /// explains the images at least as well as the voxel reconstruction with
  /// its geometry (relative residual Σr²/Σb²; atomic resolution) and the
  /// R-factor of that reconstruction is not worse than before by more than
  /// `atomic_max_r_increase` (relative). The voxel projection matching
  /// lowers R below that of the true geometry (it fits the voxel model's
  /// misfit: measured R 0.0288 vs 0.0307 with the truth), so a new geometry
  /// nearer the truth may raise R by a few per cent.
  bool atomic_model = true;
  AtomicRefinementOptions atomic;
  double atomic_max_r_increase = 0.1;
  bool log = true;
};

struct AngularRefinementReport {
  int rounds = 0;  ///< every round, coarse ones included
  std::vector<double> r_factor_per_round;  ///< after each round's RESIRE, before its refinement
  std::vector<int> binning_per_round;      ///< 1: full resolution
  /// What each applied refinement changed: rms over the images of the tilt
  /// change and of the shift change (x and y, in full-resolution pixels).
  std::vector<double> tilt_change_rms_deg, shift_change_rms_px;
  int atoms = 0;                 ///< atoms of the atomic model (0: not run)
  double atomic_residual = 0.0;  ///< its relative residual Σr²/Σb²
  double voxel_residual = 0.0;   ///< that of RESIRE with the atomic model's geometry
  double voxel_residual_before = 0.0;  ///< that of the last round's reconstruction, before the atomic step
  bool atomic_accepted = false;  ///< whether its geometry was kept
  double atomic_r_factor = 0.0;  ///< R-factor of RESIRE with the atomic model's geometry
  /// Why the rounds stopped: "converged" (R improved by less than
  /// min_relative_improvement), "geometry_converged" (the last round moved
  /// the geometry less than min_tilt_change_deg and min_shift_change_px) or
  /// "max_rounds". With coarse rounds, that of the full-resolution ones.
  std::string stop_reason;
  std::string coarse_stop_reason;  ///< that of the coarse rounds (empty: none ran)
  std::vector<double> seconds_per_round;  ///< wall time of each round (RESIRE and refinement)
  std::vector<int> iterations_per_round;  ///< RESIRE iterations of each round
  double atomic_seconds = 0.0;            ///< the atomic-model step, its RESIRE included
};

/// Refines the geometry of `series` (in place) against RESIRE
/// reconstructions on `volume`'s grid; returns what it did. The volume
/// itself is then reconstructed by the caller with the refined geometry;
/// `last_volume` (optional) receives the last full-resolution round's
/// reconstruction (zyx layout), made with the geometry returned, for a warm start.
AngularRefinementReport refine_angles(TiltSeries& series, const VolumeGeometry& volume, const ResireOptions& resire,
                                      const AngularRefinementOptions& options,
                                      std::vector<float>* last_volume = nullptr);

/// One reconstruction projected into single images at trial geometries:
/// plain tilts through the single-axis projector (the reconstruction's own;
/// the volume converted to its layout once, several times faster per trial
/// than the general path), Euler angles through the general one.
class ImageProjector {
 public:
  /// Keeps a reference to `volume_zyx`, which must outlive it.
  ImageProjector(const std::vector<float>& volume_zyx, const VolumeGeometry& volume, const TiltSeries& series);
  /// The image with geometry `image` (series' image size) into `out`.
  void project(const ImageGeometry& image, std::vector<float>& out) const;

 private:
  const std::vector<float>& zyx_;
  VolumeGeometry volume_;
  int ny_, nx_;
  double pixel_A_;
  std::vector<float> single_axis_;  ///< the volume in the single-axis projector's layout
};

/// One image's geometry refined against the reconstruction `volume` from
/// `start`: its shift by cross-correlation, then its angles.
ImageGeometry refine_image(const ImageProjector& volume, const TiltSeries& series, int a, ImageGeometry start,
                           const AngularRefinementOptions& options, const CrossCorrelator& cc);

/// Removes from `refined` (relative to `old`) the changes the data cannot
/// see: a common tilt offset, a common y shift, x shifts p cos θ + q sin θ.
void remove_gauge(const std::vector<ImageGeometry>& old, std::vector<ImageGeometry>& refined);

/// Σ (model − image a)² over image a's pixels (model: one image's pixels).
double squared_residual(const std::vector<float>& model, const TiltSeries& series, int a);

/// ||Π_a(O) − b_a||² for one image with geometry `image`.
double image_residual(const ImageProjector& volume, const TiltSeries& series, int a, const ImageGeometry& image,
                      std::vector<float>& scratch);

}  // namespace aet::recon
