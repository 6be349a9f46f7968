#pragma once
// Geometry values, apart from the data they describe (docs/conventions.md).
//
// Frame: voxel (k, i, j) of a volume of shape (nz, ny, nx) sits at
//   x = (j - nx/2) p,  y = (i - ny/2) p,  z = (k - nz/2) p   (integer division),
// pixel (i, j) of an image of shape (ny, nx) at x = (j - nx/2) p, y = (i - ny/2) p.
// A specimen point r = (x, y, z) is seen in image k at (u, v) = first two
// components of R_k r, with R_k the image's rotation (below). For the plain
// single-axis tilt t about y, R = Ry(t) and u = x cos t + z sin t, v = y.
//
// Euler angles (phi, theta, psi) in degrees, ZYZ: R = Rz(phi) Ry(theta) Rz(psi).
// The plain tilt t is (0, t, 0); phi is an in-plane rotation of the image,
// psi a rotation of the specimen about the beam before tilting.
#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <vector>

namespace aet {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

constexpr double kPi = 3.14159265358979323846;
inline double deg2rad(double deg) { return deg * kPi / 180.0; }
inline double rad2deg(double rad) { return rad * 180.0 / kPi; }

/// Rotation about y by angle (radians): maps (x, y, z) to (x cos + z sin, y, -x sin + z cos).
Mat3 rotation_y(double angle_rad);
/// Rotation about z by angle (radians): maps (x, y, z) to (x cos - y sin, x sin + y cos, z).
Mat3 rotation_z(double angle_rad);
/// ZYZ Euler rotation R = Rz(phi) Ry(theta) Rz(psi), angles in degrees.
Mat3 euler_rotation(const std::array<double, 3>& euler_deg);

/// Shape and sampling of a 3D grid: (nz, ny, nx), x fastest, cubic voxels.
struct VolumeGeometry {
  int nz = 0, ny = 0, nx = 0;
  double voxel_A = 1.0;

  std::size_t size() const { return std::size_t(nz) * std::size_t(ny) * std::size_t(nx); }
  /// Linear index of voxel (k, i, j).
  std::size_t index(int k, int i, int j) const {
    return (std::size_t(k) * std::size_t(ny) + std::size_t(i)) * std::size_t(nx) + std::size_t(j);
  }
  /// Position in Å of voxel (k, i, j) in the volume-centre frame.
  Vec3 position(int k, int i, int j) const {
    return {(j - nx / 2) * voxel_A, (i - ny / 2) * voxel_A, (k - nz / 2) * voxel_A};
  }
  /// Continuous voxel coordinates (k, i, j) of a position in Å.
  Vec3 to_voxel(const Vec3& r) const {
    return {r.z() / voxel_A + nz / 2, r.y() / voxel_A + ny / 2, r.x() / voxel_A + nx / 2};
  }
  bool operator==(const VolumeGeometry&) const = default;
};

/// Acquisition geometry of one image.
struct ImageGeometry {
  double tilt_deg = 0.0;
  /// ZYZ Euler angles in degrees; when absent the rotation is (0, tilt, 0).
  bool has_euler = false;
  std::array<double, 3> euler_deg{0.0, 0.0, 0.0};
  /// In-plane shift of the image content in pixels (x, y): the specimen's
  /// origin appears at the image centre plus this shift.
  std::array<double, 2> shift_px{0.0, 0.0};

  Mat3 rotation() const;
  bool operator==(const ImageGeometry&) const = default;
};

/// Per-image geometry of a tilt series.
struct TiltGeometry {
  std::vector<ImageGeometry> images;

  std::size_t size() const { return images.size(); }
  std::vector<double> tilts_deg() const;
  /// True when any image has explicit Euler angles.
  bool has_euler() const;
  /// True when any image has a non-zero shift.
  bool has_shifts() const;
  static TiltGeometry from_tilts(const std::vector<double>& tilts_deg);
  bool operator==(const TiltGeometry&) const = default;
};

/// Where specimen point r appears in an image (u, v in Å from the image centre).
Eigen::Vector2d project_point(const Mat3& rotation, const Vec3& r);

}  // namespace aet
