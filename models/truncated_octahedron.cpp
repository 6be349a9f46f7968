#include "models/truncated_octahedron.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/error.hpp"
#include "core/metadata.hpp"
#include "models/fcc_lattice.hpp"

namespace aet::models {

void validate_core(const FacetDistances& outer, const FacetDistances& core) {
  outer.validate("particle");
  core.validate("core");
  if (core.facet111_A > outer.facet111_A || core.facet100_A > outer.facet100_A || core.facet110_A > outer.facet110_A)
    throw Error("core larger than particle: core facets {111} " + format_double(core.facet111_A) + " Å, {100} " +
                format_double(core.facet100_A) + " Å, {110} " + format_double(core.facet110_A) +
                " Å must not exceed the particle's {111} " + format_double(outer.facet111_A) + " Å, {100} " +
                format_double(outer.facet100_A) + " Å, {110} " + format_double(outer.facet110_A) + " Å");
}

namespace {

/// Plane indices of a site for the three facet families, and the unit (Å)
/// of each index: {111} |i|+|j|+|k| (a/(2 sqrt3)), {100} max |i| (a/2),
/// {110} max(|i|+|j|, ...) (a/(2 sqrt2)).
struct Indices {
  int f111, f100, f110;
};

Indices indices_of(const FccSite& s) {
  const int i = std::abs(s.i), j = std::abs(s.j), k = std::abs(s.k);
  return {i + j + k, std::max({i, j, k}), std::max({i + j, j + k, i + k})};
}

}  // namespace

ParticleSites build_truncated_octahedron(const FacetDistances& outer, const FacetDistances& core, double a) {
  validate_lattice(a);
  validate_core(outer, core);
  const std::array<double, 3> unit{a / (2.0 * std::sqrt(3.0)), a / 2.0, a / (2.0 * std::sqrt(2.0))};
  const std::array<int, 3> limit{plane_index_limit(outer.facet111_A, unit[0]),
                                 plane_index_limit(outer.facet100_A, unit[1]),
                                 plane_index_limit(outer.facet110_A, unit[2])};
  const std::array<double, 3> core_d{core.facet111_A, core.facet100_A, core.facet110_A};
  const int half = std::max(0, limit[0]);  // |i| <= |i|+|j|+|k| <= limit111

  std::vector<std::pair<Indices, FccSite>> kept;
  std::array<bool, 3> cuts{true, false, false};  // does each family remove a site?
  for (const auto& s : fcc_sites_in_cube(half)) {
    const Indices n = indices_of(s);
    if (n.f111 > limit[0]) continue;
    const bool out100 = n.f100 > limit[1], out110 = n.f110 > limit[2];
    cuts[1] = cuts[1] || out100;
    cuts[2] = cuts[2] || out110;
    if (out100 || out110) continue;
    kept.emplace_back(n, s);
  }
  // Outermost occupied layer of each facet family: the surface atoms' planes.
  std::array<int, 3> top{0, 0, 0};
  for (const auto& [n, s] : kept) {
    top[0] = std::max(top[0], n.f111);
    top[1] = std::max(top[1], n.f100);
    top[2] = std::max(top[2], n.f110);
  }
  ParticleSites sites;
  sites.reserve(kept.size());
  const Voigt zero{0, 0, 0, 0, 0, 0};
  for (const auto& [n, s] : kept) {
    const std::array<int, 3> idx{n.f111, n.f100, n.f110};
    double depth = std::numeric_limits<double>::infinity();
    double interface = -std::numeric_limits<double>::infinity();
    for (std::size_t f = 0; f < 3; ++f) {
      if (cuts[f]) depth = std::min(depth, (top[f] - idx[f]) * unit[f]);
      interface = std::max(interface, idx[f] * unit[f] - core_d[f]);
    }
    sites.push_back(Vec3(s.i, s.j, s.k) * unit[1], 0, false, false, depth, interface, zero);
  }
  return sites;
}

}  // namespace aet::models
