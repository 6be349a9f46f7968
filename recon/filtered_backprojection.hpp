#pragma once
// Weighted (filtered) back-projection, the analytic baseline:
//   O = Σθ Δθ · Πθᵀ (h ∗ bθ),
// with h the Ram-Lak ramp filter along the image's x axis (the detector
// direction normal to the tilt axis y), built in real space
// (h(0) = 1/4, h(n odd) = −1/(π n)², h(n even) = 0, in pixels; Kak & Slaney
// eq. 3.61) and applied by FFT with zero padding, and Δθ the angular
// interval each image covers (in radians; half the distance to each
// neighbour), which is the weighting of limited or uneven tilt ranges.
// Exact for the single-axis case; for Euler-angle images it filters along
// each image's x axis all the same (an approximation).
#include <span>

#include "recon/projector.hpp"

namespace aet::recon {

struct FbpOptions {
  /// Multiplies the ramp by a Hann window (suppresses noise at the Nyquist frequency).
  bool hann = false;
};

/// Writes the reconstruction into `volume` (internal layout).
void filtered_backprojection(const Projector& op, std::span<const float> measured, std::span<float> volume,
                             const FbpOptions& options = {});

/// Δθ of each image (radians): half the distance to its neighbours in angle.
std::vector<double> angular_weights(const TiltGeometry& tilts);

}  // namespace aet::recon
