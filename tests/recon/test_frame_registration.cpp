// Frame registration: linear drift within each tilt recovered, frames averaged.
#include "recon/frame_registration.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"
#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(FrameRegistration, RecoversLinearDriftAndAverages) {
  // 4 tilts x 5 frames; frame f of tilt k drifts by v_k f from a start c_k.
  const auto blobs = test::centred_toy_particle();
  const int F = 5;
  TiltGeometry frames_g;
  std::vector<std::array<double, 2>> v{{0.4, -0.3}, {-0.6, 0.2}, {0.25, 0.5}, {0.0, -0.45}};
  for (int k = 0; k < 4; ++k)
    for (int f = 0; f < F; ++f) {
      ImageGeometry im;
      im.tilt_deg = -30.0 + 20.0 * k;
      im.shift_px = {0.7 + v[std::size_t(k)][0] * f, -0.2 + v[std::size_t(k)][1] * f};
      frames_g.images.push_back(im);
    }
  const TiltSeries frames = test::project_blobs(48, 48, test::kToyPixel_A, frames_g, blobs);
  FrameRegistrationOptions o;
  o.frames_per_tilt = F;
  const FrameRegistration r = register_frames(frames, o);
  ASSERT_EQ(r.averaged.nt(), 4);
  for (int k = 0; k < 4; ++k) {
    // Drift per frame to 0.03 px (cross-correlation error / spread of f).
    EXPECT_TRUE(test::near(r.drift_px_per_frame[std::size_t(k)][0], v[std::size_t(k)][0], 0.03)) << k;
    EXPECT_TRUE(test::near(r.drift_px_per_frame[std::size_t(k)][1], v[std::size_t(k)][1], 0.03)) << k;
    // The average equals the middle frame (f = 2): bilinear resampling of
    // peaks of σ = 1.5 px loses up to ~6 % of their height (measured 5.8 %).
    const auto avg = r.averaged.image(k), mid = frames.image(k * F + 2);
    const double peak = *std::max_element(mid.begin(), mid.end());  // of the analytic input
    EXPECT_TRUE(test::max_abs_diff(avg, mid).within(0.1 * peak)) << k;
  }
  FrameRegistrationOptions bad;
  bad.frames_per_tilt = 3;
  EXPECT_THROW(register_frames(frames, bad), Error);
}

}  // namespace
}  // namespace aet::recon
