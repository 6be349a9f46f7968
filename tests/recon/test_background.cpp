// Background subtraction: a harmonic background removed by Laplacian interpolation.
#include "recon/background.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(Background, LaplacianInterpolationRemovesAHarmonicBackground) {
  // A harmonic background (plane + saddle) is reproduced exactly by the
  // Laplacian interpolation, so what remains is the particle; the SOR stops
  // at 1e-4 of the image maximum per sweep: allow 1 % of the peak.
  const auto blobs = test::centred_toy_particle();
  const TiltSeries clean = test::project_blobs(64, 64, test::kToyPixel_A, test::tilt_range(0, 0, 1), blobs);
  TiltSeries s = clean;
  const float peak = *std::max_element(clean.data().begin(), clean.data().end());  // of the analytic input
  for (int i = 0; i < 64; ++i)
    for (int j = 0; j < 64; ++j) {
      const double x = (j - 32) / 32.0, y = (i - 32) / 32.0;
      s.at(0, i, j) += float(peak * (0.5 + 0.2 * x - 0.15 * y + 0.1 * (x * x - y * y)));
    }
  EXPECT_TRUE(subtract_background(s).ring_level_images.empty());  // the particle covers under a tenth of the image
  const test::Worst worst = test::max_abs_diff(s.data(), clean.data());
  std::printf("background: worst residual %.4f of the peak\n", worst.value() / peak);
  EXPECT_TRUE(worst.within(0.01 * peak));
}

TEST(Background, ParticleAtTheImageEdgeIsFound) {
  // The toy particle (about 6 Å across) in a 25.6 Å field of view leaves a
  // wide background ring; moved 9 Å off centre, its mask (grown by the
  // 6-pixel margin) reaches the border ring at every tilt.
  const auto blobs = test::centred_toy_particle();
  const TiltGeometry tilts = test::tilt_range(-60, 60, 30);
  const EdgeCheck centred = particle_at_edge(test::project_blobs(64, 64, test::kToyPixel_A, tilts, blobs));
  EXPECT_EQ(centred.images, 5);
  EXPECT_FALSE(centred.touches());
  auto moved = blobs;
  for (auto& b : moved) b.r_A += Vec3(0, 9.0, 0);  // along the tilt axis: the same offset in every image
  const EdgeCheck edge = particle_at_edge(test::project_blobs(64, 64, test::kToyPixel_A, tilts, moved));
  EXPECT_EQ(edge.images_at_edge, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(Background, NoiseSpeckAtTheBorderIsNotTheParticle) {
  // A 16 Å fcc ball and, in image 2, one bright pixel beside the border
  // (shot noise above the mask's threshold): its grown mask (about 250
  // pixels: the 5 x 5 smoothing box and the 6-pixel growth) is under a tenth
  // of the particle's, so no warning; a second ball there is as large as the
  // first and is one.
  const TiltGeometry tilts = test::tilt_range(-60, 60, 30);
  std::vector<test::Blob> ball;
  for (const Vec3& r : test::off_grid_fcc_ball(8.0)) ball.push_back({r, 1.0, 0.6});
  TiltSeries s = test::project_blobs(96, 96, test::kToyPixel_A, tilts, ball);
  float peak = 0;
  for (float v : s.data()) peak = std::max(peak, v);
  s.at(2, 3, 70) = 2.0f * peak;
  EXPECT_FALSE(particle_at_edge(s).touches());
  auto second = ball;
  for (auto& b : second) b.r_A += Vec3(0, 14.0, 0);
  const TiltSeries other = test::project_blobs(96, 96, test::kToyPixel_A, tilts, second);
  for (std::size_t p = 0; p < s.data().size(); ++p) s.data()[p] += other.data()[p];
  EXPECT_EQ(particle_at_edge(s).images_at_edge, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(Background, ParticleCoveringMostOfTheFieldKeepsItsRim) {
  // A 27 Å fcc ball in a 32 Å field of view (pixels of 0.25 Å) covers 56 %
  // of the image at zero tilt: the image's median is then a particle pixel.
  // A threshold above it ends the mask inside the ball's dim rim (a quarter
  // of the peak was left outside), and the rim is interpolated across the
  // particle and subtracted (a quarter of the peak lost). The border ring
  // is background, and the level is taken from it.
  std::vector<test::Blob> ball;
  for (const Vec3& r : test::off_grid_fcc_ball(13.5)) ball.push_back({r, 1.0, 0.6});
  const int n = 128;
  const TiltSeries clean = test::project_blobs(n, n, 0.25, test::tilt_range(0, 0, 1), ball);
  const float peak = *std::max_element(clean.data().begin(), clean.data().end());
  const auto mask = particle_mask(clean.image(0), n, n, BackgroundOptions{});
  test::Worst outside;
  for (std::size_t p = 0; p < mask.size(); ++p)
    if (!mask[p]) outside.add(clean.data()[p]);
  // The central column holds 14 atoms: 1 % of the peak is a seventh of one
  // lone atom's peak, the far edge of its image.
  EXPECT_TRUE(outside.within(0.01 * peak)) << "brightest pixel outside the mask: " << outside.value() / peak;
  TiltSeries s = clean;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) s.at(0, i, j) += float(peak * (0.3 + 0.1 * (j - n / 2) / double(n)));
  EXPECT_EQ(subtract_background(s).ring_level_images, (std::vector<int>{0}));
  // As for the harmonic background: the SOR's stopping rule, 1 % of the peak.
  const test::Worst worst = test::max_abs_diff(s.data(), clean.data());
  std::printf("large particle: mask outside %.5f, residual %.4f of the peak\n", outside.value() / peak,
              worst.value() / peak);
  EXPECT_TRUE(worst.within(0.01 * peak));
}

TEST(Background, ParticleFillingTheFieldIsAtTheEdge) {
  // A 30 Å fcc ball in a 32 Å field (1 Å, 4 pixels of 0.25 Å, to the
  // border) covers 70 % of the image at every tilt: no background ring is
  // left to interpolate from, and the edge check says so. With the level at
  // the image's median (a particle pixel) the mask ended well inside the
  // rim and no image was flagged.
  std::vector<test::Blob> ball;
  for (const Vec3& r : test::off_grid_fcc_ball(15.0)) ball.push_back({r, 1.0, 0.6});
  const TiltSeries s = test::project_blobs(128, 128, 0.25, test::tilt_range(-60, 60, 60), ball);
  EXPECT_EQ(particle_at_edge(s).images_at_edge, (std::vector<int>{0, 1, 2}));
}

}  // namespace
}  // namespace aet::recon
