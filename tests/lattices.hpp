#pragma once
// Hand-built test structures for the analysis tests: fcc balls and slabs,
// hcp, bcc and simple-cubic crystals, a 13-atom icosahedron, an fcc twin.
#include <cmath>
#include <string>
#include <vector>

#include "core/atom_model.hpp"
#include "core/geometry.hpp"

namespace aet::test {

inline constexpr double kA = 3.89;  // Pd lattice constant, Å

/// fcc sites (cube edge a) within radius of the origin, rotated by R.
inline std::vector<Vec3> fcc_ball(double a, double radius, const Mat3& rot = Mat3::Identity()) {
  std::vector<Vec3> p;
  const int n = int(std::ceil(radius / a)) + 1;
  const Vec3 basis[4] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  for (int i = -n; i <= n; ++i)
    for (int j = -n; j <= n; ++j)
      for (int k = -n; k <= n; ++k)
        for (const auto& b : basis) {
          const Vec3 r = a * (Vec3(i, j, k) + b);
          if (r.norm() <= radius) p.push_back(rot * r);
        }
  return p;
}

/// Sites of a Bravais lattice with a basis (in units of a) inside a ball.
inline std::vector<Vec3> lattice_ball(double a, double radius, const std::vector<Vec3>& basis) {
  std::vector<Vec3> p;
  const int n = int(std::ceil(radius / a)) + 1;
  for (int i = -n; i <= n; ++i)
    for (int j = -n; j <= n; ++j)
      for (int k = -n; k <= n; ++k)
        for (const auto& b : basis) {
          const Vec3 r = a * (Vec3(i, j, k) + b);
          if (r.norm() <= radius) p.push_back(r);
        }
  return p;
}

/// Ideal hcp (c/a = sqrt(8/3)), nearest-neighbour distance d, inside a ball.
inline std::vector<Vec3> hcp_ball(double d, double radius) {
  std::vector<Vec3> p;
  const Vec3 a1(d, 0, 0), a2(d / 2, d * std::sqrt(3.0) / 2, 0);
  const double c = d * std::sqrt(8.0 / 3.0);
  const int n = int(std::ceil(radius / d)) + 2;
  for (int i = -2 * n; i <= 2 * n; ++i)
    for (int j = -2 * n; j <= 2 * n; ++j)
      for (int k = -n; k <= n; ++k) {
        const Vec3 base = double(i) * a1 + double(j) * a2 + Vec3(0, 0, k * c);
        for (const Vec3& r : {base, Vec3(base + (a1 + a2) / 3.0 + Vec3(0, 0, c / 2))})
          if (r.norm() <= radius) p.push_back(r);
      }
  return p;
}

/// An fcc ball twinned on the (111) plane through the origin: atoms above it
/// are the mirror images of the lattice below.
inline std::vector<Vec3> twinned_ball(double a, double radius) {
  const Vec3 nrm = Vec3(1, 1, 1).normalized();
  std::vector<Vec3> p;
  for (const auto& r : fcc_ball(a, radius)) {
    const double h = r.dot(nrm);
    if (h <= 1e-9) p.push_back(r);                   // lower half, plane included
    if (h < -1e-9) p.push_back(r - 2.0 * h * nrm);   // its mirror above the plane
  }
  return p;
}

inline AtomModel model_of(const std::vector<Vec3>& p, const std::string& species = "Pt") {
  AtomModel m;
  m.reserve(p.size());
  for (const auto& r : p) m.add_atom(species, r);
  return m;
}

/// Index of the atom nearest to q.
inline std::size_t nearest_atom(const std::vector<Vec3>& p, const Vec3& q) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < p.size(); ++i)
    if ((p[i] - q).norm() < (p[best] - q).norm()) best = i;
  return best;
}

}  // namespace aet::test
