// Tilt scheme: evenly spaced or listed angles, and the three acquisition
// orders as the header defines them.
#include "sim/tilt_scheme.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

TEST(TiltScheme, Orders) {
  TiltSchemeConfig t;
  t.min_deg = -20;
  t.max_deg = 20;
  t.n_tilts = 5;  // -20 -10 0 10 20
  t.order = TiltOrder::Sequential;
  EXPECT_EQ(plan_tilts(t).acquisition, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(plan_tilts(t).angles_deg, (std::vector<double>{-20, -10, 0, 10, 20}));
  t.order = TiltOrder::Bidirectional;
  EXPECT_EQ(plan_tilts(t).acquisition, (std::vector<int>{2, 3, 4, 1, 0}));
  t.order = TiltOrder::DoseSymmetric;
  EXPECT_EQ(plan_tilts(t).acquisition, (std::vector<int>{2, 3, 1, 4, 0}));
  t.angles_deg = {30, -10, 5};
  t.order = TiltOrder::Sequential;
  EXPECT_EQ(plan_tilts(t).acquisition, (std::vector<int>{1, 2, 0}));
}

TEST(TiltScheme, OrdersStartNearestZeroOfAnAsymmetricRange) {
  // -10, 0, ..., 50: the start (0°) is section 1, so the bidirectional scheme
  // climbs to 50° before coming back to -10°, and the dose-symmetric one runs
  // out of lower angles after one step and goes on upwards.
  TiltSchemeConfig t;
  t.min_deg = -10;
  t.max_deg = 50;
  t.n_tilts = 7;
  t.order = TiltOrder::Bidirectional;
  EXPECT_EQ(plan_tilts(t).acquisition, (std::vector<int>{1, 2, 3, 4, 5, 6, 0}));
  t.order = TiltOrder::DoseSymmetric;
  EXPECT_EQ(plan_tilts(t).acquisition, (std::vector<int>{1, 2, 0, 3, 4, 5, 6}));
  // An explicit list keeps its order for the sections; the acquisition still
  // starts nearest 0° (section 2, at -2°).
  t.angles_deg = {40, -30, -2, 10};
  EXPECT_EQ(plan_tilts(t).angles_deg, t.angles_deg);
  EXPECT_EQ(plan_tilts(t).acquisition, (std::vector<int>{2, 3, 1, 0}));
}

TEST(TiltScheme, RangeIsEvenlySpaced) {
  TiltSchemeConfig t;
  t.min_deg = -60;
  t.max_deg = 60;
  t.n_tilts = 13;
  const TiltPlan p = plan_tilts(t);
  ASSERT_EQ(p.angles_deg.size(), 13u);
  for (std::size_t k = 0; k < 13; ++k) EXPECT_TRUE(near(p.angles_deg[k], -60.0 + 10.0 * double(k), 1e-12)) << k;
  // One tilt: the (equal) ends.
  t.min_deg = t.max_deg = 15;
  t.n_tilts = 1;
  EXPECT_EQ(plan_tilts(t).angles_deg, (std::vector<double>{15}));
  EXPECT_EQ(plan_tilts(t).acquisition, (std::vector<int>{0}));
}

TEST(TiltScheme, PaperPresetAngles) {
  const TiltPlan p = plan_tilts(paper_preset().tilts);
  ASSERT_EQ(p.angles_deg.size(), 67u);
  EXPECT_DOUBLE_EQ(p.angles_deg.front(), -76.0);
  EXPECT_DOUBLE_EQ(p.angles_deg.back(), 76.0);
}

TEST(TiltScheme, BadAnglesAreAnError) {
  TiltSchemeConfig t;
  t.n_tilts = 0;
  EXPECT_THROW(plan_tilts(t), Error);
  t = TiltSchemeConfig{};
  t.angles_deg = {0.0, 90.0};
  EXPECT_THROW(plan_tilts(t), Error);
  t.angles_deg = {0.0, NAN};
  EXPECT_THROW(plan_tilts(t), Error);
  t.angles_deg.clear();
  t.min_deg = -91;
  EXPECT_THROW(plan_tilts(t), Error);
}

}  // namespace
}  // namespace aet::sim
