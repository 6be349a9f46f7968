// Misalignment: the drawn errors have the configured rms, the drift follows
// the acquisition order as an AR(1) process, one effect off leaves the others,
// and the true geometry of a frame is built from them.
#include "sim/misalignment.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/error.hpp"
#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

/// n sections at arbitrary angles, acquired in reverse section order.
TiltPlan reversed_plan(int n) {
  TiltPlan p;
  for (int k = 0; k < n; ++k) p.angles_deg.push_back(-60.0 + 120.0 * k / (n - 1));
  for (int k = n - 1; k >= 0; --k) p.acquisition.push_back(k);
  return p;
}

double rms(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s / double(v.size()));
}

TEST(Misalignment, ZeroConfigIsAPerfectAlignment) {
  boost::random::mt19937 rng(1);
  const TrueMisalignment t = draw_misalignment(MisalignmentConfig{}, reversed_plan(9), rng);
  ASSERT_EQ(t.angle_error_deg.size(), 9u);
  for (std::size_t k = 0; k < 9; ++k) {
    EXPECT_EQ(t.angle_error_deg[k], 0.0);
    EXPECT_EQ(t.shift_px[k], (std::array<double, 2>{0.0, 0.0}));
    EXPECT_EQ(t.drift_px_per_frame[k], (std::array<double, 2>{0.0, 0.0}));
  }
  EXPECT_EQ(t.axis_rotation_deg, 0.0);
}

TEST(Misalignment, ErrorsHaveTheConfiguredRmsAndTheDriftItsCorrelation) {
  // 4000 sections. The sample rms of n independent N(0, s²) values has a
  // standard error s / sqrt(2n) (1.1 % here). The drift is a stationary AR(1)
  // series of variance 1 (times its rms) in acquisition order: its sample
  // variance is less precise by sqrt((1 + rho²) / (1 - rho²)) = 2.1 (rho 0.8),
  // and its lag-1 correlation has a standard error sqrt((1 - rho²) / n) = 0.0095.
  // Bounds: 5 standard errors.
  const int n = 4000;
  const TiltPlan plan = reversed_plan(n);
  MisalignmentConfig c;
  c.shift_rms_px = 2.0;
  c.angle_error_rms_deg = 0.3;
  c.drift_rms_px_per_frame = 0.5;
  c.drift_correlation = 0.8;
  c.axis_rotation_deg = 1.5;
  boost::random::mt19937 rng(5);
  const TrueMisalignment t = draw_misalignment(c, plan, rng);
  EXPECT_EQ(t.axis_rotation_deg, 1.5);
  std::vector<double> sx, sy, drift_acq;
  for (int k = 0; k < n; ++k) {
    sx.push_back(t.shift_px[std::size_t(k)][0]);
    sy.push_back(t.shift_px[std::size_t(k)][1]);
  }
  for (int k : plan.acquisition) drift_acq.push_back(t.drift_px_per_frame[std::size_t(k)][0]);
  const double se = 1.0 / std::sqrt(2.0 * n);
  EXPECT_TRUE(near(rms(sx), 2.0, 5 * 2.0 * se));
  EXPECT_TRUE(near(rms(sy), 2.0, 5 * 2.0 * se));
  EXPECT_TRUE(near(rms(t.angle_error_deg), 0.3, 5 * 0.3 * se));
  EXPECT_TRUE(near(rms(drift_acq), 0.5, 5 * 0.5 * se * std::sqrt(1.64 / 0.36)));
  double lag = 0, zero = 0;
  for (std::size_t i = 0; i + 1 < drift_acq.size(); ++i) lag += drift_acq[i] * drift_acq[i + 1];
  for (double v : drift_acq) zero += v * v;
  const double rho = lag / zero;
  std::printf("misalignment: rms shift %.3f %.3f px, angle %.4f deg, drift %.3f px/frame, lag-1 correlation %.3f\n",
              rms(sx), rms(sy), rms(t.angle_error_deg), rms(drift_acq), rho);
  EXPECT_TRUE(near(rho, 0.8, 5 * std::sqrt(0.36 / n)));
  // Shifts are independent from section to section: lag-1 correlation 0
  // (standard error 1 / sqrt(n)).
  double lag_s = 0;
  for (std::size_t i = 0; i + 1 < sx.size(); ++i) lag_s += sx[i] * sx[i + 1];
  EXPECT_TRUE(near(lag_s / (double(n) * 4.0), 0.0, 5 / std::sqrt(double(n))));
}

TEST(Misalignment, TurningOneEffectOffLeavesTheOthers) {
  const TiltPlan plan = reversed_plan(15);
  MisalignmentConfig all;
  all.shift_rms_px = 1.0;
  all.angle_error_rms_deg = 0.4;
  all.drift_rms_px_per_frame = 0.2;
  MisalignmentConfig no_shift = all;
  no_shift.shift_rms_px = 0.0;
  boost::random::mt19937 r1(9), r2(9);
  const TrueMisalignment a = draw_misalignment(all, plan, r1), b = draw_misalignment(no_shift, plan, r2);
  EXPECT_EQ(a.angle_error_deg, b.angle_error_deg);
  EXPECT_EQ(a.drift_px_per_frame, b.drift_px_per_frame);
  EXPECT_NE(a.shift_px, b.shift_px);
  for (const auto& s : b.shift_px) EXPECT_EQ(s, (std::array<double, 2>{0.0, 0.0}));
}

TEST(Misalignment, TrueGeometryOfAFrame) {
  TiltPlan plan;
  plan.angles_deg = {-20.0, 10.0};
  plan.acquisition = {0, 1};
  TrueMisalignment t;
  t.axis_rotation_deg = 2.0;
  t.angle_error_deg = {0.1, -0.3};
  t.shift_px = {{1.0, -2.0}, {0.5, 0.25}};
  t.drift_px_per_frame = {{0.2, 0.1}, {-0.4, 0.3}};
  // The average of 4 frames sits at frame 1.5.
  const ImageGeometry g = true_geometry(t, plan, 1, 1.5);
  EXPECT_TRUE(g.has_euler);
  EXPECT_DOUBLE_EQ(g.tilt_deg, 10.0 - 0.3);
  EXPECT_DOUBLE_EQ(g.euler_deg[0], 2.0);
  EXPECT_DOUBLE_EQ(g.euler_deg[1], 9.7);
  EXPECT_DOUBLE_EQ(g.euler_deg[2], -2.0);
  EXPECT_DOUBLE_EQ(g.shift_px[0], 0.5 - 1.5 * 0.4);
  EXPECT_DOUBLE_EQ(g.shift_px[1], 0.25 + 1.5 * 0.3);
  // The tilt axis lies at phi0 from the image's y axis: R = Rz(phi0) Ry(theta) Rz(-phi0)
  // maps the axis (-sin phi0, cos phi0, 0) onto itself.
  const double p = deg2rad(2.0);
  const Vec3 axis(-std::sin(p), std::cos(p), 0.0);
  EXPECT_TRUE(near((g.rotation() * axis - axis).norm(), 0.0, 1e-12));
}

}  // namespace
}  // namespace aet::sim

namespace aet::sim {
namespace {

TEST(Misalignment, ScalingScalesEveryErrorAndKeepsTheCorrelation) {
  const MisalignmentConfig m = paper_preset().misalignment;
  const MisalignmentConfig h = scale_misalignment(m, 0.5);
  EXPECT_EQ(h.shift_rms_px, 0.5 * m.shift_rms_px);
  EXPECT_EQ(h.drift_rms_px_per_frame, 0.5 * m.drift_rms_px_per_frame);
  EXPECT_EQ(h.axis_rotation_deg, 0.5 * m.axis_rotation_deg);
  EXPECT_EQ(h.angle_error_rms_deg, 0.5 * m.angle_error_rms_deg);
  EXPECT_EQ(h.scan_jitter_rms_px, 0.5 * m.scan_jitter_rms_px);
  EXPECT_EQ(h.drift_correlation, m.drift_correlation);
  const MisalignmentConfig one = scale_misalignment(m, 1.0);  // the preset itself, to the bit
  EXPECT_EQ(one.shift_rms_px, m.shift_rms_px);
  EXPECT_EQ(one.angle_error_rms_deg, m.angle_error_rms_deg);
  EXPECT_EQ(scale_misalignment(m, 0.0).shift_rms_px, 0.0);
  EXPECT_THROW(scale_misalignment(m, -1.0), Error);
  EXPECT_THROW(scale_misalignment(m, std::nan("")), Error);
}

}  // namespace
}  // namespace aet::sim
