#pragma once
// Cropping the volume to the particle's support: a field of view much wider
// than the particle should not cost a reconstruction of the whole field (and
// the longer rays through a wider volume slow RESIRE's convergence, whose
// step is normalised by the longest ray). From each image's particle mask
// (recon/background.hpp) the largest distance of the particle from the tilt
// axis (x, after the image's shift) and its extent along y give the volume:
// a square (nz = nx) cross-section about the axis, plus a margin.
#include "core/tilt_series.hpp"
#include "recon/background.hpp"

namespace aet::recon {

struct CropOptions {
  int margin_px = 8;  ///< added on every side beyond the masked particle
  BackgroundOptions mask{0.1, 2, 0, 0, 0.0};  ///< threshold 10 %, smoothing 2 px, no growth
};

/// The cropped volume grid for `series` (voxel = pixel size), never larger
/// than (nx, ny, nx). Sizes are even, so the origin stays a voxel centre.
VolumeGeometry cropped_volume(const TiltSeries& series, const CropOptions& options = {});

}  // namespace aet::recon
