// Pre-processing steps on synthetic images with known answers: the
// cross-correlation shift, frame registration with linear drift, background
// subtraction, centre-of-mass/common-line alignment, geometry refinement
// against an atomic model (angular refinement: test_recon_full.cpp).
#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "recon/alignment.hpp"
#include "recon/atomic_refinement.hpp"
#include "recon/background.hpp"
#include "recon/denoise.hpp"
#include "recon/cross_correlation.hpp"
#include "recon/frame_registration.hpp"
#include "synthetic.hpp"
#include "test_util.hpp"

namespace aet::recon {
namespace {

constexpr double kPixel = 0.4;

/// The toy particle moved so that its centre of mass (amplitude-weighted,
/// equal σ) is the origin.
std::vector<test::Blob> centred_particle() {
  auto blobs = test::toy_particle();
  Vec3 c = Vec3::Zero();
  double m = 0;
  for (const auto& b : blobs) {
    c += b.amplitude * b.r_A;
    m += b.amplitude;
  }
  for (auto& b : blobs) b.r_A -= c / m;
  return blobs;
}

TiltGeometry tilts(double lo, double hi, double step) {
  std::vector<double> t;
  for (double a = lo; a <= hi + 1e-9; a += step) t.push_back(a);
  return TiltGeometry::from_tilts(t);
}

TEST(CrossCorrelation, FindsAKnownSubPixelShift) {
  // The same blobs rendered analytically at two shifts: the answer is exact
  // up to the parabola's bias on a peak of width ~2 px (measured < 0.03 px).
  const auto blobs = centred_particle();
  TiltGeometry g = tilts(20, 20, 1);
  const TiltSeries ref = test::project_blobs(48, 48, kPixel, g, blobs);
  g.images[0].shift_px = {3.3, -1.7};
  const TiltSeries moved = test::project_blobs(48, 48, kPixel, g, blobs);
  CrossCorrelator cc(48, 48);
  const ShiftEstimate e = cc.find_shift(ref.image(0), moved.image(0), 8);
  EXPECT_TRUE(test::near(e.shift_px[0], 3.3, 0.08));
  EXPECT_TRUE(test::near(e.shift_px[1], -1.7, 0.08));
  EXPECT_GT(e.correlation, 0.9);
}

TEST(FrameRegistration, RecoversLinearDriftAndAverages) {
  // 4 tilts x 5 frames; frame f of tilt k drifts by v_k f from a start c_k.
  const auto blobs = centred_particle();
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
  const TiltSeries frames = test::project_blobs(48, 48, kPixel, frames_g, blobs);
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
    double worst = 0, peak = 0;
    for (std::size_t p = 0; p < avg.size(); ++p) {
      worst = std::max(worst, double(std::fabs(avg[p] - mid[p])));
      peak = std::max(peak, double(mid[p]));
    }
    EXPECT_LT(worst, 0.1 * peak) << k;
  }
  FrameRegistrationOptions bad;
  bad.frames_per_tilt = 3;
  EXPECT_THROW(register_frames(frames, bad), Error);
}

TEST(Background, LaplacianInterpolationRemovesAHarmonicBackground) {
  // A harmonic background (plane + saddle) is reproduced exactly by the
  // Laplacian interpolation, so what remains is the particle; the SOR stops
  // at 1e-4 of the image maximum per sweep: allow 1 % of the peak.
  const auto blobs = centred_particle();
  const TiltSeries clean = test::project_blobs(64, 64, kPixel, tilts(0, 0, 1), blobs);
  TiltSeries s = clean;
  float peak = 0;
  for (float x : clean.data()) peak = std::max(peak, x);
  for (int i = 0; i < 64; ++i)
    for (int j = 0; j < 64; ++j) {
      const double x = (j - 32) / 32.0, y = (i - 32) / 32.0;
      s.at(0, i, j) += float(peak * (0.5 + 0.2 * x - 0.15 * y + 0.1 * (x * x - y * y)));
    }
  subtract_background(s);
  double worst = 0;
  for (std::size_t p = 0; p < s.data().size(); ++p)
    worst = std::max(worst, double(std::fabs(s.data()[p] - clean.data()[p])));
  std::printf("background: worst residual %.4f of the peak\n", worst / peak);
  EXPECT_LT(worst, 0.01 * peak);
}

TEST(Alignment, CentreOfMassAndCommonLineRecoverShifts) {
  // A particle with its centre of mass at the origin, images shifted at
  // random by up to ±3 px: the recovered shifts match to 0.1 px (the blobs
  // are whole inside the images, so the centre of mass is exact up to
  // sampling; the common line to a fraction of its parabola bias).
  const auto blobs = centred_particle();
  TiltGeometry g = tilts(-60, 60, 10);
  boost::random::mt19937 rng(3);
  boost::random::normal_distribution<double> n(0.0, 1.5);
  for (auto& im : g.images) im.shift_px = {n(rng), n(rng)};
  TiltSeries s = test::project_blobs(64, 64, kPixel, g, blobs);
  for (auto& im : s.geometry().images) im.shift_px = {0.0, 0.0};
  align_centre_of_mass_common_line(s);
  double worst = 0;
  for (std::size_t a = 0; a < g.size(); ++a)
    for (int c = 0; c < 2; ++c)
      worst = std::max(worst, std::fabs(s.geometry().images[a].shift_px[std::size_t(c)] - g.images[a].shift_px[std::size_t(c)]));
  std::printf("alignment: worst shift error %.3f px\n", worst);
  EXPECT_LT(worst, 0.1);
}

TEST(Denoise, WienerFilterHalvesTheErrorOfANoisyImage) {
  // Blobs plus white Gaussian noise of 10 % of the peak: the filtered image
  // is closer to the clean one (measured: rms error 0.32 of the noise's).
  // The noise level it estimates from the outer spectrum matches the true
  // one (measured 1 %; allowed 20 %, blob power may leak into the band).
  const auto blobs = centred_particle();
  const TiltSeries clean = test::project_blobs(96, 96, kPixel, tilts(0, 40, 20), blobs);
  TiltSeries noisy = clean;
  float peak = 0;
  for (float x : clean.data()) peak = std::max(peak, x);
  boost::random::mt19937 rng(9);
  boost::random::normal_distribution<double> n(0.0, 0.1 * peak);
  for (auto& x : noisy.data()) x += float(n(rng));
  TiltSeries filtered = noisy;
  const DenoiseReport rep = denoise(filtered);
  auto rms = [&](const TiltSeries& s) {
    double ss = 0;
    for (std::size_t p = 0; p < s.data().size(); ++p) ss += std::pow(double(s.data()[p]) - clean.data()[p], 2);
    return std::sqrt(ss / double(s.data().size()));
  };
  std::printf("denoise: rms error %.4f -> %.4f (noise %.4f), estimated noise sd %.4f\n", rms(noisy), rms(filtered),
              0.1 * peak, std::sqrt(rep.noise_power[0]));
  EXPECT_LT(rms(filtered), 0.5 * rms(noisy));
  EXPECT_TRUE(test::near(std::sqrt(rep.noise_power[0]), 0.1 * peak, 0.02 * peak));
}

TEST(AtomicRefinement, RecoversTiltsAndShiftsOfGaussianAtoms) {
  // 8 Gaussian blobs (σ = 0.6 Å) projected analytically at 21 tilts
  // (−60°..60°) with errors N(0, 0.5°) and shifts N(0, 0.5 px); the model
  // starts at the nominal tilts, zero shifts and atoms displaced by
  // N(0, 0.1 Å). The atoms' image is a Gaussian, which the fitted profile
  // represents to ~1e-3, so the tilts and shifts must come back to within
  // 0.05° and 0.05 px up to what the data cannot see (common tilt offset
  // and object translation: here only the mean y shift and the x shifts'
  // p cos θ + q sin θ, checked on the y shifts only).
  const auto blobs = test::toy_particle();
  std::vector<double> t;
  for (double a = -60; a <= 60.001; a += 6) t.push_back(a);
  const TiltGeometry nominal = TiltGeometry::from_tilts(t);
  TiltGeometry truth = nominal;
  boost::random::mt19937 rng(3);
  boost::random::normal_distribution<double> da(0.0, 0.5), ds(0.0, 0.5), dr(0.0, 0.1);
  for (auto& im : truth.images) {
    im.tilt_deg += da(rng);
    im.shift_px = {ds(rng), ds(rng)};
  }
  TiltSeries s = test::project_blobs(64, 64, kPixel, truth, blobs);
  s.geometry() = nominal;
  std::vector<Vec3> atoms;
  for (const auto& b : blobs) atoms.push_back(b.r_A + Vec3(dr(rng), dr(rng), dr(rng)));
  const AtomicModelFit fit = refine_geometry_atomic(s, atoms, AtomicRefinementOptions{});
  const std::size_t nt = truth.size();
  double mt = 0, my = 0;
  for (std::size_t a = 0; a < nt; ++a) {
    mt += (s.geometry().images[a].tilt_deg - truth.images[a].tilt_deg) / double(nt);
    my += (s.geometry().images[a].shift_px[1] - truth.images[a].shift_px[1]) / double(nt);
  }
  double rms = 0, worst_y = 0;
  for (std::size_t a = 0; a < nt; ++a) {
    const double e = s.geometry().images[a].tilt_deg - truth.images[a].tilt_deg - mt;
    rms += e * e / double(nt);
    worst_y = std::max(worst_y, std::fabs(s.geometry().images[a].shift_px[1] - truth.images[a].shift_px[1] - my));
  }
  rms = std::sqrt(rms);
  std::printf("atomic refinement: rms tilt error %.4f deg, worst y shift error %.4f px, residual %.2g\n", rms, worst_y,
              fit.residual_per_round.back());
  EXPECT_LT(rms, 0.05);
  EXPECT_LT(worst_y, 0.05);
  EXPECT_LT(fit.residual_per_round.back(), 1e-2);
}

}  // namespace
}  // namespace aet::recon
