// Wiener denoising: the error of a noisy image halved, its noise level estimated.
#include "recon/denoise.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <utility>

#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(Denoise, WienerFilterHalvesTheErrorOfANoisyImage) {
  // Blobs plus white Gaussian noise of 10 % of the peak: the filtered image
  // is closer to the clean one (measured: rms error 0.32 of the noise's).
  // The noise level it estimates from the outer spectrum matches the true
  // one (measured 1 %; allowed 20 %, blob power may leak into the band).
  const auto blobs = test::centred_toy_particle();
  const TiltSeries clean = test::project_blobs(96, 96, test::kToyPixel_A, test::tilt_range(0, 40, 20), blobs);
  TiltSeries noisy = clean;
  const float peak = *std::max_element(clean.data().begin(), clean.data().end());  // of the analytic input
  boost::random::mt19937 rng(9);
  boost::random::normal_distribution<double> n(0.0, 0.1 * peak);
  for (auto& x : noisy.data()) x += float(n(rng));
  TiltSeries filtered = noisy;
  const DenoiseReport rep = denoise(filtered);
  auto rms = [&](const TiltSeries& s) {
    double ss = 0;
    for (std::size_t p = 0; p < s.data().size(); ++p) ss += std::pow(double(s.data()[p]) - clean.data()[p], 2);
    return std::sqrt(ss / double(s.data().size()));
  };
  std::printf("denoise: rms error %.4f -> %.4f (noise %.4f), estimated noise sd %.4f\n", rms(noisy), rms(filtered),
              0.1 * peak, std::sqrt(rep.noise_power[0]));
  EXPECT_LT(rms(filtered), 0.5 * rms(noisy));
  EXPECT_TRUE(test::near(std::sqrt(rep.noise_power[0]), 0.1 * peak, 0.02 * peak));
}

TEST(Denoise, NoiseEstimateIsTheFiltersWithoutFiltering) {
  // estimate_noise reports what denoise does and leaves the images alone;
  // the noise the filter lets through, N · ⟨H²⟩, lies below N (|H| <= 1) and
  // below the filtered image's whole error against the clean one, which is
  // that noise plus the signal the filter removed (5 % for the
  // noise's own scatter over 96 x 96 pixels).
  const auto blobs = test::centred_toy_particle();
  const TiltSeries clean = test::project_blobs(96, 96, test::kToyPixel_A, test::tilt_range(0, 40, 20), blobs);
  TiltSeries noisy = clean;
  const float peak = *std::max_element(clean.data().begin(), clean.data().end());
  boost::random::mt19937 rng(4);
  boost::random::normal_distribution<double> n(0.0, 0.1 * peak);
  for (auto& x : noisy.data()) x += float(n(rng));
  const TiltSeries before = noisy;
  const DenoiseReport estimated = estimate_noise(noisy);
  EXPECT_EQ(noisy.data(), before.data());
  TiltSeries filtered = noisy;
  const DenoiseReport applied = denoise(filtered);
  EXPECT_EQ(estimated.noise_power, applied.noise_power);
  EXPECT_EQ(estimated.filtered_noise_power, applied.filtered_noise_power);
  ASSERT_EQ(applied.filtered_noise_power.size(), std::size_t(clean.nt()));
  for (int a = 0; a < clean.nt(); ++a) {
    double err2 = 0;
    const std::span<const float> f = std::as_const(filtered).image(a), c = clean.image(a);
    for (std::size_t p = 0; p < f.size(); ++p) err2 += std::pow(double(f[p]) - c[p], 2);
    err2 /= double(f.size());
    EXPECT_GT(applied.filtered_noise_power[std::size_t(a)], 0.0) << a;
    EXPECT_LE(applied.filtered_noise_power[std::size_t(a)], applied.noise_power[std::size_t(a)]) << a;
    EXPECT_LE(applied.filtered_noise_power[std::size_t(a)], 1.05 * err2) << a;
  }
}

}  // namespace
}  // namespace aet::recon
