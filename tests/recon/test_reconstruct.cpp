// The reconstruction entry point: the input it refuses, one line naming the fault.
#include "recon/reconstruct.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include <limits>
#include <string>

#include "core/error.hpp"
#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(Reconstruct, BadInputIsAnError) {
  TiltSeries s = test::toy_series();
  ReconstructConfig c;
  c.stop.iterations = 1;
  c.stop.log = false;
  TiltSeries nan = s;
  nan.at(3, 5, 7) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(reconstruct(nan, c), Error);
  TiltSeries inf = s;
  inf.at(0, 0, 0) = std::numeric_limits<float>::infinity();
  EXPECT_THROW(reconstruct(inf, c), Error);
  TiltSeries zero = s;
  for (auto& x : zero.image(4)) x = 0.0f;
  try {
    reconstruct(zero, c);
    ADD_FAILURE() << "all-zero image accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("image 4"), std::string::npos) << e.what();
  }
  c.nz = -3;
  EXPECT_THROW(reconstruct(s, c), Error);
  EXPECT_THROW(parse_algorithm("art"), Error);
}

TEST(Reconstruct, KeepsTheImagesWithoutTheDenoisingOnTheFinalGeometry) {
  // The undenoised images go through every pixel step but the denoiser
  // (background, tilt-axis turn) and end on the reconstruction's geometry:
  // their pixels are a run without denoising's, bit for bit (alignment and
  // refinement move the geometry only, and the axis is given, not estimated).
  TiltSeries s = test::toy_series();
  boost::random::mt19937 rng(2);
  boost::random::normal_distribution<double> n(0.0, 0.05);
  for (auto& x : s.data()) x += float(n(rng));
  ReconstructConfig c;
  c.stop.iterations = 3;
  c.stop.log = false;
  c.denoise = true;
  c.subtract_background = true;
  c.align = true;
  c.tilt_axis_options.given_deg = 2.0;
  c.keep_undenoised = true;
  const Reconstruction with = reconstruct(s, c);
  ASSERT_TRUE(with.undenoised.has_value());
  ASSERT_EQ(with.undenoised->nt(), with.series.nt());
  for (int a = 0; a < s.nt(); ++a) {
    const auto &u = with.undenoised->geometry().images[std::size_t(a)], &g = with.series.geometry().images[std::size_t(a)];
    EXPECT_EQ(u.tilt_deg, g.tilt_deg) << a;
    EXPECT_EQ(u.shift_px, g.shift_px) << a;
  }
  EXPECT_NE(with.undenoised->data(), with.series.data());
  ReconstructConfig plain = c;
  plain.denoise = false;
  const Reconstruction without = reconstruct(s, plain);
  EXPECT_FALSE(without.undenoised.has_value());  // nothing to keep: `series` is it
  EXPECT_EQ(with.undenoised->data(), without.series.data());
  c.keep_undenoised = false;
  EXPECT_FALSE(reconstruct(s, c).undenoised.has_value());
}

}  // namespace
}  // namespace aet::recon
