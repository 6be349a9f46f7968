#pragma once
// A voxel grid around an atom model, for the paper's voxel-based interface
// analysis: exact Euclidean distance transforms (Felzenszwalb & Huttenlocher),
// cube dilation/erosion, the alpha hull of a point set, and trilinear sampling.
// Voxel (k, i, j) is at origin + voxel_A * (j, i, k); x fastest, as in
// docs/conventions.md.
#include <cstdint>
#include <vector>

#include "core/geometry.hpp"

namespace aet::analysis {

/// A VolumeGeometry (shape, voxel size, memory layout) placed with its
/// corner voxel at origin_A rather than with its centre voxel at the origin
/// (the volume frame of docs/conventions.md): the grid is built around the
/// points. Privately a VolumeGeometry so that its centre-frame position()
/// cannot be mistaken for this grid's.
struct VoxelGrid : private VolumeGeometry {
  using VolumeGeometry::index;
  using VolumeGeometry::nx;
  using VolumeGeometry::ny;
  using VolumeGeometry::nz;
  using VolumeGeometry::size;
  using VolumeGeometry::voxel_A;
  Vec3 origin_A = Vec3::Zero();  ///< position of voxel (0, 0, 0)

  const VolumeGeometry& shape() const { return *this; }
  Vec3 position(int k, int i, int j) const { return origin_A + voxel_A * Vec3(j, i, k); }
  /// Continuous voxel coordinates of r, in (x, y, z) = (j, i, k) order.
  Vec3 to_voxel(const Vec3& r) const { return (r - origin_A) / voxel_A; }
  /// Index of the voxel nearest to r (clamped to the grid).
  std::size_t nearest(const Vec3& r) const;
};

using Mask = std::vector<std::uint8_t>;

/// A grid covering every point with margin_A to spare on each side.
VoxelGrid grid_around(const std::vector<Vec3>& points_A, double voxel_A, double margin_A);

/// Voxels nearest to each point set to 1.
Mask point_voxels(const VoxelGrid& grid, const std::vector<Vec3>& points_A);

/// Euclidean distance (Å) from every voxel centre to the nearest voxel with
/// mask != 0 (+inf when the mask is empty).
std::vector<float> distance_transform(const VoxelGrid& grid, const Mask& mask);

/// Chessboard (L-infinity) distance in voxels from every voxel to the nearest
/// voxel with mask != 0: k dilations by a cube of radius r reach exactly the
/// voxels with distance <= k r. Exact two-pass chamfer over the 26-neighbourhood.
std::vector<int> chessboard_transform(const VoxelGrid& grid, const Mask& mask);

/// Alpha hull of a point set: the complement of the union of all balls of
/// radius alpha_A that contain no point, i.e. the morphological closing of
/// the points by a ball of radius alpha (the region an alpha shape of the
/// points triangulates; its boundary passes through the outermost points).
Mask alpha_hull(const VoxelGrid& grid, const std::vector<Vec3>& points_A, double alpha_A);

/// Dilation / erosion by a cube of (2 radius + 1)^3 voxels.
Mask dilate_cube(const VoxelGrid& grid, const Mask& mask, int radius);
Mask erode_cube(const VoxelGrid& grid, const Mask& mask, int radius);

/// Trilinear interpolation of a voxel field at r (clamped to the grid).
double sample(const VoxelGrid& grid, const std::vector<float>& field, const Vec3& r);

}  // namespace aet::analysis
