#include "models/icosahedron.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "core/error.hpp"
#include "core/metadata.hpp"
#include "models/fcc_lattice.hpp"

namespace aet::models {

namespace {

constexpr double kGolden = 1.6180339887498949;  // (1 + sqrt 5) / 2

/// r_s / d: keeps the fcc atomic volume. One site per det(v_a, v_b, v_c) =
/// (3 + sqrt5) / 8 r_s^3 (six times a twentieth of the icosahedron of edge
/// r_s) against d^3 / sqrt2 in fcc.
double tangential_over_fcc() { return std::cbrt(8.0 / (std::sqrt(2.0) * (3.0 + std::sqrt(5.0)))); }

/// Icosahedron edge / circumradius = 1 / sin 72 deg.
double tangential_over_radial() { return 1.0 / std::sin(2.0 * kPi / 5.0); }

/// The twelve unit vertex directions.
std::array<Vec3, 12> vertex_directions() {
  std::array<Vec3, 12> v;
  std::size_t n = 0;
  for (int s1 : {-1, 1})
    for (int s2 : {-1, 1}) {
      v[n++] = Vec3(0.0, s1, s2 * kGolden);
      v[n++] = Vec3(s1, s2 * kGolden, 0.0);
      v[n++] = Vec3(s2 * kGolden, 0.0, s1);
    }
  for (auto& x : v) x.normalize();
  return v;
}

/// The twenty faces: vertex triples pairwise at the edge angle (cos = 1/sqrt5).
std::vector<std::array<int, 3>> faces(const std::array<Vec3, 12>& v) {
  const auto adjacent = [&](int a, int b) { return std::fabs(v[a].dot(v[b]) - 1.0 / std::sqrt(5.0)) < 1e-9; };
  std::vector<std::array<int, 3>> f;
  for (int a = 0; a < 12; ++a)
    for (int b = a + 1; b < 12; ++b)
      for (int c = b + 1; c < 12; ++c)
        if (adjacent(a, b) && adjacent(b, c) && adjacent(a, c)) f.push_back({a, b, c});
  if (f.size() != 20) throw Error("icosahedron: internal error, found " + std::to_string(f.size()) + " faces");
  return f;
}

/// Left stretch V - I of the affine map of a tetrahedron: fcc nearest-
/// neighbour edge vectors (length d) onto the scaled vertex vectors.
Voigt tetrahedron_strain(const Vec3& va, const Vec3& vb, const Vec3& vc, double d) {
  Mat3 ideal;
  ideal.col(0) = Vec3(1, 1, 0);
  ideal.col(1) = Vec3(1, 0, 1);
  ideal.col(2) = Vec3(0, 1, 1);
  ideal *= d / std::sqrt(2.0);
  Mat3 built;
  built.col(0) = va;
  built.col(1) = vb;
  built.col(2) = vc;
  // Same handedness, so that the map is a stretch times a proper rotation.
  if ((ideal.determinant() > 0.0) != (built.determinant() > 0.0)) ideal.col(1).swap(ideal.col(2));
  const Mat3 f = built * ideal.inverse();
  const Eigen::SelfAdjointEigenSolver<Mat3> eig(f * f.transpose());
  const Mat3 v = eig.operatorSqrt();
  return {v(0, 0) - 1.0, v(1, 1) - 1.0, v(2, 2) - 1.0, v(1, 2), v(0, 2), v(0, 1)};
}

}  // namespace

std::size_t mackay_atom_count(int shells) {
  const std::size_t k = std::size_t(std::max(0, shells));
  return (10 * k * k * k + 15 * k * k + 11 * k + 3) / 3;
}

double icosahedron_tangential_bond_A(double a) { return tangential_over_fcc() * fcc_nearest_neighbour_A(a); }

double icosahedron_radial_bond_A(double a) { return icosahedron_tangential_bond_A(a) / tangential_over_radial(); }

double icosahedron_layer_spacing_A(double a) {
  // Inradius of the icosahedron of edge r_s: phi^2 / (2 sqrt3) r_s.
  return kGolden * kGolden / (2.0 * std::sqrt(3.0)) * icosahedron_tangential_bond_A(a);
}

double icosahedron_facet_distance_A(int shells, double a) { return shells * icosahedron_layer_spacing_A(a); }

int icosahedron_shells(double facet111_A, double a) {
  const double n = facet111_A / icosahedron_layer_spacing_A(a);
  if (!(n < 1e6)) return std::numeric_limits<int>::max();
  return int(std::floor(n * (1.0 + 1e-9)));
}

void validate_icosahedron(double outer_facet, double core_facet, double a) {
  validate_lattice(a);
  const double h = icosahedron_layer_spacing_A(a);
  if (!std::isfinite(outer_facet) || !(outer_facet > 0.0))
    throw Error("icosahedron: facet distance must be a positive number of Å, got " + format_double(outer_facet));
  const int shells = icosahedron_shells(outer_facet, a);
  if (shells < 1 || shells > kMaxIcosahedronShells)
    throw Error("icosahedron: facet distance " + format_double(outer_facet) + " Å holds " +
                (shells > kMaxIcosahedronShells ? "too many" : std::to_string(shells)) + " shells (one every " +
                format_double(h) + " Å; 1 to " + std::to_string(kMaxIcosahedronShells) + " allowed)");
  if (!std::isfinite(core_facet) || !(core_facet > 0.0) || core_facet > outer_facet)
    throw Error("icosahedron: core facet distance must be in (0, " + format_double(outer_facet) + "] Å, got " +
                format_double(core_facet));
}

ParticleSites build_icosahedron(double outer_facet, double core_facet, double a) {
  validate_icosahedron(outer_facet, core_facet, a);
  const double h = icosahedron_layer_spacing_A(a);
  const int shells = icosahedron_shells(outer_facet, a);

  const auto dirs = vertex_directions();
  const auto tets = faces(dirs);
  const double rc = icosahedron_radial_bond_A(a);
  std::array<Vec3, 12> v;
  for (std::size_t i = 0; i < 12; ++i) v[i] = rc * dirs[i];
  std::vector<Voigt> strain(tets.size());
  for (std::size_t t = 0; t < tets.size(); ++t)
    strain[t] = tetrahedron_strain(v[tets[t][0]], v[tets[t][1]], v[tets[t][2]], fcc_nearest_neighbour_A(a));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Voigt undefined{nan, nan, nan, nan, nan, nan};

  // A site is identified exactly by its nonzero (vertex, coefficient) pairs,
  // the same from every tetrahedron that holds it; the first (lowest-numbered)
  // tetrahedron to reach it keeps it.
  std::map<std::array<int, 6>, std::size_t> seen;
  ParticleSites sites;
  sites.reserve(mackay_atom_count(shells));
  for (std::size_t t = 0; t < tets.size(); ++t) {
    const auto& f = tets[t];
    for (int i = 0; i <= shells; ++i)
      for (int j = 0; i + j <= shells; ++j)
        for (int l = 0; i + j + l <= shells; ++l) {
          const int coef[3] = {i, j, l};
          std::array<std::pair<int, int>, 3> terms{};
          int nonzero = 0;
          for (std::size_t m = 0; m < 3; ++m) {
            terms[m] = {coef[m] > 0 ? f[m] : -1, coef[m]};
            nonzero += coef[m] > 0;
          }
          std::sort(terms.begin(), terms.end());
          const std::array<int, 6> key{terms[0].first, terms[0].second, terms[1].first,
                                       terms[1].second, terms[2].first, terms[2].second};
          if (!seen.emplace(key, sites.size()).second) continue;
          const int layer = i + j + l;
          const bool axis = nonzero <= 1;
          const Vec3 p = double(i) * v[f[0]] + double(j) * v[f[1]] + double(l) * v[f[2]];
          sites.push_back(p, axis ? -1 : int(t), nonzero <= 2, axis, (shells - layer) * h, layer * h - core_facet,
                          axis ? undefined : strain[t]);
        }
  }
  if (sites.size() != mackay_atom_count(shells))
    throw Error("icosahedron: internal error, " + std::to_string(sites.size()) + " sites for " +
                std::to_string(shells) + " shells");
  return sites;
}

}  // namespace aet::models
