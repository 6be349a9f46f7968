// Filtered back-projection: density and positions with full angular
// coverage, the angular weights of uneven tilt ranges.
#include "recon/filtered_backprojection.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "core/geometry.hpp"
#include "recon/reconstruct.hpp"
#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(FilteredBackprojection, RecoversDensityWithFullCoverage) {
  // 180 angles over [-90°, 90°): FBP is then the exact inverse up to
  // sampling, so a blob's peak density comes back close to its true value.
  const TiltSeries s = test::toy_series(-90, 89, 1);
  ReconstructConfig c;
  c.algorithm = Algorithm::Fbp;
  c.stop.log = false;
  const Reconstruction r = reconstruct(s, c);
  // The blob at the origin (amplitude 1): peak within 10 % (σ = 1.5 voxels,
  // the ramp filter's band limit and linear interpolation blur it by ~5 %).
  const auto& v = r.volume;
  const float centre = v.at(v.nz() / 2, v.ny() / 2, v.nx() / 2);
  std::printf("fbp: centre density %.4f (true 1), R = %.4f\n", centre, r.report.r_factor);
  EXPECT_TRUE(test::near(centre, 1.0, 0.1));
  std::size_t n_peaks = 0;
  EXPECT_TRUE(test::max_peak_error(v, test::toy_particle(), n_peaks).within(0.15));
}

TEST(FilteredBackprojection, AngularWeightsCoverTheRange) {
  // Evenly spaced tilts 10° apart from -60° to 60°: each covers 10°, the ends
  // are extrapolated symmetrically, so the sum is 130° in radians.
  std::vector<double> t;
  for (int a = -60; a <= 60; a += 10) t.push_back(a);
  double sum = 0;
  for (double w : angular_weights(TiltGeometry::from_tilts(t))) sum += w;
  EXPECT_TRUE(test::near(sum, deg2rad(130.0), 1e-12));
}

}  // namespace
}  // namespace aet::recon
