// SIRT on the toy particle: convergence and blob positions.
#include "recon/sirt.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "recon/reconstruct.hpp"
#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(Sirt, ConvergesOnTheToyParticle) {
  ReconstructConfig c;
  c.algorithm = Algorithm::Sirt;
  c.stop.iterations = 100;
  c.stop.log = false;
  const Reconstruction r = reconstruct(test::toy_series(), c);
  std::printf("sirt on toy particle: R = %.4f after %d iterations\n", r.report.r_factor, r.report.iterations);
  EXPECT_LT(r.report.r_factor, 0.08);  // measured 0.04
  std::size_t n_peaks = 0;
  EXPECT_TRUE(test::max_peak_error(r.volume, test::toy_particle(), n_peaks).within(0.15));
}

}  // namespace
}  // namespace aet::recon
