#pragma once
// Alignment of a single-axis tilt series (the paper's Methods), written into
// each image's shift_px (the images are not resampled):
//  - x (normal to the tilt axis): centre of mass. The projection of the
//    particle's centre of mass is the image's centre of mass, so putting the
//    origin there puts the particle's centre of mass on the tilt axis.
//  - y (along the tilt axis): the common-line method. Every image's profile
//    along y (its sum over x) is the same line integral of the particle up to
//    a shift, so each profile is cross-correlated with the mean profile
//    (1D, sub-pixel by a parabola), iterated twice; the absolute level is the
//    centre of mass of the mean profile.
//    A crystal with lattice planes normal to the tilt axis gives every
//    profile the same fringes, and the raw correlation can lock onto a
//    neighbouring fringe (whole-fringe errors of 4-7 px seen on the published
//    truncated octahedron). So the profiles are aligned smoothed beyond every
//    lattice spacing: the particle's envelope has one peak. Refining on the
//    raw profiles within half a fringe was tried and dropped: it hops to
//    other local maxima where the profiles differ between tilts (0.38 →
//    0.59 px rms on that particle) and gains 0.06 px elsewhere.
// Use after background subtraction (a background biases the centre of mass).
// Cross-correlation against re-projections is recon/angular_refinement.
#include "core/tilt_series.hpp"

namespace aet::recon {

struct AlignmentOptions {
  double max_shift_px = 20.0;  ///< common-line search range
  /// Gaussian σ of the profiles' smoothing before the common line: it damps
  /// the fringes of the low-index Pd/Pt planes (1.4-2.3 Å) by e^-8 or more
  /// (amplitude exp(-2π²σ²/d²)). 0: raw profiles.
  double envelope_sigma_A = 1.5;
};

/// Sets every image's shift_px from its centre of mass (x) and common line (y).
void align_centre_of_mass_common_line(TiltSeries& series, const AlignmentOptions& options = {});

}  // namespace aet::recon
