// The tilt axis's in-plane angle on the project's own simulated ADF-STEM
// series (small truncated octahedron, the paper's acquisition): after
// denoising and background subtraction a 2° axis is recovered within 0.2° (the accuracy
// asked of it; measured on this particle at 0°, 1.5° and 3°: errors
// 0.04-0.08°), and a 0° axis is left alone (measured -0.04°, below the
// step's 0.1° floor). And the angle's sign, IMOD's (docs/conventions.md):
// the simulator puts the axis where the convention says, and the
// reconstruction given that angle undoes it, the opposite sign does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "core/volume.hpp"
#include "core/xyz.hpp"
#include "models/particle.hpp"
#include "models/presets.hpp"
#include "recon/background.hpp"
#include "recon/denoise.hpp"
#include "recon/reconstruct.hpp"
#include "recon/tilt_axis.hpp"
#include "sim/config.hpp"
#include "sim/field_of_view.hpp"
#include "sim/simulate.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

TiltSeries simulated(double axis_deg) {
  const AtomModel truth = models::build_particle(models::preset("small-to"), 1);
  sim::SimConfig c = sim::paper_preset();
  c.misalignment.axis_rotation_deg = axis_deg;
  c.nx = c.ny = sim::fitting_image_px(truth, c);
  TiltSeries s = sim::simulate(truth, c, 1).series;
  // The pipeline's order: denoise, subtract the background, then the axis.
  recon::denoise(s);
  recon::subtract_background(s);
  return s;
}

TEST(TiltAxisSim, SimulatedSeriesGivesItsAxisAngle) {
  const recon::TiltAxisReport r = recon::estimate_tilt_axis(simulated(2.0));
  std::printf("simulated axis 2°: estimate %.4f° ± %.4f°\n", r.estimated_deg, r.uncertainty_deg);
  EXPECT_LE(std::fabs(r.estimated_deg - 2.0), 0.2);
  EXPECT_GT(r.uncertainty_deg, 0.0);
}

TEST(TiltAxisSim, ZeroAxisIsLeftAlone) {
  TiltSeries s = simulated(0.0);
  const TiltSeries before = s;
  const recon::TiltAxisReport r = recon::tilt_axis_step(s);
  std::printf("simulated axis 0°: estimate %.4f° ± %.4f°\n", r.estimated_deg, r.uncertainty_deg);
  EXPECT_EQ(r.source, "estimated");
  // Measured -0.105° with one alignment for every trial: below the floor
  // under which the images are left alone.
  EXPECT_LT(std::fabs(r.estimated_deg), recon::TiltAxisOptions{}.min_deg);
  EXPECT_FALSE(r.applied);
  EXPECT_EQ(r.deg, 0.0);
  EXPECT_TRUE(s.data() == before.data());
}

TEST(TiltAxisSim, AnAxisBeyondTheSearchIsRefusedNotClamped) {
  // A 2° axis searched within ±1°: the minimum sits at the search's edge,
  // which says only that the axis may lie beyond it. Turning the images by
  // the edge would be a made-up angle; they are left alone, with a reason.
  TiltSeries s = simulated(2.0);
  const TiltSeries before = s;
  recon::TiltAxisOptions o;
  o.search_deg = 1.0;
  const recon::TiltAxisReport r = recon::tilt_axis_step(s, o);
  std::printf("simulated axis 2°, search ±1°: estimate %.4f°, refused %d\n", r.estimated_deg, int(r.refused));
  EXPECT_TRUE(r.refused);
  EXPECT_FALSE(r.applied);
  EXPECT_EQ(r.deg, 0.0);
  EXPECT_NE(r.reason.find("--tilt-axis-search"), std::string::npos) << r.reason;
  EXPECT_TRUE(s.data() == before.data());
}

// ---- the sign ----

constexpr double kPi = 3.14159265358979323846;

/// A noise-free series (no film, thermal motion or other misalignment) of
/// `model` through a tilt axis at `axis_deg`, 64 x 64 pixels of 0.4 Å.
TiltSeries ideal_series(const AtomModel& model, double axis_deg, std::vector<double> tilts_deg) {
  sim::SimConfig c = sim::ideal_preset();
  c.misalignment.axis_rotation_deg = axis_deg;
  c.nx = c.ny = 64;
  c.pixel_A = 0.4;
  c.tilts.angles_deg = std::move(tilts_deg);
  c.tilts.frames_per_tilt = 1;
  return sim::simulate(model, c, 1).series;
}

/// Each image's intensity centroid (x, y) in Å above its flat minimum,
/// pixel (i, j) at ((j - nx/2) p, (i - ny/2) p) (docs/conventions.md).
std::vector<std::array<double, 2>> centroids(const TiltSeries& s) {
  std::vector<std::array<double, 2>> out;
  for (int k = 0; k < s.nt(); ++k) {
    const auto im = s.image(k);
    const double floor = *std::min_element(im.begin(), im.end());
    double w = 0, x = 0, y = 0;
    for (int i = 0; i < s.ny(); ++i)
      for (int j = 0; j < s.nx(); ++j) {
        const double v = s.at(k, i, j) - floor;
        w += v;
        x += v * (j - s.nx() / 2) * s.pixel_A();
        y += v * (i - s.ny() / 2) * s.pixel_A();
      }
    out.push_back({x / w, y / w});
  }
  return out;
}

// IMOD's tilt-axis angle (tiltalign's RotationAngle, Etomo's "image
// rotation") is the counterclockwise rotation from the image's y axis to the
// tilt axis in the unaligned images: at +10° the axis points along
// (-sin 10°, cos 10°). An atom on that line lies on the axis and projects to
// the same place at every tilt; its mirror image across the y axis lies
// 20° off it (2.4 Å from the axis at 7 Å out) and moves by 2.4 (1 - cos 60°)
// = 1.2 Å between 0° and ±60°. Bounds: the centroid of a noise-free
// single-atom image is exact up to the probe tail cut by the 25.6 Å field
// (a few pm).
TEST(TiltAxisSign, TheSimulatorsAxisLiesWhereTheConventionSays) {
  const double phi = 10.0 * kPi / 180.0, r = 7.0;
  for (const double side : {-1.0, 1.0}) {
    AtomModel m;
    m.add_atom("Pt", Vec3(side * std::sin(phi) * r, std::cos(phi) * r, 0.0));
    const auto c = centroids(ideal_series(m, 10.0, {-60.0, 0.0, 60.0}));
    test::Worst spread;
    for (const auto& p : c) spread.add(std::hypot(p[0] - c[1][0], p[1] - c[1][1]));
    std::printf("atom at (%+.2f, %.2f): centroid at 0° (%+.3f, %.3f), moves by up to %.3f Å\n",
                side * std::sin(phi) * r, std::cos(phi) * r, c[1][0], c[1][1], spread.value());
    // At 0° the image is the plain projection, wherever the axis lies.
    EXPECT_TRUE(std::hypot(c[1][0] - side * std::sin(phi) * r, c[1][1] - std::cos(phi) * r) <= 0.05);
    if (side < 0)
      EXPECT_TRUE(spread.within(0.05)) << "the atom on the documented axis moves";
    else
      EXPECT_TRUE(spread.value() >= 0.8) << "the atom mirrored across y stays put: the axis's sign is flipped";
  }
}

/// The largest distance from a true atom of the tiny case to its nearest
/// peak among the reconstruction's brightest (as many as there are atoms;
/// Pd is dimmer than Pt), the peaks mapped back to the input's frame with
/// the angle given; infinite when there are no peaks.
double worst_miss_A(const TiltSeries& series, const AtomModel& truth, double given_deg) {
  recon::ReconstructConfig c;
  c.tilt_axis = true;
  c.tilt_axis_options.given_deg = given_deg;
  c.stop.iterations = 150;
  c.stop.log = false;
  const recon::Reconstruction r = recon::reconstruct(series, c);
  const Mat3 back = recon::axis_frame_rotation(given_deg);
  auto peaks = parabolic_peaks(r.volume, 0.05);
  std::sort(peaks.begin(), peaks.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
  if (peaks.size() > truth.size()) peaks.resize(truth.size());
  test::Worst worst;  // no peaks: every best stays infinite
  for (const Vec3& t : truth.positions()) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& p : peaks) best = std::min(best, (back * p.position_A - t).norm());
    worst.add(best);
  }
  std::printf("--tilt-axis-deg %+.0f: %zu peaks, worst true atom %.3f Å from its nearest peak\n", given_deg,
              peaks.size(), worst.value());
  return worst.value();
}

// The tiny case's six atoms (docs/conventions.md) simulated through an axis
// at +8°, reconstructed with the angle given as +8° (the convention's
// sign) and as -8°. The right sign recovers every atom within the tiny
// case's 0.3 Å acceptance radius (measured 0.03 Å); the wrong one turns the
// images 16° away from the axis, 1.2 Å at the outer atoms (4.5 Å out), and
// the reconstruction's compromise leaves one 0.8 Å off (measured): bound
// 0.5 Å, clear of the acceptance radius.
TEST(TiltAxisSign, TheGivenAngleUndoesTheSimulatedAxisOnlyWithItsSign) {
  const auto path = test::data_dir() / "conventions/tiny_truth.xyz";
  AET_REQUIRE_DATA(path);
  const AtomModel truth = read_xyz(path);
  std::vector<double> tilts;
  for (int k = 0; k <= 40; ++k) tilts.push_back(-60.0 + 3.0 * k);
  const TiltSeries s = ideal_series(truth, 8.0, tilts);
  EXPECT_TRUE(worst_miss_A(s, truth, 8.0) <= 0.3);
  EXPECT_TRUE(worst_miss_A(s, truth, -8.0) > 0.5);
}

}  // namespace
}  // namespace aet
