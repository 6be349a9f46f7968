#pragma once
// Background subtraction (the paper's Methods): per image, a mask slightly
// larger than the particle; the background inside the mask interpolated from
// outside it by Laplacian interpolation (∇²B = 0 inside, B = image outside,
// solved by successive over-relaxation); B subtracted everywhere, so the
// image is zero outside the mask.
//
// Mask: the image smoothed by a box filter (2·smooth_px + 1 wide), pixels
// above level + threshold · (max − level), grown by margin_px, where level
// is the background's: the smoothed image's median, or its border ring's
// when the image's is a particle pixel (background.cpp says why). Pixels on
// the image border are never in the mask (they anchor the interpolation).
#include <cstdint>
#include <vector>

#include "core/tilt_series.hpp"

namespace aet::recon {

struct BackgroundOptions {
  double threshold = 0.1;  ///< fraction of (max − background level) of the smoothed image
  int smooth_px = 2;
  int margin_px = 6;  ///< growth of the mask beyond the thresholded particle
  int max_iterations = 2000;
  double tolerance = 1e-4;  ///< relative change per SOR sweep that stops it
  /// The edge check's threshold is also at least this many robust standard
  /// deviations of the background above its level. The support film's
  /// slowly varying thickness, seen through 1/cos θ of film at high tilt
  /// (and noise at low dose), rises above `threshold` of the particle's
  /// contrast in patches the size of its correlation length, which reach
  /// the border and are not the particle. On the small presets at doses x1
  /// to x0.1 the highest such patch stays below 5 of these deviations and
  /// the particle's peak above 8 (README).
  double edge_background_sigmas = 5.5;
  /// Width of the border ring whose median is the background's level when
  /// the whole image's median is above the threshold that level gives
  /// (a particle pixel; 0: the image's median always).
  int ring_px = 4;
};

/// The particle mask of one (ny, nx) image (1 inside).
std::vector<std::uint8_t> particle_mask(std::span<const float> image, int ny, int nx, const BackgroundOptions& o);

/// The mask particle_at_edge checks: particle_mask's, its threshold raised
/// to edge_background_sigmas robust deviations of the background when
/// that is higher.
std::vector<std::uint8_t> edge_check_mask(std::span<const float> image, int ny, int nx, const BackgroundOptions& o);

/// Laplacian interpolation of `image` inside `mask` (the background estimate).
std::vector<float> laplacian_background(std::span<const float> image, std::span<const std::uint8_t> mask, int ny,
                                        int nx, const BackgroundOptions& o);

/// Where the background cannot be estimated: images whose particle
/// (edge_check_mask, pieces under a tenth of the largest left out) reaches
/// the pixels next to the image border, so that no ring of
/// background surrounds the particle there to interpolate from (the
/// particle fills the field of view, or is cut by it).
struct EdgeCheck {
  std::vector<int> images_at_edge;  ///< indices, in section order
  int images = 0;                   ///< images checked
  bool touches() const { return !images_at_edge.empty(); }
};
EdgeCheck particle_at_edge(const TiltSeries& series, const BackgroundOptions& options = {});

struct BackgroundReport {
  /// Per image, the pixels of its mask: the only ones left non-zero (and
  /// carrying noise); every other pixel is its own background.
  std::vector<std::size_t> mask_pixels;
  /// Images whose background level was their border ring's (the image's
  /// median a particle pixel: the particle covers over half the image), in
  /// section order.
  std::vector<int> ring_level_images;
};

/// Subtracts each image's background in place.
BackgroundReport subtract_background(TiltSeries& series, const BackgroundOptions& options = {});

}  // namespace aet::recon
