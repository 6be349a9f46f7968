// The analysis on ground-truth particles from models/, scored
// against their per-atom truth columns (models/columns.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "analysis/analyze.hpp"
#include "analysis/interface_profile.hpp"
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
  std::get<models::DecahedronShape>(cfg.shape).twins.twin_angles_deg = {74.1, 70.8, 71.8, 72.3, 71.0};
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
  const auto& want = std::get<models::DecahedronShape>(cfg.shape).twins.twin_angles_deg;
  double best = 1e9;
  for (int shift = 0; shift < 5; ++shift)
    for (int dir : {1, -1}) {
      test::Worst worst;
      for (int k = 0; k < 5; ++k)
        worst.add(std::fabs(r.fivefold.twin_angles_deg[std::size_t(k)] -
                            want[std::size_t(((dir * k + shift) % 5 + 5) % 5)]));
      if (worst.value() < best) best = worst.value();  // a NaN leaves best at 1e9: fails
    }
  EXPECT_LT(best, 0.3);
  // Strain against the builder's field (Voigt xx yy zz yz xz xy). Measured
  // RMSE per component: 0.47 0.37 0.44 0.18 0.33 0.20 % (truth rms 1.49 0.26
  // 0.52 0.36 0.67 0.47 %); the smoothing (sigma 3.89 Å) blurs the field near
  // the disclination. Bound: 0.6 % per component.
  ASSERT_TRUE(r.strain.has_value());
  const auto& truth = m.column(std::string(col::kStrain));
  const auto rmse_of = [&](const std::vector<std::array<double, 6>>& est, std::size_t c) {
    double se = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
      const double t = truth.reals[i * 6 + c], g = est[i][c];
      if (std::isnan(t) || std::isnan(g)) continue;
      se += (g - t) * (g - t);
      ++n;
    }
    EXPECT_GT(n, m.size() * 9 / 10);
    return std::sqrt(se / double(std::max<std::size_t>(n, 1)));
  };
  // The paper's estimator (gradient of the kernel-smoothed field) follows
  // the builder's field less closely in every component: measured RMSE
  // 0.66 0.38 0.50 0.22 0.41 0.27 % (yy by the smallest margin, 0.008
  // points; the model and analysis are deterministic).
  for (std::size_t c = 0; c < 6; ++c) {
    const double rmse = rmse_of(r.strain->strain, c);
    const double rmse_ks = rmse_of(r.strain->strain_kernel_smoothed, c);
    std::printf("strain %s: RMSE local-linear %.3f %%, kernel-smoothed %.3f %%\n", kStrainComponents[c], 100 * rmse,
                100 * rmse_ks);
    RecordProperty(std::string("strain_rmse_") + kStrainComponents[c], std::to_string(rmse));
    EXPECT_LT(rmse, 0.006) << kStrainComponents[c];
    EXPECT_GT(rmse_ks, rmse) << kStrainComponents[c];
  }
}

TEST(TruthModels, InterfaceWidthRecovered) {
  // Truncated octahedra with erf profiles of 5-95 % width 2, 4.2 and 8 Å,
  // seeds 5, 6, 7 (species draws differ; the lattice does not). Measured:
  //   built  paper's def. (1)   binned true (2)   erf fit, iso-surface
  //   2.0    2.42 2.59 2.55     2.41 2.60 2.65    2.47 2.62 2.66
  //   4.2    3.72 3.56 3.55     3.93 3.84 3.80    4.36 4.20 4.29
  //   8.0    5.83 5.98 5.82     6.59 6.94 6.56    7.97 8.09 7.79
  //   built  erf fit, polyhedral core   erf fit, builder's own distance
  //   2.0    1.89 2.06 2.11             1.88 2.00 2.09
  //   4.2    4.19 3.94 4.14             4.13 3.91 4.05
  //   8.0    7.92 7.97 7.83             7.90 7.95 7.76
  // The fit on the builder's own distances shows the sampling noise of a
  // ~8400-atom particle (sd 0.1-0.15 Å over seeds 5-9); the polyhedral core
  // (the headline here: likelihood ratio 1.01-1.04 or < 1) follows it within
  // 0.09 Å. The iso-surface is 0.45-0.66 Å too wide at 2 Å: its 3 Å
  // smoothing rounds the core's sharp edges. Definition 1 (paper) overstates
  // 2 Å by 0.4-0.6 Å and understates 4.2 Å by 0.5-0.7 Å and 8 Å by 1.8-2.3 Å:
  // the clean-Pd surface cannot see the upper half of a wide profile.
  const std::string s_col(col::kInterfaceDistance);
  for (const double width : {2.0, 4.2, 8.0})
    for (const unsigned seed : {5u, 6u, 7u}) {
      auto cfg = models::preset("to");
      cfg.composition.interface_width_A = width;
      const AtomModel m = models::build_particle(cfg, seed);
      const auto r = interface_profile(m);
      ASSERT_TRUE(r.iso_fit.found && r.polyhedral.found && r.true_fit.found) << width << " seed " << seed;
      std::vector<double> own(m.size());
      std::vector<std::uint8_t> is_pd(m.size());
      for (std::size_t i = 0; i < m.size(); ++i) own[i] = m.real(s_col, i), is_pd[i] = m.species()[i] == "Pd";
      const auto oracle = detail::fit_erf_profile(own, is_pd);
      const double fit = r.true_fit.thickness_A;
      std::printf("built %.1f A seed %u: paper %.2f, binned true %.2f, iso %.2f, polyhedral %.2f (%zu facets, "
                  "likelihood ratio %.3f), builder's distance %.2f; headline %s\n",
                  width, seed, r.paper.thickness_A, r.true_distance.thickness_A, r.iso_fit.thickness_A,
                  r.polyhedral.fit.thickness_A, r.polyhedral.normals.size(),
                  r.polyhedral.fit.neg_log_likelihood / r.iso_fit.neg_log_likelihood, oracle.thickness_A,
                  r.true_fit_polyhedral ? "polyhedral" : "iso");
      EXPECT_TRUE(r.true_fit_polyhedral) << width << " seed " << seed;
      EXPECT_TRUE(test::near(fit, width, 0.3)) << width << " seed " << seed << ": " << fit;
      // Within twice the measured 0.09 Å of the fit on the builder's own distances.
      EXPECT_TRUE(test::near(r.polyhedral.fit.thickness_A, oracle.thickness_A, 0.18)) << width << " seed " << seed;
      if (width == 2.0) {
        EXPECT_GT(r.iso_fit.thickness_A, width + 0.3) << "seed " << seed << ": the iso-surface's 2 Å excess is gone";
        EXPECT_GT(r.paper.thickness_A, width + 0.2) << "seed " << seed;
      } else {
        EXPECT_TRUE(test::near(r.iso_fit.thickness_A, width, 0.3)) << width << " seed " << seed;
        EXPECT_LT(r.paper.thickness_A, width - (width > 5 ? 1.0 : 0.3)) << width << " seed " << seed;
      }
      // Per-atom depth is in the fit's frame: the Pd fraction is ~50 % at
      // depth 0 and beyond 95 % / below 5 % outside the band. ~300 atoms
      // within 0.5 Å of the middle: binomial sd 0.03, so 0.4-0.6. Not at 2 Å:
      // there the middle 1 Å holds whole atomic layers (1.95-2.25 Å apart)
      // on one side or the other of the 50 % level.
      if (width > 3.0) {
        const double half = 0.5 * fit;
        std::size_t mid = 0, mid_pd = 0, in = 0, in_pd = 0, out = 0, out_pd = 0;
        for (std::size_t i = 0; i < m.size(); ++i) {
          const double d = r.atom_interface_depth_A[i];
          const bool pd = m.species()[i] == "Pd";
          if (std::fabs(d) < 0.5) mid += 1, mid_pd += pd;
          if (d < -half) in += 1, in_pd += pd;
          if (d > half) out += 1, out_pd += pd;
        }
        EXPECT_TRUE(test::near(double(mid_pd) / double(mid), 0.5, 0.1)) << width << " seed " << seed;
        EXPECT_GT(double(in_pd) / double(in), 0.9) << width << " seed " << seed;
        EXPECT_LT(double(out_pd) / double(out), 0.1) << width << " seed " << seed;
      }
      // The isolated Pd in the shell (0.8 % of eligible sites) show up as the
      // Pd floor of the fit; measured 0.5-1.1 %.
      EXPECT_LT(r.true_fit.pd_floor, 0.03) << width << " seed " << seed;
      const std::string tag = std::to_string(width).substr(0, 3) + "_seed" + std::to_string(seed);
      RecordProperty("paper_" + tag, std::to_string(r.paper.thickness_A));
      RecordProperty("true_binned_" + tag, std::to_string(r.true_distance.thickness_A));
      RecordProperty("true_fit_" + tag, std::to_string(fit));
    }
}

}  // namespace
}  // namespace aet::analysis
