// Volume helpers: the Gaussian filter used before atom tracing.
#include "core/volume.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/error.hpp"

namespace aet {
namespace {

Volume point_volume(int n, int k, int i, int j) {
  Volume v(VolumeGeometry{n, n, n, 0.5});
  v.at(k, i, j) = 1.0f;
  return v;
}

TEST(GaussianFilter, PointBecomesANormalisedGaussianOfTheGivenWidth) {
  const double sigma = 1.5;
  const Volume out = gaussian_filter(point_volume(25, 12, 12, 12), sigma);
  // The kernel is normalised: the total survives (float sums: 1e-5).
  const double total = std::accumulate(out.data().begin(), out.data().end(), 0.0);
  EXPECT_NEAR(total, 1.0, 1e-5);
  // Second moment along each axis is sigma^2 (truncation at 4 sigma removes
  // 6e-5 of the mass: 1e-3 relative covers it).
  for (int axis = 0; axis < 3; ++axis) {
    double m2 = 0.0;
    for (int k = 0; k < 25; ++k)
      for (int i = 0; i < 25; ++i)
        for (int j = 0; j < 25; ++j) {
          const int c = axis == 0 ? k : axis == 1 ? i : j;
          m2 += out.at(k, i, j) * (c - 12.0) * (c - 12.0);
        }
    EXPECT_NEAR(m2, sigma * sigma, 1e-3 * sigma * sigma) << axis;
  }
  // Symmetric about the point and peaked there.
  EXPECT_FLOAT_EQ(out.at(12, 12, 11), out.at(12, 12, 13));
  EXPECT_FLOAT_EQ(out.at(11, 12, 12), out.at(12, 13, 12));
  EXPECT_GT(out.at(12, 12, 12), out.at(12, 12, 13));
  EXPECT_NEAR(out.at(12, 12, 12), std::pow(2 * M_PI * sigma * sigma, -1.5), 2e-3 * out.at(12, 12, 12));
}

TEST(GaussianFilter, ConstantStaysConstantAndZeroSigmaCopies) {
  Volume v(VolumeGeometry{6, 7, 8, 1.0});
  std::fill(v.data().begin(), v.data().end(), 2.5f);
  const Volume out = gaussian_filter(v, 2.0);  // clamped edges keep a constant constant
  for (float x : out.data()) EXPECT_NEAR(x, 2.5f, 1e-5f);
  v.at(1, 2, 3) = 7.0f;
  EXPECT_EQ(gaussian_filter(v, 0.0).data(), v.data());
  EXPECT_THROW(gaussian_filter(v, std::nan("")), Error);
}

TEST(ParabolicPeaks, SubVoxelPeakOfAGaussianAndTheThreshold) {
  // A Gaussian of sigma 1.5 voxels centred off-grid, and a weaker one.
  Volume v(VolumeGeometry{24, 24, 24, 0.5});
  const Vec3 c1(1.1, -0.8, 0.3), c2(-4.0, 3.0, -3.5);  // Å (x, y, z)
  for (int k = 0; k < 24; ++k)
    for (int i = 0; i < 24; ++i)
      for (int j = 0; j < 24; ++j) {
        const Vec3 r = v.geometry().position(k, i, j);
        v.at(k, i, j) = float(std::exp(-(r - c1).squaredNorm() / (2 * 0.75 * 0.75)) +
                              0.4 * std::exp(-(r - c2).squaredNorm() / (2 * 0.75 * 0.75)));
      }
  auto peaks = parabolic_peaks(v, 0.5);
  ASSERT_EQ(peaks.size(), 1u);  // the weaker one is below half the maximum
  // A parabola through three samples of a Gaussian of 1.5 voxels errs by
  // < 0.1 voxel (0.05 Å) at these offsets.
  EXPECT_LT((peaks[0].position_A - c1).norm(), 0.05);
  peaks = parabolic_peaks(v, 0.3);
  ASSERT_EQ(peaks.size(), 2u);
  EXPECT_LT((peaks[0].position_A - c2).norm(), 0.05);  // memory order: z first
  EXPECT_TRUE(parabolic_peaks(Volume(VolumeGeometry{4, 4, 4, 1.0}), 0.5).empty());  // all zero: no peak
}

}  // namespace
}  // namespace aet
