#pragma once
// A 3D grid of float voxels, shape (nz, ny, nx), x fastest, origin at the
// centre voxel (nz/2, ny/2, nx/2), voxel size in Å (docs/conventions.md).
#include <span>
#include <vector>

#include "core/geometry.hpp"
#include "core/limits.hpp"
#include "core/metadata.hpp"

namespace aet {

class Volume {
 public:
  Volume() = default;
  /// Zero-filled volume. Throws aet::Error for non-positive or absurd sizes.
  explicit Volume(const VolumeGeometry& geometry);
  Volume(const VolumeGeometry& geometry, std::vector<float> data);

  const VolumeGeometry& geometry() const { return geometry_; }
  int nz() const { return geometry_.nz; }
  int ny() const { return geometry_.ny; }
  int nx() const { return geometry_.nx; }
  double voxel_A() const { return geometry_.voxel_A; }
  std::size_t size() const { return data_.size(); }

  float& at(int k, int i, int j) { return data_[geometry_.index(k, i, j)]; }
  float at(int k, int i, int j) const { return data_[geometry_.index(k, i, j)]; }
  std::vector<float>& data() { return data_; }
  const std::vector<float>& data() const { return data_; }

  Metadata& metadata() { return metadata_; }
  const Metadata& metadata() const { return metadata_; }

 private:
  VolumeGeometry geometry_;
  std::vector<float> data_;
  Metadata metadata_;
};

/// What a Gaussian filter reads beyond the grid: the edge value (Clamp) or
/// nothing (Zero: the kernel is cut at the edge, not renormalised).
enum class GaussianEdge { Clamp, Zero };

/// Convolves the (nz, ny, nx) x-fastest grid `data` in place with an
/// isotropic Gaussian of standard deviation `sigma_voxels`: separable passes
/// along z, y, x of a normalised kernel truncated at
/// max(1, ceil(truncate_sigmas x sigma)) voxels, summed in double.
/// sigma <= 0 leaves the data alone; a NaN sigma throws aet::Error.
void gaussian_filter(std::span<float> data, const VolumeGeometry& shape, double sigma_voxels,
                     double truncate_sigmas = 4.0, GaussianEdge edge = GaussianEdge::Clamp);

/// The volume convolved with an isotropic Gaussian of standard deviation
/// `sigma_voxels` (kernel truncated at 4 sigma, edges clamped; above).
/// sigma <= 0 returns a copy. Metadata is kept.
Volume gaussian_filter(const Volume& volume, double sigma_voxels);

/// A local maximum of a volume: position in Å (volume-centre frame) and value.
struct VolumePeak {
  Vec3 position_A;
  float value;
};

/// Voxels above `fraction` of the volume's maximum that are >= their 26
/// neighbours (border voxels excluded), each refined per axis by the vertex
/// of the 3-point parabola, x + (f- - f+) / (2 (f- - 2 f0 + f+)), clamped to
/// half a voxel. In memory order. (The tracer of tracing/atom_tracing.hpp
/// does the full job: smoothing, 3D fits, minimum distance, blobs, noise.)
std::vector<VolumePeak> parabolic_peaks(const Volume& volume, double fraction);

/// Largest number of voxels/pixels any value may hold (core/limits.hpp):
/// beyond it a size read from a file is taken as corrupt, not allocated.
inline constexpr std::size_t kMaxElements = limits::kMaxElements;

/// Throws aet::Error naming `what` unless 0 < n and the product is <= kMaxElements.
void check_shape(const char* what, std::initializer_list<long long> dims);

}  // namespace aet
