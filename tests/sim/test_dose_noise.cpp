// Dose and detector: electrons per pixel, and the detected signal's mean
// and variance (gain x Poisson + Gaussian read noise).
#include "sim/dose_noise.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <cmath>
#include <vector>

#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

TEST(Dose, PaperPresetElectronsPerPixel) {
  // 6.4e5 e/Å² over 67 x 3 frames at 0.343 Å: 375 electrons per pixel per frame
  // (30 pA for a 2 µs dwell).
  EXPECT_TRUE(near(electrons_per_pixel(paper_preset()), 6.4e5 / 201 * 0.343 * 0.343, 1e-9));
}

TEST(Detect, WithoutNoiseIsGainTimesTheExpectedCounts) {
  DetectorConfig d;
  d.shot_noise = false;
  d.read_noise = 0.0;
  d.gain = 2.5;
  const std::vector<double> f{0.0, 0.01, 0.2, 0.73};
  std::vector<float> out(f.size());
  boost::random::mt19937 rng(1);
  detect(f, out, 400.0, d, rng);
  for (std::size_t i = 0; i < f.size(); ++i) EXPECT_FLOAT_EQ(out[i], float(2.5 * 400.0 * f[i])) << i;
}

TEST(Detect, MeanAndVarianceArePoissonPlusReadNoise) {
  // lambda = 2500 x 0.02 = 50 counts per pixel; gain 2, read noise 3:
  // mean = gain lambda = 100, variance = gain² lambda + read² = 209.
  // Tolerances: 5 standard errors, SE(mean) = sqrt(var / n),
  // SE(var) = var sqrt(2 / (n - 1)) (Poisson's excess kurtosis 1/lambda adds 1 %).
  DetectorConfig d;
  d.gain = 2.0;
  d.read_noise = 3.0;
  const std::size_t n = 200000;
  const std::vector<double> f(n, 0.02);
  std::vector<float> out(n);
  boost::random::mt19937 rng(7);
  detect(f, out, 2500.0, d, rng);
  double s = 0, s2 = 0;
  for (float v : out) s += v, s2 += double(v) * v;
  const double mean = s / double(n), var = (s2 - s * s / double(n)) / double(n - 1);
  const double var_expected = 4.0 * 50.0 + 9.0;
  EXPECT_TRUE(near(mean, 100.0, 5 * std::sqrt(var_expected / double(n))));
  EXPECT_TRUE(near(var, var_expected, 5 * var_expected * std::sqrt(2.0 / double(n - 1))));
}

TEST(Detect, ShotNoiseCountsWholeElectrons) {
  // Without read noise the output is gain x an integer count, and a pixel
  // that scatters nothing stays exactly zero.
  DetectorConfig d;
  d.gain = 1.5;
  d.read_noise = 0.0;
  std::vector<double> f(1000, 0.003);
  f[0] = 0.0;
  std::vector<float> out(f.size());
  boost::random::mt19937 rng(3);
  detect(f, out, 1000.0, d, rng);
  EXPECT_EQ(out[0], 0.0f);
  bool varies = false;
  for (float v : out) {
    const double counts = v / 1.5;
    EXPECT_EQ(counts, std::round(counts)) << v;
    varies = varies || v != out[1];
  }
  EXPECT_TRUE(varies);
}

TEST(Detect, SameSeedSameCounts) {
  const DetectorConfig d;
  const std::vector<double> f(500, 0.05);
  std::vector<float> a(f.size()), b(f.size()), c(f.size());
  boost::random::mt19937 r1(11), r2(11), r3(12);
  detect(f, a, 300.0, d, r1);
  detect(f, b, 300.0, d, r2);
  detect(f, c, 300.0, d, r3);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace aet::sim
