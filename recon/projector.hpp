#pragma once
// The real-space projector Π and its exact adjoint Πᵀ (the back-projector).
//
// Model: voxel-driven linear interpolation. Voxel (k, i, j) at r (docs/conventions.md)
// is seen in image a at the continuous pixel position
//   (col, row) = (first two components of R_a r) / p + (nx/2, ny/2) + shift_a,
// and its value is spread over the 2 (single-axis: 2 columns of one row) or
// 4 (general: bilinear) nearest pixels with linear-interpolation weights
// that sum to one. The back-projector reads the image at the same position
// with the same weights, so Πᵀ is the exact transpose of Π (tests/recon:
// dot-product test ⟨Πx, y⟩ = ⟨x, Πᵀy⟩). Samples outside an image are dropped.
//
// Two paths, one traversal each shared by forward and back projection
// (parameterised by what they do at each sample, recon/projector.cpp):
//  - General: any per-image ZYZ Euler rotation and (x, y) shift.
//  - SingleAxis: the pure tilt about y (no Euler angles). Every slice normal
//    to y is then the same independent 2D problem, so the volume is held
//    internally with y fastest in blocks of 8 slices and each sample updates
//    8 slices at once (SIMD over slices, OpenMP over blocks). An image's
//    y-shift (and a different image height) is a separate 1D linear
//    interpolation between rows, applied after the 2D projections.
//
// Volumes are held in the projector's internal layout (to_internal /
// from_internal convert from/to the (nz, ny, nx) x-fastest layout);
// projections are always in the TiltSeries layout (nt, ny, nx), x fastest.
#include <memory>
#include <span>
#include <vector>

#include "core/geometry.hpp"
#include "core/tilt_series.hpp"
#include "core/volume.hpp"

namespace aet::recon {

/// The two spaces a projector maps between: a volume grid and the images'
/// shape, pixel size and per-image geometry. A plain value.
struct ProjectionGeometry {
  VolumeGeometry volume;
  int ny = 0, nx = 0;  ///< image shape
  double pixel_A = 1.0;
  TiltGeometry tilts;

  int nt() const { return static_cast<int>(tilts.size()); }
  std::size_t projection_size() const { return std::size_t(nt()) * std::size_t(ny) * std::size_t(nx); }
  /// The geometry of `series` with the given volume grid (voxel = pixel size).
  static ProjectionGeometry of(const TiltSeries& series, const VolumeGeometry& volume);
  /// A cubic grid (n, series.ny, series.nx) with n = series.nx by default.
  static ProjectionGeometry of(const TiltSeries& series, int nz = 0);
};

enum class ProjectorPath { Auto, General, SingleAxis };

/// True when every image is a plain tilt about y (no Euler angles).
bool is_single_axis(const TiltGeometry& tilts);

class Projector {
 public:
  virtual ~Projector() = default;
  const ProjectionGeometry& geometry() const { return geometry_; }
  virtual ProjectorPath path() const = 0;

  /// Floats in the internal volume layout.
  virtual std::size_t volume_size() const = 0;
  std::size_t projection_size() const { return geometry_.projection_size(); }

  /// projections = Π volume (overwritten). Threaded inside; re-entrant
  /// (each call has its own scratch), so calls on one projector may overlap.
  virtual void forward(std::span<const float> volume, std::span<float> projections) const = 0;
  /// volume = Πᵀ projections (overwritten).
  virtual void adjoint(std::span<const float> projections, std::span<float> volume) const = 0;

  /// (nz, ny, nx) x-fastest ↔ internal layout.
  virtual void to_internal(std::span<const float> zyx, std::span<float> internal) const = 0;
  virtual void from_internal(std::span<const float> internal, std::span<float> zyx) const = 0;

  /// Conveniences on the project's value types.
  TiltSeries project(const Volume& volume) const;
  Volume back_project(const TiltSeries& projections) const;

 protected:
  explicit Projector(ProjectionGeometry g) : geometry_(std::move(g)) {}
  ProjectionGeometry geometry_;
};

/// Builds the projector for `geometry` (Auto: SingleAxis when is_single_axis).
/// Throws aet::Error when the voxel and pixel sizes differ, or SingleAxis is
/// asked for Euler-angle images.
std::unique_ptr<Projector> make_projector(const ProjectionGeometry& geometry,
                                          ProjectorPath path = ProjectorPath::Auto);

}  // namespace aet::recon
