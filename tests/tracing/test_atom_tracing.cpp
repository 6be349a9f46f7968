#include "tracing/atom_tracing.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "core/error.hpp"
#include "blobs.hpp"
#include "test_util.hpp"

namespace aet::tracing {
namespace {

using test::Blob;

// Voxel 0.343 Å (the paper's) and an atom peak of sigma 0.45 Å: roughly the
// width of a reconstructed Pt atom (FWHM ~1 Å).
const VolumeGeometry kGrid{48, 48, 48, 0.343};
constexpr double kSigma = 0.45;

/// Largest distance from each truth position to the nearest traced atom.
test::Worst worst_match(const AtomModel& traced, const std::vector<Vec3>& truth) {
  test::Worst worst;
  for (const Vec3& t : truth) {
    double best = std::numeric_limits<double>::infinity();
    for (const Vec3& r : traced.positions()) best = std::min(best, (r - t).norm());
    worst.add(best);
  }
  return worst;
}

TEST(AtomTracing, SubVoxelPositionOfOneBlob) {
  // Off-grid offsets up to half a voxel; a noise-free Gaussian. A single
  // quadratic fit is biased by ~0.05 voxel (0.017 Å) here; the re-centred
  // refits leave the trilinear resampling's error, measured 0.0063 Å at
  // worst over these offsets: 0.008 Å (0.023 voxel) bounds it.
  for (const Vec3& r : {Vec3(0.1, -0.05, 0.17), Vec3(-0.16, 0.12, -0.02), Vec3(0, 0, 0)}) {
    const Volume v = test::render_blobs({24, 24, 24, 0.343}, {{r, 1.0, kSigma}});
    const auto res = trace_atoms(v);
    ASSERT_EQ(res.atoms.size(), 1u);
    EXPECT_LT((res.atoms.positions()[0] - r).norm(), 0.008);
    EXPECT_EQ(res.report.polynomial_fits, 1u);
  }
}

TEST(AtomTracing, FccBallWithNoiseIsFoundCompletely) {
  const auto sites = test::off_grid_fcc_ball(6.0);
  std::vector<Blob> blobs;
  for (std::size_t a = 0; a < sites.size(); ++a) blobs.push_back({sites[a], a % 3 ? 1.0 : 0.5, kSigma});
  // Noise 3 % of the Pt peak: a good reconstruction's level.
  const Volume v = test::render_blobs(kGrid, blobs, 0.03);
  const auto res = trace_atoms(v);
  EXPECT_EQ(res.atoms.size(), sites.size());
  // Noise 0.03 on a peak of curvature ~1/sigma^2 moves a fitted maximum by
  // ~0.02 Å; 0.06 Å is three times that.
  EXPECT_TRUE(worst_match(res.atoms, sites).within(0.06));
  EXPECT_GT(res.report.threshold, 0.0);
  // The noise is measured on the volume the maxima are sought in: the
  // smoothed one by default, the input itself without smoothing.
  EXPECT_LT(res.report.noise_sigma, 0.02);
  TracingOptions raw;
  raw.smooth_sigma_A = 0.0;
  const auto unsmoothed = trace_atoms(v, raw);
  EXPECT_EQ(unsmoothed.atoms.size(), sites.size());
  EXPECT_GT(unsmoothed.report.noise_sigma, 0.02);  // the noise was found (0.03)
  EXPECT_LT(unsmoothed.report.noise_sigma, 0.04);
}

TEST(AtomTracing, SmoothingFindsDimAtomsInHeavyNoise) {
  // Pd (0.38 of Pt, the ADF ratio 1/2.63) and Pt peaks under white noise of
  // 0.12 x the Pt peak: voxel noise makes several maxima per dim atom and
  // a noise maximum can win the minimum-distance contest, shifting the atom
  // by ~1 Å or losing it. The 0.3 Å matched filter finds every atom.
  const auto sites = test::off_grid_fcc_ball(6.0);
  std::vector<Blob> blobs;
  for (std::size_t a = 0; a < sites.size(); ++a) blobs.push_back({sites[a], a % 3 ? 1.0 : 0.38, kSigma});
  const Volume v = test::render_blobs(kGrid, blobs, 0.12, 7);
  const auto smoothed = trace_atoms(v);
  TracingOptions raw;
  raw.smooth_sigma_A = 0.0;
  const auto unsmoothed = trace_atoms(v, raw);
  EXPECT_EQ(smoothed.atoms.size(), sites.size());
  // Measured worst error 0.20 Å (the dim atoms under noise 1/3 of their
  // peak); 0.3 Å bounds it. Unsmoothed, 36 of 55 were found here.
  EXPECT_TRUE(worst_match(smoothed.atoms, sites).within(0.3));
  EXPECT_LT(unsmoothed.atoms.size(), sites.size() - 5);
}

TEST(AtomTracing, MinimumDistanceKeepsTheBrighter) {
  // Two peaks 1.6 Å apart (resolved as two maxima, but closer than 2.2 Å).
  const Volume v = test::render_blobs({32, 32, 32, 0.343}, {{Vec3(-0.8, 0, 0), 1.0, 0.35}, {Vec3(0.8, 0, 0), 0.7, 0.35}});
  const auto res = trace_atoms(v);
  ASSERT_EQ(res.atoms.size(), 1u);
  EXPECT_LT(res.atoms.positions()[0].x(), 0.0);
  EXPECT_EQ(res.report.too_close, 1u);
}

TEST(AtomTracing, NoisePeakWithoutNeighboursIsRejected) {
  auto sites = test::off_grid_fcc_ball(5.0);
  std::vector<Blob> blobs;
  for (const auto& s : sites) blobs.push_back({s, 1.0, kSigma});
  // Both >= 4 Å from the ball (radius 5 Å): no neighbour at bond length.
  blobs.push_back({Vec3(0, 0, 9.0), 0.2, kSigma});   // weak, alone: noise
  blobs.push_back({Vec3(9.0, 0, -1.0), 0.6, kSigma});  // bright enough though alone: an atom
  const Volume v = test::render_blobs({64, 64, 64, 0.343}, blobs);
  TracingOptions o;
  o.min_relative_height = 0.05;  // let the weak peak through the threshold
  const auto res = trace_atoms(v, o);
  EXPECT_EQ(res.report.noise_rejected, 1u);
  EXPECT_EQ(res.atoms.size(), sites.size() + 1);
  for (const auto& r : res.atoms.positions()) EXPECT_GT((r - Vec3(0, 0, 9.0)).norm(), 1.0);
}

/// An fcc ball (radius 5 Å) of sharp atoms and, above it at c -+ half e,
/// a pair of blurred atoms of sigma `sigma` and amplitudes a0, a1.
const Vec3 kPairCentre(0, -1, 10.5), kPairAxis(1, 0, 0);
Volume ball_and_pair(const std::vector<Vec3>& sites, double half, double a0, double a1, double sigma) {
  std::vector<Blob> blobs;
  for (const auto& s : sites) blobs.push_back({s, 1.0, kSigma});
  blobs.push_back({kPairCentre - half * kPairAxis, a0, sigma});
  blobs.push_back({kPairCentre + half * kPairAxis, a1, sigma});
  return test::render_blobs({80, 48, 48, 0.343}, blobs);
}

TEST(AtomTracing, MergedPairIsSplit) {
  const auto sites = test::off_grid_fcc_ball(5.0);
  // Two atoms 2.6 Å apart blurred to sigma 1.4 Å: d < 2 sigma, one maximum.
  const Vec3 &c = kPairCentre, &e = kPairAxis;
  const Volume v = ball_and_pair(sites, 1.3, 1.0, 1.0, 1.4);
  const auto res = trace_atoms(v);
  EXPECT_EQ(res.report.blobs_split, 1u);
  EXPECT_EQ(res.atoms.size(), sites.size() + 2);
  // The pair's positions come from the blob's moments, not a fit: within
  // 0.5 Å of the truth is what the split step promises.
  AtomModel pair;
  for (std::size_t a = 0; a < res.atoms.size(); ++a)
    if (res.atoms.integer("fit", a) == 3) pair.add_atom("X", res.atoms.positions()[a]);
  ASSERT_EQ(pair.size(), 2u);
  EXPECT_TRUE(worst_match(pair, {c - 1.3 * e, c + 1.3 * e}).within(0.5));
}

TEST(AtomTracing, BlobStretchedByATracedNeighbourIsNotSplit) {
  // A dim atom (0.4) 2.75 Å from a bright one (1.0), both blurred to sigma
  // 0.8 Å: the bright one's tail at the dim one's half maximum stretches
  // the dim blob's half-maximum region towards it, elongated and large like
  // a merged pair. Both are traced; splitting would put a half on top of
  // the bright atom (on the paper-scale PB every one of 61 such splits was
  // wrong: precision 0.991, 0.998 without them).
  const auto sites = test::off_grid_fcc_ball(5.0);
  const Vec3 &c = kPairCentre, &e = kPairAxis;
  const Volume v = ball_and_pair(sites, 1.375, 0.4, 1.0, 0.8);
  TracingOptions o;
  o.min_relative_height = 0.05;
  const auto res = trace_atoms(v, o);
  EXPECT_EQ(res.report.blobs_split, 0u);
  EXPECT_EQ(res.atoms.size(), sites.size() + 2);
  std::vector<Vec3> want(sites.begin(), sites.end());
  want.push_back(c - 1.375 * e);
  want.push_back(c + 1.375 * e);
  EXPECT_TRUE(worst_match(res.atoms, want).within(0.3));
}

TEST(AtomTracing, BadVolumesAreErrors) {
  EXPECT_THROW(trace_atoms(Volume()), Error);
  Volume zero(VolumeGeometry{16, 16, 16, 0.4});
  EXPECT_THROW(trace_atoms(zero), Error);
  Volume nan(VolumeGeometry{16, 16, 16, 0.4});
  nan.data()[100] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(trace_atoms(nan), Error);
  TracingOptions o;
  o.min_distance_A = 0;
  EXPECT_THROW(trace_atoms(test::render_blobs({16, 16, 16, 0.4}, {{Vec3::Zero(), 1, 0.5}}), o), Error);
}

}  // namespace
}  // namespace aet::tracing
