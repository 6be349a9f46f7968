// RESIRE on blobs projected analytically (no shared code with the projector):
// convergence, blob positions, the support constraint, the step check.
#include "recon/resire.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>


#include "core/error.hpp"
#include "recon/reconstruct.hpp"
#include "omp_threads.hpp"
#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(Resire, ConvergesAndFindsTheBlobs) {
  const TiltSeries s = test::toy_series();
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
  const test::Worst err = test::max_peak_error(r.volume, test::toy_particle(), n_peaks);
  std::printf("  %zu peaks, worst blob position error %.3f Å\n", n_peaks, err.value());
  EXPECT_EQ(n_peaks, test::toy_particle().size());
  // Measured 0.08 Å: the 3-point parabola on blobs of σ = 1.5 voxels
  // overlapping their neighbours' tails. A frame error of one voxel would be 0.4 Å.
  EXPECT_TRUE(err.within(0.15));
  // Positivity held, and the history is in the metadata.
  for (float x : r.volume.data()) ASSERT_GE(x, 0.0f);
  EXPECT_EQ(r.volume.metadata().get_doubles("recon.r_factor_history").size(), 16u);
  EXPECT_EQ(r.volume.metadata().get("recon.algorithm"), "resire");
}

TEST(Resire, SupportHoldsOutsideVoxelsAtZero) {
  const TiltSeries s = test::toy_series();
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

// ||Πx − b||² / ||b||² of a volume (internal layout).
double relative_residual(const Projector& op, const std::vector<float>& x, const std::vector<float>& b) {
  std::vector<float> p(op.projection_size());
  op.forward(x, p);
  double rr = 0, bb = 0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    rr += (double(p[n]) - b[n]) * (double(p[n]) - b[n]);
    bb += double(b[n]) * b[n];
  }
  return rr / bb;
}

TEST(Resire, MomentumReachesInFewIterationsWhatThePlainUpdateNeedsManyFor) {
  const TiltSeries s = test::toy_series();
  const auto op = make_projector(ProjectionGeometry::of(s));
  auto run = [&](bool momentum, int iterations, int threads, Report* rep = nullptr) {
    ResireOptions o;
    o.accelerate = momentum;
    StopCriteria stop;
    stop.iterations = iterations;
    stop.report_every = iterations;
    stop.log = false;
    std::vector<float> x(op->volume_size(), 0.0f);
    const Report r = test::with_threads(threads, [&] { return resire(*op, s.data(), x, o, stop); });
    if (rep) *rep = r;
    return x;
  };
  Report fast_report;
  const auto fast = run(true, 60, 2, &fast_report);
  const auto plain = run(false, 300, 2);
  const double e_fast = relative_residual(*op, fast, s.data()), e_plain = relative_residual(*op, plain, s.data());
  std::printf("relative residual: momentum 60 iterations %.3g, plain 300 iterations %.3g\n", e_fast, e_plain);
  // The objective FISTA minimises: 60 accelerated iterations at most as
  // far from the minimum as 300 plain ones (measured: about half as far).
  EXPECT_LE(e_fast, e_plain);
  // The R-factor reported is that of the result (not of the extrapolated point).
  std::vector<float> p(op->projection_size());
  op->forward(fast, p);
  EXPECT_TRUE(test::near(fast_report.r_factor, r_factor(p, s.data(), s.nt(), s.image_size()), 1e-9));
  for (float v : fast) ASSERT_GE(v, 0.0f);
  // The restart test branches on a dot product: the same bytes on 1 thread as on 2.
  const auto one = run(true, 60, 1);
  EXPECT_EQ(0, std::memcmp(one.data(), fast.data(), one.size() * sizeof(float)));
}

TEST(Resire, StepBeyondTheStableRangeIsAnError) {
  // The step t is in units of 1 / λmax: gradient descent converges for 0 < t < 2 only.
  const TiltSeries s = test::toy_series();
  ResireOptions bad_step;
  bad_step.step = 2.5;
  const auto op = make_projector(ProjectionGeometry::of(s));
  std::vector<float> x(op->volume_size());
  EXPECT_THROW(resire(*op, s.data(), x, bad_step, StopCriteria{}), Error);
}

}  // namespace
}  // namespace aet::recon
