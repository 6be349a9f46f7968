// Thermal motion: the rms displacements per element and the statistics of
// the frozen-phonon displacements.
#include "sim/thermal_motion.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

TEST(ThermalMotion, DefaultsFollowTheDebyeWallerFactors) {
  // Einstein model: u² = B / 8 pi², with B = 0.44 Å² (Pd) and 0.32 Å² (Pt) at
  // 293 K (Peng et al. 1996): 0.0747 and 0.0637 Å, rounded to 1 mÅ.
  EXPECT_TRUE(near(default_thermal_rms_A("Pd"), std::sqrt(0.44 / (8 * kPi * kPi)), 1e-3));
  EXPECT_TRUE(near(default_thermal_rms_A("Pt"), std::sqrt(0.32 / (8 * kPi * kPi)), 1e-3));
  // Lighter Pd vibrates more than Pt.
  EXPECT_GT(default_thermal_rms_A("Pd"), default_thermal_rms_A("Pt"));
}

TEST(ThermalMotion, PerAtomRmsFromTheConfigElseTheDefault) {
  ThermalConfig c;
  c.rms_A["Pt"] = 0.2;
  const std::vector<std::string> species{"Pt", "Pd", "Pt", "Au"};
  const auto rms = thermal_rms_per_atom(species, c);
  ASSERT_EQ(rms.size(), 4u);
  EXPECT_EQ(rms[0], 0.2);
  EXPECT_EQ(rms[1], default_thermal_rms_A("Pd"));
  EXPECT_EQ(rms[2], 0.2);
  EXPECT_EQ(rms[3], default_thermal_rms_A("Au"));
  c.enabled = false;
  EXPECT_EQ(thermal_rms_per_atom(species, c), std::vector<double>(4, 0.0));
}

TEST(ThermalMotion, DisplacementsAreIsotropicGaussiansOfTheGivenRms) {
  // 30000 atoms, two in three of rms 0.1 Å, the rest held still. Per component:
  // sample rms within 5 standard errors (0.1 / sqrt(2n)), mean within
  // 5 x 0.1 / sqrt(n), x-y correlation within 5 / sqrt(n).
  const std::size_t n = 30000;
  std::vector<Vec3> p(n, Vec3(1.0, -2.0, 3.0));
  std::vector<double> rms(n, 0.1);
  for (std::size_t a = 0; a < n; a += 3) rms[a] = 0.0;
  boost::random::mt19937 rng(4);
  displace(p, rms, rng);
  double m[3] = {0, 0, 0}, s2[3] = {0, 0, 0}, xy = 0;
  std::size_t moved = 0;
  for (std::size_t a = 0; a < n; ++a) {
    const Vec3 d = p[a] - Vec3(1.0, -2.0, 3.0);
    if (rms[a] == 0.0) {
      EXPECT_EQ(d, Vec3::Zero()) << a;
      continue;
    }
    ++moved;
    for (int c = 0; c < 3; ++c) m[c] += d[c], s2[c] += d[c] * d[c];
    xy += d.x() * d.y();
  }
  const double k = double(moved);
  for (int c = 0; c < 3; ++c) {
    EXPECT_TRUE(near(m[c] / k, 0.0, 5 * 0.1 / std::sqrt(k))) << c;
    EXPECT_TRUE(near(std::sqrt(s2[c] / k), 0.1, 5 * 0.1 / std::sqrt(2 * k))) << c;
  }
  EXPECT_TRUE(near(xy / std::sqrt(s2[0] * s2[1]), 0.0, 5 / std::sqrt(k)));
}

}  // namespace
}  // namespace aet::sim
