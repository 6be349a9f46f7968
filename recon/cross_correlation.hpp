#pragma once
// Normalised cross-correlation of two images by FFT (FFTW), with the peak
// refined to sub-pixel precision by a 3-point parabola along each axis.
// Shared by frame registration, alignment and angular refinement.
#include <array>
#include <memory>
#include <span>

namespace aet::recon {

struct ShiftEstimate {
  std::array<double, 2> shift_px{0.0, 0.0};  ///< (x, y): image(r) ≈ reference(r − shift)
  double correlation = 0.0;                  ///< normalised cross-correlation at the peak, in [−1, 1]
};

/// Plans and buffers for one image shape; one instance per thread.
class CrossCorrelator {
 public:
  CrossCorrelator(int ny, int nx);
  ~CrossCorrelator();
  CrossCorrelator(const CrossCorrelator&) = delete;
  CrossCorrelator& operator=(const CrossCorrelator&) = delete;

  /// The shift of `image` relative to `reference` (both (ny, nx), x fastest),
  /// searched within |shift| <= max_shift_px along each axis. Both are
  /// mean-subtracted and tapered at the edges (cosine over 1/8 of the size).
  ShiftEstimate find_shift(std::span<const float> reference, std::span<const float> image,
                           double max_shift_px) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Shifts an image by (dx, dy) pixels with bilinear interpolation:
/// out(r) = in(r − shift), zero where it comes from outside.
void shift_image(std::span<const float> in, std::span<float> out, int ny, int nx, const std::array<double, 2>& shift);

}  // namespace aet::recon
