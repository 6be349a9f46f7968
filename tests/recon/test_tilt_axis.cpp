// The tilt axis's in-plane angle: a given angle is used as given, absurd ones
// are refused, and the images turned by the angle are the single-axis
// projections of the specimen in the axis frame (the estimate's accuracy is
// checked on simulated series, tests/validation/test_tilt_axis_sim.cpp).
#include "recon/tilt_axis.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <cstdio>
#include <limits>

#include "blobs.hpp"
#include "core/error.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

constexpr double kPixel_A = 0.5;

/// An fcc ball (r 9 Å, ~180 atoms) seen through an axis at `phi_deg`
/// (Euler (phi, tilt, -phi), as sim/misalignment.hpp), tilts -70..70° every
/// 5°, each image shifted at random (1.5 px rms) and with Gaussian noise of
/// `noise` × the brightest pixel of the 0° image.
TiltSeries axis_series(double phi_deg, double noise, unsigned seed, std::vector<test::Blob>* blobs_out = nullptr) {
  std::vector<test::Blob> blobs;
  // A crystal in a general orientation, as a particle lands on its support
  // (lattice planes along the image axes would make wrong axes look alike).
  const Mat3 orientation = euler_rotation({23.0, 51.0, -37.0});
  for (const Vec3& r : test::fcc_ball(3.9, 9.0, orientation)) blobs.push_back({r + Vec3(0.13, -0.21, 0.07), 1.0, 0.5});
  TiltGeometry g = test::tilt_range(-70, 70, 5);
  boost::random::mt19937 rng(seed);
  boost::random::normal_distribution<double> shift(0.0, 1.5), n(0.0, 1.0);
  for (auto& im : g.images) {
    im.has_euler = true;
    im.euler_deg = {phi_deg, im.tilt_deg, -phi_deg};
    im.shift_px = {shift(rng), shift(rng)};
  }
  TiltSeries s = test::project_blobs(64, 64, kPixel_A, g, blobs);
  float peak = 0;
  for (float v : s.image(s.nt() / 2)) peak = std::max(peak, v);
  for (float& v : s.data()) v += float(noise * peak * n(rng));
  // What the reconstruction knows: nominal tilts, no shifts, no axis.
  s.geometry() = test::tilt_range(-70, 70, 5);
  if (blobs_out) *blobs_out = blobs;
  return s;
}

TEST(TiltAxis, GivenAngleIsUsedAsGiven) {
  TiltSeries s = axis_series(1.5, 0.05, 3);
  TiltAxisOptions o;
  o.given_deg = 2.0;
  const TiltAxisReport r = tilt_axis_step(s, o);
  EXPECT_EQ(r.source, "given");
  EXPECT_EQ(r.deg, 2.0);
  EXPECT_EQ(r.estimated_deg, 2.0);
  EXPECT_TRUE(r.applied);
}

TEST(TiltAxis, AbsurdAnglesAreRefused) {
  for (double bad : {std::nan(""), 90.5, -120.0, std::numeric_limits<double>::infinity()}) {
    EXPECT_THROW(check_tilt_axis_deg(bad, "--tilt-axis-deg"), Error) << bad;
    TiltSeries s(8, 8, 1.0, TiltGeometry::from_tilts({-10.0, 0.0, 10.0}));
    TiltAxisOptions o;
    o.given_deg = bad;
    EXPECT_THROW(tilt_axis_step(s, o), Error) << bad;
  }
  EXPECT_NO_THROW(check_tilt_axis_deg(-90.0, "x"));
}

// Turned by the axis angle, the images are the plain single-axis projections
// of the specimen in the axis frame, Rz(-phi) r, shifted by Rz(-phi) s: the
// frame and the sign of the convention. Tolerance: the Fourier shears are
// exact for band-limited images; the blobs (σ 0.5 Å on 0.5 Å pixels) are
// nearly so, and the periodic shears wrap a few edge pixels, so the images
// agree to 1 % of their brightest pixel.
TEST(TiltAxis, TurnedImagesAreTheAxisFrameProjections) {
  const double phi = 3.0;
  std::vector<test::Blob> blobs;
  TiltSeries s = axis_series(phi, 0.0, 5, &blobs);
  // Known shifts, to check that they turn with the images.
  for (auto& im : s.geometry().images) im.shift_px = {1.0, -0.5};
  turn_to_axis_frame(s, phi);
  std::vector<test::Blob> turned = blobs;
  const Mat3 back = axis_frame_rotation(phi).transpose();
  for (auto& b : turned) b.r_A = back * b.r_A;
  // The same random shifts as axis_series drew, turned: regenerate them.
  boost::random::mt19937 rng(5);
  boost::random::normal_distribution<double> shift(0.0, 1.5);
  TiltGeometry g = test::tilt_range(-70, 70, 5);
  const double c = std::cos(deg2rad(phi)), sn = std::sin(deg2rad(phi));
  for (auto& im : g.images) {
    const double x = shift(rng), y = shift(rng);
    im.shift_px = {c * x + sn * y, -sn * x + c * y};
  }
  const TiltSeries want = test::project_blobs(s.ny(), s.nx(), kPixel_A, g, turned);
  float peak = 0;
  for (float v : want.data()) peak = std::max(peak, v);
  test::Worst worst;
  for (std::size_t p = 0; p < want.data().size(); ++p) worst.add(std::fabs(want.data()[p] - s.data()[p]) / peak, p);
  std::printf("turned images: worst difference %.4f of the peak\n", worst.value());
  EXPECT_TRUE(worst.within(0.01));
  for (const auto& im : s.geometry().images) {
    EXPECT_NEAR(im.shift_px[0], c * 1.0 + sn * -0.5, 1e-12);
    EXPECT_NEAR(im.shift_px[1], -sn * 1.0 + c * -0.5, 1e-12);
  }
}

}  // namespace
}  // namespace aet::recon
