#include "core/geometry.hpp"

#include <cmath>

namespace aet {

Mat3 rotation_y(double a) {
  const double c = std::cos(a), s = std::sin(a);
  Mat3 r;
  r << c, 0, s,  //
      0, 1, 0,   //
      -s, 0, c;
  return r;
}

Mat3 rotation_z(double a) {
  const double c = std::cos(a), s = std::sin(a);
  Mat3 r;
  r << c, -s, 0,  //
      s, c, 0,    //
      0, 0, 1;
  return r;
}

Mat3 euler_rotation(const std::array<double, 3>& e) {
  return rotation_z(deg2rad(e[0])) * rotation_y(deg2rad(e[1])) * rotation_z(deg2rad(e[2]));
}

Mat3 ImageGeometry::rotation() const {
  return has_euler ? euler_rotation(euler_deg) : rotation_y(deg2rad(tilt_deg));
}

std::vector<double> TiltGeometry::tilts_deg() const {
  std::vector<double> out;
  out.reserve(images.size());
  for (const auto& im : images) out.push_back(im.tilt_deg);
  return out;
}

bool TiltGeometry::has_euler() const {
  for (const auto& im : images)
    if (im.has_euler) return true;
  return false;
}

bool TiltGeometry::has_shifts() const {
  for (const auto& im : images)
    if (im.shift_px[0] != 0.0 || im.shift_px[1] != 0.0) return true;
  return false;
}

TiltGeometry TiltGeometry::from_tilts(const std::vector<double>& tilts_deg) {
  TiltGeometry g;
  g.images.reserve(tilts_deg.size());
  for (double t : tilts_deg) {
    ImageGeometry im;
    im.tilt_deg = t;
    g.images.push_back(im);
  }
  return g;
}

Eigen::Vector2d project_point(const Mat3& rotation, const Vec3& r) {
  const Vec3 q = rotation * r;
  return {q.x(), q.y()};
}

}  // namespace aet
