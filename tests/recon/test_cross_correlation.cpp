// Cross-correlation: a known sub-pixel shift between two analytic images.
#include "recon/cross_correlation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(CrossCorrelation, FindsAKnownSubPixelShift) {
  // The same blobs rendered analytically at two shifts: the answer is exact
  // up to the parabola's bias on a peak of width ~2 px (measured < 0.03 px).
  const auto blobs = test::centred_toy_particle();
  TiltGeometry g = test::tilt_range(20, 20, 1);
  const TiltSeries ref = test::project_blobs(48, 48, test::kToyPixel_A, g, blobs);
  g.images[0].shift_px = {3.3, -1.7};
  const TiltSeries moved = test::project_blobs(48, 48, test::kToyPixel_A, g, blobs);
  CrossCorrelator cc(48, 48);
  const ShiftEstimate e = cc.find_shift(ref.image(0), moved.image(0), 8);
  EXPECT_TRUE(test::near(e.shift_px[0], 3.3, 0.08));
  EXPECT_TRUE(test::near(e.shift_px[1], -1.7, 0.08));
  EXPECT_GT(e.correlation, 0.9);
}

}  // namespace
}  // namespace aet::recon
