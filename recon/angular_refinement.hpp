#pragma once
// Angular refinement and re-alignment by projection matching (the paper's
// Methods): alternate a few RESIRE iterations with, for every image, (1) the
// shift from the cross-correlation of the measured image with the
// re-projection of the current reconstruction, and (2) its angles by a
// pattern search (±step per angle, step halved when nothing improves) that
// minimises ||Π_a(O) − b_a||², until the R-factor stops improving.
//
// Gauge: changes the data cannot see are removed each round, so the angles
// stay anchored to the nominal ones and the object where it was: a change
// common to every tilt (a rotation of the object about y), a common y shift,
// and x shifts p cos θ + q sin θ (a translation of the object in x and z).
#include <vector>

#include "core/tilt_series.hpp"
#include "recon/iterative.hpp"
#include "recon/resire.hpp"

namespace aet::recon {

struct AngularRefinementOptions {
  int max_rounds = 8;
  int iterations_per_round = 150;  ///< RESIRE iterations between refinements
  bool refine_shifts = true;
  bool refine_tilt = true;
  /// Also refine φ and ψ (ZYZ); the images then carry Euler angles and the
  /// general projector is used.
  bool refine_in_plane = false;
  double angle_step_deg = 0.4;
  double min_angle_step_deg = 0.025;
  double max_shift_px = 4.0;
  double min_relative_improvement = 0.002;  ///< per round, else stop
  bool log = true;
};

struct AngularRefinementReport {
  int rounds = 0;
  std::vector<double> r_factor_per_round;  ///< after each round's RESIRE, before its refinement
};

/// Refines the geometry of `series` (in place) against RESIRE
/// reconstructions on `volume`'s grid; returns what it did. The volume
/// itself is then reconstructed afresh by the caller with the refined geometry.
AngularRefinementReport refine_angles(TiltSeries& series, const VolumeGeometry& volume, const ResireOptions& resire,
                                      const AngularRefinementOptions& options);

/// ||Π_a(O) − b_a||² for one image with geometry `image` (O in the zyx layout).
double image_residual(const std::vector<float>& volume_zyx, const VolumeGeometry& volume, const TiltSeries& series,
                      int a, const ImageGeometry& image, std::vector<float>& scratch);

}  // namespace aet::recon
