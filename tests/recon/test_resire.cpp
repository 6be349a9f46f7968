// RESIRE, SIRT and filtered back-projection on blobs projected analytically
// (no shared code with the projector), the R-factor, the input checks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "core/error.hpp"
#include "recon/reconstruct.hpp"
#include "synthetic.hpp"
#include "test_util.hpp"

namespace aet::recon {
namespace {

constexpr double kPixel = 0.4;

TiltSeries toy_series(double lo = -70, double hi = 70, double step = 5) {
  std::vector<double> tilts;
  for (double t = lo; t <= hi + 1e-9; t += step) tilts.push_back(t);
  return test::project_blobs(40, 40, kPixel, TiltGeometry::from_tilts(tilts), test::toy_particle());
}

double max_peak_error(const Volume& v, const std::vector<test::Blob>& blobs, std::size_t& n_peaks) {
  const auto peaks = parabolic_peaks(v, 0.3);
  n_peaks = peaks.size();
  double worst = 0;
  for (const auto& b : blobs) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& p : peaks) best = std::min(best, (p.position_A - b.r_A).norm());
    worst = std::max(worst, best);
  }
  return worst;
}

TEST(RFactor, MatchesThePaperDefinition) {
  // Two images: |1-2|/2 = 0.5 and (|0-1| + |3-3|)/(1+3) = 0.25 → R = 0.375.
  const std::vector<float> model{1, 0, 0, 3}, measured{2, 0, 1, 3};
  EXPECT_TRUE(test::near(r_factor(model, measured, 2, 2), 0.375, 1e-12));
}

TEST(Resire, ConvergesAndFindsTheBlobs) {
  const TiltSeries s = toy_series();
  ReconstructConfig c;
  c.stop.iterations = 150;
  c.stop.report_every = 10;
  c.stop.log = false;
  const Reconstruction r = reconstruct(s, c);
  // History: iterations 0, 10, ..., 150, the R-factor falling all the way
  // (gradient descent with t < 2 / λmax is monotone in the residual norm; the
  // L1 R-factor follows it closely here).
  ASSERT_EQ(r.report.history_iterations.size(), 16u);
  EXPECT_EQ(r.report.history_iterations.back(), 150);
  EXPECT_TRUE(test::near(r.report.r_factor_history.front(), 1.0, 1e-9));  // O = 0: R = 1
  for (std::size_t n = 1; n < r.report.r_factor_history.size(); ++n)
    EXPECT_LT(r.report.r_factor_history[n], r.report.r_factor_history[n - 1]);
  // Noise-free but voxelised data: measured R = 0.03 at 150 iterations;
  // 0.06 leaves room for platform round-off, not for a broken gradient.
  std::printf("resire on toy particle: R = %.4f after %d iterations\n", r.report.r_factor, r.report.iterations);
  EXPECT_LT(r.report.r_factor, 0.06);
  std::size_t n_peaks = 0;
  const double err = max_peak_error(r.volume, test::toy_particle(), n_peaks);
  std::printf("  %zu peaks, worst blob position error %.3f Å\n", n_peaks, err);
  EXPECT_EQ(n_peaks, test::toy_particle().size());
  // Measured 0.08 Å: the 3-point parabola on blobs of σ = 1.5 voxels
  // overlapping their neighbours' tails. A frame error of one voxel would be 0.4 Å.
  EXPECT_LT(err, 0.15);
  // Positivity held, and the history is in the metadata.
  for (float x : r.volume.data()) ASSERT_GE(x, 0.0f);
  EXPECT_EQ(r.volume.metadata().get_doubles("recon.r_factor_history").size(), 16u);
  EXPECT_EQ(r.volume.metadata().get("recon.algorithm"), "resire");
}

TEST(Resire, SupportHoldsOutsideVoxelsAtZero) {
  const TiltSeries s = toy_series();
  const auto g = ProjectionGeometry::of(s);
  const auto op = make_projector(g);
  // Support: a ball of 7 Å radius (the particle fits in 5 Å + 2σ).
  std::vector<float> ball(g.volume.size()), ball_internal(op->volume_size());
  for (int k = 0; k < g.volume.nz; ++k)
    for (int i = 0; i < g.volume.ny; ++i)
      for (int j = 0; j < g.volume.nx; ++j)
        ball[g.volume.index(k, i, j)] = g.volume.position(k, i, j).norm() < 7.0 ? 1.0f : 0.0f;
  op->to_internal(ball, ball_internal);
  ResireOptions o;
  o.support.assign(ball_internal.begin(), ball_internal.end());
  StopCriteria stop;
  stop.iterations = 60;
  stop.log = false;
  std::vector<float> x(op->volume_size(), 0.0f);
  const Report rep = resire(*op, s.data(), x, o, stop);
  std::vector<float> out(g.volume.size());
  op->from_internal(x, out);
  double inside = 0;
  for (std::size_t n = 0; n < out.size(); ++n) {
    if (ball[n] == 0.0f) ASSERT_EQ(out[n], 0.0f);
    else inside += out[n];
  }
  EXPECT_GT(inside, 0.0);
  EXPECT_LT(rep.r_factor, 0.15);
}

TEST(Resire, StopsWhenTheRFactorStopsImproving) {
  const TiltSeries s = toy_series();
  ReconstructConfig c;
  c.stop.iterations = 10000;
  c.stop.report_every = 20;
  c.stop.min_relative_improvement = 0.05;  // 5 % per 20 iterations
  c.stop.log = false;
  const Reconstruction r = reconstruct(s, c);
  EXPECT_LT(r.report.iterations, 10000);
  const auto& h = r.report.r_factor_history;
  ASSERT_GE(h.size(), 2u);
  EXPECT_FALSE(h[h.size() - 2] - h.back() > 0.05 * h[h.size() - 2]);
}

TEST(Sirt, ConvergesOnTheToyParticle) {
  ReconstructConfig c;
  c.algorithm = Algorithm::Sirt;
  c.stop.iterations = 100;
  c.stop.log = false;
  const Reconstruction r = reconstruct(toy_series(), c);
  std::printf("sirt on toy particle: R = %.4f after %d iterations\n", r.report.r_factor, r.report.iterations);
  EXPECT_LT(r.report.r_factor, 0.08);  // measured 0.04
  std::size_t n_peaks = 0;
  EXPECT_LT(max_peak_error(r.volume, test::toy_particle(), n_peaks), 0.15);
}

TEST(FilteredBackprojection, RecoversDensityWithFullCoverage) {
  // 180 angles over [-90°, 90°): FBP is then the exact inverse up to
  // sampling, so a blob's peak density comes back close to its true value.
  const TiltSeries s = toy_series(-90, 89, 1);
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
  EXPECT_LT(max_peak_error(v, test::toy_particle(), n_peaks), 0.15);
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

TEST(Input, BadSeriesIsAnError) {
  TiltSeries s = toy_series();
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
  ResireOptions bad_step;
  bad_step.step = 2.5;
  const auto op = make_projector(ProjectionGeometry::of(s));
  std::vector<float> x(op->volume_size());
  EXPECT_THROW(resire(*op, s.data(), x, bad_step, StopCriteria{}), Error);
}

}  // namespace
}  // namespace aet::recon
