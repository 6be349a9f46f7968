#include "sim/tilt_scheme.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"

namespace aet::sim {

TiltPlan plan_tilts(const TiltSchemeConfig& c) {
  TiltPlan plan;
  if (c.angles_deg.empty()) {
    if (c.n_tilts < 1) throw Error("tilt scheme: at least one tilt");
    for (int k = 0; k < c.n_tilts; ++k)
      plan.angles_deg.push_back(c.n_tilts == 1 ? c.min_deg
                                               : c.min_deg + (c.max_deg - c.min_deg) * k / double(c.n_tilts - 1));
  } else {
    plan.angles_deg = c.angles_deg;
  }
  for (double a : plan.angles_deg)
    if (!std::isfinite(a) || std::fabs(a) >= 90.0) throw Error("tilt scheme: angles must lie within ±90°");

  const int n = int(plan.angles_deg.size());
  std::vector<int> by_angle(static_cast<std::size_t>(n));
  std::iota(by_angle.begin(), by_angle.end(), 0);
  std::stable_sort(by_angle.begin(), by_angle.end(),
                   [&](int a, int b) { return plan.angles_deg[std::size_t(a)] < plan.angles_deg[std::size_t(b)]; });
  // Position (in by_angle) of the angle nearest 0°.
  int start = 0;
  for (int i = 1; i < n; ++i)
    if (std::fabs(plan.angles_deg[std::size_t(by_angle[std::size_t(i)])]) <
        std::fabs(plan.angles_deg[std::size_t(by_angle[std::size_t(start)])]))
      start = i;

  auto& out = plan.acquisition;
  switch (c.order) {
    case TiltOrder::Sequential: out = by_angle; break;
    case TiltOrder::Bidirectional:
      for (int i = start; i < n; ++i) out.push_back(by_angle[std::size_t(i)]);
      for (int i = start - 1; i >= 0; --i) out.push_back(by_angle[std::size_t(i)]);
      break;
    case TiltOrder::DoseSymmetric: {
      out.push_back(by_angle[std::size_t(start)]);
      int up = start + 1, down = start - 1;
      while (up < n || down >= 0) {
        if (up < n) out.push_back(by_angle[std::size_t(up++)]);
        if (down >= 0) out.push_back(by_angle[std::size_t(down--)]);
      }
      break;
    }
  }
  return plan;
}

}  // namespace aet::sim
