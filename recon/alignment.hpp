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
// Use after background subtraction (a background biases the centre of mass).
// Cross-correlation against re-projections is recon/angular_refinement.
#include "core/tilt_series.hpp"

namespace aet::recon {

struct AlignmentOptions {
  double max_shift_px = 20.0;  ///< common-line search range
};

/// Sets every image's shift_px from its centre of mass (x) and common line (y).
void align_centre_of_mass_common_line(TiltSeries& series, const AlignmentOptions& options = {});

}  // namespace aet::recon
