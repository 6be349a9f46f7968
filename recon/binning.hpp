#pragma once
// Binning for coarse-to-fine refinement: the geometry (tilts and shifts) is
// first refined on images and a volume binned f×, f³ fewer voxels and f²
// fewer pixels per projection, and only the last rounds run at full
// resolution. A binned pixel J covers full pixels fJ … fJ + f − 1, its
// centre at fJ + (f − 1)/2; each image's shift is mapped so that every
// specimen point appears at the same place in Å (the centre conventions of
// core/geometry.hpp: index n/2 is the origin).
#include <vector>

#include "core/geometry.hpp"
#include "core/tilt_series.hpp"

namespace aet::recon {

/// Each image binned f × f (the mean; a trailing partial row or column is
/// dropped), pixel × f, shifts mapped. Throws aet::Error for f < 1 or an
/// image smaller than f pixels.
TiltSeries bin_series(const TiltSeries& series, int factor);

/// The volume grid binned: each size / f (at least 1), voxel × f.
VolumeGeometry bin_volume(const VolumeGeometry& volume, int factor);

/// One shift (pixels) of an image n pixels wide, full → binned and back.
double bin_shift(double shift_px, int n, int factor);
double unbin_shift(double binned_shift_px, int n, int factor);

/// Geometry refined on bin_series(series, f), in the full series' pixels:
/// angles as they are, shifts unbinned (ny, nx the full image size).
std::vector<ImageGeometry> unbin_geometry(std::vector<ImageGeometry> binned, int factor, int ny, int nx);

}  // namespace aet::recon
