// What every iterative reconstruction shares: the paper's R-factor and the
// early stop when it stops improving.
#include "recon/iterative.hpp"

#include <gtest/gtest.h>

#include "recon/reconstruct.hpp"
#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(RFactor, MatchesThePaperDefinition) {
  // Two images: |1-2|/2 = 0.5 and (|0-1| + |3-3|)/(1+3) = 0.25 → R = 0.375.
  const std::vector<float> model{1, 0, 0, 3}, measured{2, 0, 1, 3};
  EXPECT_TRUE(test::near(r_factor(model, measured, 2, 2), 0.375, 1e-12));
  const auto per_image = r_factor_per_image(model, measured, 2, 2);
  ASSERT_EQ(per_image.size(), 2u);
  EXPECT_TRUE(test::near(per_image[0], 0.5, 1e-12));
  EXPECT_TRUE(test::near(per_image[1], 0.25, 1e-12));
}

TEST(Iterate, StopsWhenTheRFactorStopsImproving) {
  const TiltSeries s = test::toy_series();
  ReconstructConfig c;
  c.stop.iterations = 10000;
  c.stop.report_every = 20;
  c.stop.min_relative_improvement = 0.05;  // 5 % per 20 iterations
  c.stop.log = false;
  const Reconstruction r = reconstruct(s, c);
  EXPECT_LT(r.report.iterations, 10000);
  const auto& h = r.report.r_factor_history;
  ASSERT_GE(h.size(), 2u);
  // The last report improved by less than the threshold (NaN fails).
  EXPECT_LE(h[h.size() - 2] - h.back(), 0.05 * h[h.size() - 2]);
}

}  // namespace
}  // namespace aet::recon
