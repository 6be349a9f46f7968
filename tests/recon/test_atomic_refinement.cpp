// Geometry refinement against an atomic model: tilts and shifts of
// Gaussian atoms recovered (angular refinement: test_recon_full.cpp).
#include "recon/atomic_refinement.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <cstdio>

#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

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
  const TiltGeometry nominal = test::tilt_range(-60, 60, 6);
  TiltGeometry truth = nominal;
  boost::random::mt19937 rng(3);
  boost::random::normal_distribution<double> da(0.0, 0.5), ds(0.0, 0.5), dr(0.0, 0.1);
  for (auto& im : truth.images) {
    im.tilt_deg += da(rng);
    im.shift_px = {ds(rng), ds(rng)};
  }
  TiltSeries s = test::project_blobs(64, 64, test::kToyPixel_A, truth, blobs);
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
  double rms = 0;
  test::Worst worst_y;
  for (std::size_t a = 0; a < nt; ++a) {
    const double e = s.geometry().images[a].tilt_deg - truth.images[a].tilt_deg - mt;
    rms += e * e / double(nt);
    worst_y.add(std::fabs(s.geometry().images[a].shift_px[1] - truth.images[a].shift_px[1] - my));
  }
  rms = std::sqrt(rms);
  std::printf("atomic refinement: rms tilt error %.4f deg, worst y shift error %.4f px, residual %.2g\n", rms, worst_y.value(),
              fit.residual_per_round.back());
  EXPECT_LT(rms, 0.05);
  EXPECT_TRUE(worst_y.within(0.05));
  EXPECT_LT(fit.residual_per_round.back(), 1e-2);
}

}  // namespace
}  // namespace aet::recon
