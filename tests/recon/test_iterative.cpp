// What every iterative reconstruction shares: the paper's R-factor and the
// early stop when it stops improving.
#include "recon/iterative.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include "core/error.hpp"

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

TEST(RFactor, NoiseOnlyResidualHasTheExpectedValue) {
  // Images = signal + Gaussian noise of sd σ on the n pixels of a square
  // (zero elsewhere, as after background subtraction); the R-factor of the
  // noiseless signal against them is the noise's, whose expectation is
  // n σ √(2/π) / Σ|b| per image. Over 8 images of 4096 noisy pixels the
  // mean |noise| scatters by 0.76 σ / √32768, 0.4 % of it: allow 2 %.
  const int nt = 8, ny = 80, nx = 80;
  const std::size_t image = std::size_t(ny) * nx;
  std::vector<float> model(nt * image, 0.0f), measured(nt * image, 0.0f);
  std::vector<double> sigma(nt);
  std::vector<std::size_t> pixels(nt, 64 * 64);
  boost::random::mt19937 rng(3);
  for (int a = 0; a < nt; ++a) {
    sigma[std::size_t(a)] = 0.05 * (a + 1);
    boost::random::normal_distribution<double> n(0.0, sigma[std::size_t(a)]);
    for (int i = 8; i < 72; ++i)
      for (int j = 8; j < 72; ++j) {
        const std::size_t p = std::size_t(a) * image + std::size_t(i) * nx + std::size_t(j);
        model[p] = 1.0f + 0.5f * float(std::sin(0.3 * i) * std::cos(0.2 * j));
        measured[p] = model[p] + float(n(rng));
      }
  }
  const double expected = noise_r_factor(measured, nt, image, sigma, pixels);
  const double actual = r_factor(model, measured, nt, image);
  EXPECT_TRUE(test::near(actual, expected, 0.02 * expected)) << actual << " vs " << expected;
  EXPECT_THROW(noise_r_factor(measured, nt, image, std::vector<double>(3, 1.0), pixels), Error);
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
