// The support film: its scattering from density, thickness and cross-section,
// the 1/cos rise with tilt, and the rough thickness field's statistics.
#include "sim/support_film.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/geometry.hpp"
#include "sim/adf_cross_section.hpp"
#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

SupportFilm film(const SupportFilmConfig& c, unsigned seed = 1) {
  boost::random::mt19937 rng(seed);
  return SupportFilm(c, 300.0, DetectorConfig{}, -20.0, rng);
}

TEST(SupportFilm, UntiltedScatteringIsDensityTimesThicknessTimesCrossSection) {
  // 7 nm of Si3N4 at 3.0 g/cm³: M = 3 x 28.086 + 4 x 14.007 = 140.29 g/mol,
  // so rho N_A / M = 0.012878 formula units per Å³, each scattering
  // 3 sigma(Si) + 4 sigma(N). Tolerance: the molar mass's rounding (1e-4).
  const SupportFilmConfig c;
  const DetectorConfig d;
  const double units_per_A3 = 3.0 / (3 * 28.086 + 4 * 14.007) * 6.02214076e23 * 1e-24;
  const double expected = units_per_A3 * 70.0 *
                          (3 * adf_cross_section_A2("Si", 300.0, d) + 4 * adf_cross_section_A2("N", 300.0, d));
  const SupportFilm f = film(c);
  std::printf("film: untilted scattering probability %.5f\n", f.fraction_untilted());
  EXPECT_TRUE(near(f.fraction_untilted(), expected, 1e-4 * expected));
  EXPECT_GT(f.fraction_untilted(), 0.0);
}

TEST(SupportFilm, PathLengthGrowsAsOneOverCosine) {
  const SupportFilm f = film(SupportFilmConfig{});
  for (double t : {0.0, 30.0, 60.0, -72.0})
    EXPECT_TRUE(near(f.mean_fraction(rotation_y(deg2rad(t))), f.fraction_untilted() / std::cos(deg2rad(t)),
                     1e-12 * f.fraction_untilted())) << t;
}

TEST(SupportFilm, DisabledOrFlatFilm) {
  SupportFilmConfig off;
  off.enabled = false;
  std::vector<double> img(16 * 16, 0.0);
  film(off).add(img, 16, 16, 0.5, Mat3::Identity(), {0.0, 0.0});
  EXPECT_EQ(img, std::vector<double>(16 * 16, 0.0));
  SupportFilmConfig flat;
  flat.roughness = 0.0;
  const SupportFilm f = film(flat);
  const Mat3 r = rotation_y(deg2rad(40.0));
  f.add(img, 16, 16, 0.5, r, {0.3, -1.2});
  for (double v : img) EXPECT_TRUE(near(v, f.mean_fraction(r), 1e-15)) << v;
}

TEST(SupportFilm, RoughnessIsTheRelativeRmsOverTheCorrelationLength) {
  // The field is periodic over 256 grid steps of xi / 4 (1280 Å for xi =
  // 20 Å); a 512² image of 2.5 Å pixels sees exactly one period, whose mean
  // is the flat film's and whose relative rms is the roughness (up to the
  // bilinear interpolation between grid nodes, which keeps > 99 % of the
  // variance: neighbouring nodes correlate to exp(-1/64)). White noise
  // filtered by a Gaussian of sd xi has the autocorrelation exp(-r² / 4 xi²):
  // 0.779 at r = xi. About (1280 / 20)² = 4096 independent patches: the
  // sample correlation is good to ~0.01; bound 0.05.
  SupportFilmConfig c;
  c.roughness = 0.2;
  c.correlation_A = 20.0;
  const SupportFilm f = film(c, 3);
  const int n = 512;
  std::vector<double> img(std::size_t(n) * n, 0.0);
  f.add(img, n, n, 2.5, Mat3::Identity(), {0.0, 0.0});
  double s = 0, s2 = 0;
  for (double v : img) s += v, s2 += v * v;
  const double mean = s / double(img.size()), sd = std::sqrt(s2 / double(img.size()) - mean * mean);
  double lag = 0;  // along x, 8 pixels = 20 Å, periodic
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      lag += (img[std::size_t(i) * n + j] - mean) * (img[std::size_t(i) * n + (j + 8) % n] - mean);
  const double corr = lag / double(img.size()) / (sd * sd);
  std::printf("film: relative rms %.4f (roughness 0.2), correlation at xi %.3f (exp(-1/4) = 0.779)\n", sd / mean,
              corr);
  EXPECT_TRUE(near(mean, f.mean_fraction(Mat3::Identity()), 1e-6 * mean));
  EXPECT_TRUE(near(sd / mean, 0.2, 0.02 * 0.2));
  EXPECT_TRUE(near(corr, std::exp(-0.25), 0.05));
}

TEST(SupportFilm, FieldIsFixedToTheSpecimen) {
  // Shifting the image by 2 pixels moves the film's texture with it.
  const SupportFilm f = film(SupportFilmConfig{}, 5);
  const int n = 32;
  std::vector<double> a(std::size_t(n) * n, 0.0), b = a;
  f.add(a, n, n, 1.0, Mat3::Identity(), {0.0, 0.0});
  f.add(b, n, n, 1.0, Mat3::Identity(), {2.0, 0.0});
  for (int i = 0; i < n; ++i)
    for (int j = 2; j < n; ++j) EXPECT_EQ(b[std::size_t(i) * n + j], a[std::size_t(i) * n + j - 2]) << i << " " << j;
  // ... and another seed draws another texture.
  std::vector<double> c(a.size(), 0.0);
  film(SupportFilmConfig{}, 6).add(c, n, n, 1.0, Mat3::Identity(), {0.0, 0.0});
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace aet::sim
