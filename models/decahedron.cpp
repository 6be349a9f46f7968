#include "models/decahedron.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/error.hpp"
#include "core/metadata.hpp"
#include "models/fcc_lattice.hpp"
#include "models/truncated_octahedron.hpp"

namespace aet::models {

double decahedron_rim_radius_A(double d) {
  return d * std::sqrt(3.0) / std::cos(0.5 * deg2rad(ideal_wedge_angle_deg()));
}

namespace {

struct WedgeSite {
  int cap;      // |i-j| + k: {111} cap plane index, units a/(2 sqrt 3)
  int side;     // k: {100} side plane index, units a/2
  int tip;      // |i-j|: {110} tip plane index, units a/(2 sqrt 2)
  bool twin;    // on the grain's first twin plane (i+j-k = 0)
  bool axis;    // on the five-fold axis
  Vec3 r;       // grain frame: x bisector, z axis (Å)
};

}  // namespace

ParticleSites build_decahedron(const FacetDistances& outer, const FacetDistances& core, double a,
                               const FivefoldTwinConfig& twins, const GrainShifts& side100_shift_A) {
  validate_lattice(a);
  validate_core(outer, core);
  twins.validate();
  for (double shift : side100_shift_A)
    if (!std::isfinite(shift) || !(outer.facet100_A + shift > 0.0) || core.facet100_A > outer.facet100_A + shift)
      throw Error("grain {100} side shift " + format_double(shift) + " Å puts a side facet at or inside the core (" +
                  format_double(core.facet100_A) + " Å) or the axis");
  const double unit111 = a / (2.0 * std::sqrt(3.0));
  const double unit100 = a / 2.0;
  // Grain frame: x = [001], y = [-1-10]/sqrt2, z = [1-10]/sqrt2.
  const double h = a / (2.0 * std::sqrt(2.0));  // also the {110} unit
  const int m111 = plane_index_limit(outer.facet111_A, unit111);
  const int m110 = plane_index_limit(outer.facet110_A, h);
  std::array<int, 5> m100{};
  for (std::size_t g = 0; g < 5; ++g) m100[g] = plane_index_limit(outer.facet100_A + side100_shift_A[g], unit100);
  const int ijmax = m111;  // |i-j| <= m111 and |i+j| <= k <= m111
  bool tip_cuts = false;   // does the {110} facet remove any site?
  // The unstrained wedge of one grain without its {100} side cut.
  std::vector<WedgeSite> wedge;
  for (int i = -ijmax; i <= ijmax; ++i)
    for (int j = -ijmax; j <= ijmax; ++j)
      for (int k = 0; k <= m111; ++k) {
        if (((i + j + k) & 1) != 0) continue;
        const bool axis = (i + j == 0 && k == 0);
        if (!axis && !(i + j + k > 0 && i + j - k <= 0)) continue;
        const int cap = std::abs(i - j) + k;
        if (cap > m111) continue;
        const int tip = std::abs(i - j);
        if (tip > m110) {
          tip_cuts = true;
          continue;
        }
        wedge.push_back({cap, k, tip, i + j - k == 0, axis, Vec3(k * unit100, -(i + j) * h, (i - j) * h)});
      }
  // Per grain: does its side facet cut, and its outermost side layer.
  std::array<bool, 5> side_cuts{};
  std::array<int, 5> top_side{};
  int top_cap = 0, top_tip = 0;
  double radius = 0.0;
  for (const auto& w : wedge) {
    top_cap = std::max(top_cap, w.cap);
    top_tip = std::max(top_tip, w.tip);
    for (std::size_t g = 0; g < 5; ++g) {
      if (w.side > m100[g]) {
        side_cuts[g] = true;
      } else {
        top_side[g] = std::max(top_side[g], w.side);
        radius = std::max(radius, std::hypot(w.r.x(), w.r.y()));
      }
    }
  }
  const GapClosureMap map = gap_closure_map(twins, std::max(radius, unit100));

  // A {100} or {110} facet that cuts nothing does not bound the grain.
  const auto depth_of = [&](const WedgeSite& w, std::size_t g) {
    double d = (top_cap - w.cap) * unit111;
    if (side_cuts[g]) d = std::min(d, (top_side[g] - w.side) * unit100);
    if (tip_cuts) d = std::min(d, (top_tip - w.tip) * h);
    return d;
  };
  const auto interface_of = [&](const WedgeSite& w) {
    return std::max({w.cap * unit111 - core.facet111_A, w.side * unit100 - core.facet100_A,
                     w.tip * h - core.facet110_A});
  };
  ParticleSites sites;
  sites.reserve(5 * wedge.size());
  double max_move = 0.0;
  for (const auto& w : wedge)  // the axis, once
    if (w.axis) sites.push_back(w.r, -1, true, true, depth_of(w, 0), interface_of(w), map.strain(0, 0.0, 0.0));
  for (int g = 0; g < 5; ++g)
    for (const auto& w : wedge) {
      if (w.axis || w.side > m100[std::size_t(g)]) continue;
      const double r = std::hypot(w.r.x(), w.r.y());
      const double theta = std::atan2(w.r.y(), w.r.x());
      const Vec3 p = map.map(g, r, theta, w.r.z());
      const double ref_angle = map.bisector_rad[std::size_t(g)] + theta;
      max_move = std::max(max_move, (p - Vec3(r * std::cos(ref_angle), r * std::sin(ref_angle), w.r.z())).norm());
      sites.push_back(p, g, w.twin, false, depth_of(w, std::size_t(g)), interface_of(w), map.strain(g, r, theta));
    }
  sites.max_displacement_A = max_move;
  return sites;
}

}  // namespace aet::models
