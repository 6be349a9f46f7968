// The analysis on ground-truth particles from models/ (issue 4), scored
// against their per-atom truth columns (models/columns.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/analyze.hpp"
#include "models/columns.hpp"
#include "models/particle.hpp"
#include "models/presets.hpp"
#include "test_util.hpp"

namespace aet::analysis {
namespace {

namespace col = models::columns;

TEST(TruthModels, PentagonalBipyramidGrainsAxisTwinAnglesStrain) {
  // The paper's PB wedge angles built in; seed 3 (any seed: the structure
  // does not depend on it, only species and orientation do).
  auto cfg = models::preset("pb");
  cfg.twins.twin_angles_deg = {74.1, 70.8, 71.8, 72.3, 71.0};
  const AtomModel m = models::build_particle(cfg, 3u);
  const auto r = analyze(m);
  // Five grains, each matching one truth grain one-to-one.
  ASSERT_EQ(r.grains.grains.size(), 5u);
  std::map<std::pair<std::int64_t, int>, std::size_t> pairs;
  std::size_t assigned = 0;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (r.grains.grain[i] >= 0) {
      ++pairs[{m.integer(std::string(col::kGrain), i), r.grains.grain[i]}];
      ++assigned;
    }
  EXPECT_EQ(pairs.size(), 5u);  // measured: every grain atom in the matching truth grain
  // The five-fold axis: every atom found is a truth axis atom; at most the
  // two tip atoms (incomplete environment) are missed. Measured: 19 of 21.
  ASSERT_TRUE(r.fivefold.found);
  std::size_t truth_axis = 0, found_true = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    const bool t = m.integer(std::string(col::kFivefoldAxis), i) != 0;
    truth_axis += t;
    if (r.fivefold.on_axis[i]) {
      EXPECT_TRUE(t) << "atom " << i << " found on the axis but is not";
      found_true += t;
    }
  }
  EXPECT_GE(found_true + 2, truth_axis);
  // Twin (wedge) angles as built, in azimuthal order up to a cyclic shift and
  // direction. Measured: equal to 1e-6°; tolerance 0.3°.
  ASSERT_EQ(r.fivefold.twin_angles_deg.size(), 5u);
  const auto& want = cfg.twins.twin_angles_deg;
  double best = 1e9;
  for (int shift = 0; shift < 5; ++shift)
    for (int dir : {1, -1}) {
      double worst = 0;
      for (int k = 0; k < 5; ++k)
        worst = std::max(worst, std::fabs(r.fivefold.twin_angles_deg[std::size_t(k)] -
                                          want[std::size_t(((dir * k + shift) % 5 + 5) % 5)]));
      best = std::min(best, worst);
    }
  EXPECT_LT(best, 0.3);
  // Strain against the builder's field (Voigt xx yy zz yz xz xy). Measured
  // RMSE per component: 0.47 0.37 0.44 0.18 0.33 0.20 % (truth rms 1.49 0.26
  // 0.52 0.36 0.67 0.47 %); the smoothing (sigma 3.89 Å) blurs the field near
  // the disclination. Bound: 0.6 % per component.
  ASSERT_TRUE(r.strain.has_value());
  const auto& truth = m.column(std::string(col::kStrain));
  for (std::size_t c = 0; c < 6; ++c) {
    double se = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
      const double t = truth.reals[i * 6 + c], g = r.strain->strain[i][c];
      if (std::isnan(t) || std::isnan(g)) continue;
      se += (g - t) * (g - t);
      ++n;
    }
    ASSERT_GT(n, m.size() * 9 / 10);
    const double rmse = std::sqrt(se / double(n));
    RecordProperty(std::string("strain_rmse_") + kStrainComponents[c], std::to_string(rmse));
    EXPECT_LT(rmse, 0.006) << kStrainComponents[c];
  }
}

TEST(TruthModels, InterfaceWidthRecovered) {
  // Truncated octahedra with erf profiles of 5-95 % width 2, 4.2 and 8 Å
  // (seed 5). Measured (seeds 5, 6, 7):
  //   built   paper's def.      true distance     iso-surface (unbinned)
  //   2.0     2.42 2.59 2.55    2.41 2.60 2.65    2.19 2.20 2.29
  //   4.2     3.72 3.56 3.55    3.93 3.84 3.80    4.11 4.35 3.99
  //   8.0     5.83 5.98 5.82    6.59 6.94 6.56    8.54 8.71 7.75
  // Both binned definitions measure from the clean-Pd surface, inside which
  // everything is Pd by construction, so they cannot see the upper half of a
  // wide profile: they understate 8 Å by 1-2 Å. The iso-surface estimate
  // recovers 2 and 4.2 Å within 0.3 Å; at 8 Å its 5 % crossing rests on a
  // sparse tail and varies by ±0.5 Å between seeds (bound 0.8 Å).
  const std::map<double, double> tolerance{{2.0, 0.3}, {4.2, 0.3}, {8.0, 0.8}};
  for (const auto& [width, tol] : tolerance) {
    auto cfg = models::preset("to");
    cfg.composition.interface_width_A = width;
    const AtomModel m = models::build_particle(cfg, 5u);
    const auto r = interface_profile(m);
    ASSERT_TRUE(r.iso_surface.found) << width;
    EXPECT_TRUE(test::near(r.iso_surface.thickness_A, width, tol)) << width;
    if (width == 8.0) {
      EXPECT_LT(r.paper.thickness_A, width - 1.0);
      EXPECT_LT(r.true_distance.thickness_A, width - 1.0);
    }
    RecordProperty("paper_" + std::to_string(width), std::to_string(r.paper.thickness_A));
    RecordProperty("true_" + std::to_string(width), std::to_string(r.true_distance.thickness_A));
  }
}

}  // namespace
}  // namespace aet::analysis
