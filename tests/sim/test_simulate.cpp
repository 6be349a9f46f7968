// The simulator end to end: frame, contrast, noise, determinism, misalignment, errors.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/emd.hpp"
#include "core/error.hpp"
#include "core/mrc.hpp"
#include "core/tlt.hpp"
#include "core/xyz.hpp"
#include "omp_threads.hpp"
#include "sim/adf_cross_section.hpp"
#include "sim/dose_noise.hpp"
#include "sim/probe.hpp"
#include "sim/simulate.hpp"
#include "sim/tilt_scheme.hpp"
#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

AtomModel two_atoms() {
  AtomModel m;
  m.add_atom("Pt", Vec3(-6.0, 0.0, 0.0));
  m.add_atom("Pd", Vec3(6.0, 0.0, 0.0));
  return m;
}

SimConfig small_ideal(int n = 64, double pixel = 0.4) {
  SimConfig c = ideal_preset();
  c.nx = c.ny = n;
  c.pixel_A = pixel;
  c.tilts.angles_deg = {0.0};
  c.tilts.frames_per_tilt = 1;
  return c;
}

/// Sub-pixel peak (x, y) in pixels: the largest value in a (2w+1)² window
/// around (x0, y0), refined by a 3-point parabola along each axis.
std::array<double, 2> find_peak(std::span<const float> im, int ny, int nx, double x0, double y0, int w) {
  const int ci = int(std::lround(y0)), cj = int(std::lround(x0));
  int bi = -1, bj = -1;
  float best = -1e30f;
  for (int i = std::max(1, ci - w); i <= std::min(ny - 2, ci + w); ++i)
    for (int j = std::max(1, cj - w); j <= std::min(nx - 2, cj + w); ++j)
      if (im[std::size_t(i) * nx + j] > best) best = im[std::size_t(i) * nx + j], bi = i, bj = j;
  if (bi < 0) return {NAN, NAN};
  auto v = [&](int i, int j) { return double(im[std::size_t(i) * nx + j]); };
  auto vertex = [](double a, double b, double c) {
    const double d = a - 2 * b + c;
    return d < 0 ? 0.5 * (a - c) / d : 0.0;
  };
  return {bj + vertex(v(bi, bj - 1), v(bi, bj), v(bi, bj + 1)), bi + vertex(v(bi - 1, bj), v(bi, bj), v(bi + 1, bj))};
}

TEST(Simulate, TinyCasePeaksMatchTheConventionsSeries) {
  const auto dir = aet::test::data_dir() / "conventions";
  AET_REQUIRE_DATA(dir / "tiny.mrc");
  const AtomModel truth = read_xyz(dir / "tiny_truth.xyz");
  const std::vector<double> tilts = read_tlt(dir / "tiny.tlt");
  const MrcData ref = read_mrc(dir / "tiny.mrc");
  ASSERT_EQ(ref.nz, int(tilts.size()));

  SimConfig c = small_ideal(ref.nx, 0.4);
  c.ny = ref.ny;
  c.tilts.angles_deg = tilts;
  const SimResult r = simulate(truth, c, std::uint64_t(1));
  ASSERT_EQ(r.series.nt(), ref.nz);

  // Every atom that has a peak of its own: atoms projected closer than 1.5 Å
  // (about twice the probe FWHM: 0.8 Å here, ~1 Å in tiny.mrc) to another
  // merge into one blob whose maximum depends on the two probes' shapes and
  // the contrast model, so they are skipped; the rest must peak within half
  // a pixel of tiny.mrc's peak. Measured: 191 compared, 55 skipped, worst
  // 0.05 px (0.09 px from the projected truth).
  test::Worst worst, worst_truth;
  int compared = 0, skipped = 0;
  for (int k = 0; k < ref.nz; ++k) {
    const Mat3 rot = r.series.geometry().images[std::size_t(k)].rotation();
    const std::span<const float> mine = r.series.image(k);
    const std::span<const float> theirs(ref.data.data() + std::size_t(k) * ref.nx * ref.ny,
                                        std::size_t(ref.nx) * ref.ny);
    std::vector<Eigen::Vector2d> uv;
    for (const auto& p : truth.positions()) uv.push_back(project_point(rot, p));
    for (std::size_t a = 0; a < truth.size(); ++a) {
      double nearest = 1e9;
      for (std::size_t b = 0; b < truth.size(); ++b)
        if (b != a) nearest = std::min(nearest, (uv[a] - uv[b]).norm());
      if (nearest < 1.5) {
        ++skipped;
        continue;
      }
      ++compared;
      const double x0 = uv[a].x() / 0.4 + ref.nx / 2, y0 = uv[a].y() / 0.4 + ref.ny / 2;
      // The local maximum within 2 pixels of where the atom projects, in both images.
      const auto p_mine = find_peak(mine, c.ny, c.nx, x0, y0, 2);
      const auto p_ref = find_peak(theirs, ref.ny, ref.nx, x0, y0, 2);
      const double d = std::hypot(p_mine[0] - p_ref[0], p_mine[1] - p_ref[1]);
      EXPECT_LE(d, 0.5) << "tilt " << tilts[std::size_t(k)] << "° atom " << a << ": simulated peak (" << p_mine[0]
                        << ", " << p_mine[1] << ") vs tiny.mrc (" << p_ref[0] << ", " << p_ref[1] << ")";
      worst.add(d);
      worst_truth.add(std::hypot(p_mine[0] - x0, p_mine[1] - y0));
    }
  }
  // Most atom images are resolved (pairs overlap only at some angles).
  EXPECT_GT(compared, 3 * skipped);
  std::printf("tiny case: %d atom peaks compared (%d merged, skipped); worst distance to tiny.mrc %.3f px, "
              "to the projected truth %.3f px\n", compared, skipped, worst.value(), worst_truth.value());
}

TEST(Simulate, IsolatedAtomPeakSitsWhereItProjects) {
  // A single atom at a sub-pixel position, 45° tilt: u = x cos + z sin.
  AtomModel m;
  m.add_atom("Pt", Vec3(1.23, -0.71, 2.0));
  SimConfig c = small_ideal(128, 0.3);  // 38 Å: holds the whole probe (its tail reaches ~10 Å)
  c.tilts.angles_deg = {45.0};
  const SimResult r = simulate(m, c, std::uint64_t(3));
  const double u = 1.23 * std::cos(kPi / 4) + 2.0 * std::sin(kPi / 4), v = -0.71;
  // Centroid of the image: the probe is symmetric and wholly inside, so the
  // centroid is the projected position up to the table interpolation (< 0.01 px).
  double s = 0, sx = 0, sy = 0;
  for (int i = 0; i < c.ny; ++i)
    for (int j = 0; j < c.nx; ++j) {
      const double w = r.series.at(0, i, j);
      s += w, sx += w * j, sy += w * i;
    }
  EXPECT_TRUE(near(sx / s, u / 0.3 + 64, 0.01));
  EXPECT_TRUE(near(sy / s, v / 0.3 + 64, 0.01));
}

TEST(Simulate, PtBrighterThanPdByTheModelRatio) {
  SimConfig c = small_ideal(96, 0.25);
  const SimResult r = simulate(two_atoms(), c, std::uint64_t(5));
  // Integrated intensity in a 2.5 Å disc around each atom (99.5 % of the probe lies within its cut-off).
  auto integral = [&](double x_A) {
    double s = 0.0;
    for (int i = 0; i < c.ny; ++i)
      for (int j = 0; j < c.nx; ++j) {
        const double x = (j - c.nx / 2) * c.pixel_A - x_A, y = (i - c.ny / 2) * c.pixel_A;
        if (x * x + y * y < 2.5 * 2.5) s += r.series.at(0, i, j);
      }
    return s;
  };
  const double model_ratio = r.sigma_A2.at("Pt") / r.sigma_A2.at("Pd");
  const double measured = integral(-6.0) / integral(6.0);
  std::printf("Pt/Pd: model ratio %.4f, image ratio %.4f (sigma Pt %.5g, Pd %.5g Å²)\n", model_ratio, measured,
              r.sigma_A2.at("Pt"), r.sigma_A2.at("Pd"));
  // The discs hold the same fraction of each atom's probe: equal to ~1e-3.
  EXPECT_TRUE(near(measured, model_ratio, 2e-3 * model_ratio));
  // Peak heights too (same probe for both).
  const double peak_pt = r.series.at(0, c.ny / 2, c.nx / 2 - 24), peak_pd = r.series.at(0, c.ny / 2, c.nx / 2 + 24);
  EXPECT_TRUE(near(peak_pt / peak_pd, model_ratio, 1e-3 * model_ratio));
}

TEST(Simulate, SingleAtomImageHasTheProbeFwhm) {
  AtomModel m;
  m.add_atom("Pt", Vec3(0, 0, 0));
  SimConfig c = small_ideal(96, 0.05);
  const SimResult r = simulate(m, c, std::uint64_t(7));
  // FWHM along the row through the atom (pixel 0.05 Å: linear interpolation error < 0.01 Å).
  const int i = c.ny / 2;
  const double peak = r.series.at(0, i, c.nx / 2);
  int j = c.nx / 2;
  while (r.series.at(0, i, j + 1) > 0.5 * peak) ++j;
  const double a = r.series.at(0, i, j), b = r.series.at(0, i, j + 1);
  const double half_width = (j - c.nx / 2 + (a - 0.5 * peak) / (a - b)) * c.pixel_A;
  const double analytic = std::hypot(airy_fwhm_A(300.0, 30.0), 0.72);  // 0.795 Å
  std::printf("single-atom image FWHM %.4f Å, analytic (quadrature) %.4f Å\n", 2 * half_width, analytic);
  EXPECT_TRUE(near(2 * half_width, analytic, 0.10 * analytic));
}

TEST(Simulate, IntegratedIntensityIsTheSameAtEveryTilt) {
  // Incoherent imaging conserves the scattered signal: with the whole probe
  // inside the image, sum_ij f_ij p² = sum_a sigma_a at every tilt, so the
  // image sum is N_e sum_a sigma_a / p² (N_e electrons per pixel). This is
  // the projection property a reconstruction relies on.
  AtomModel m = two_atoms();
  m.add_atom("Pt", Vec3(1.0, 2.0, 3.0));
  SimConfig c = small_ideal(128, 0.35);  // 45 Å: atoms within 7 Å of the centre, probe tail ~10 Å
  c.tilts.angles_deg = {-70.0, -30.0, 0.0, 45.0, 75.0};
  const SimResult r = simulate(m, c, std::uint64_t(19));
  const double expected = electrons_per_pixel(c) * (2 * r.sigma_A2.at("Pt") + r.sigma_A2.at("Pd")) /
                          (c.pixel_A * c.pixel_A);
  for (int k = 0; k < r.series.nt(); ++k) {
    double sum = 0.0;
    for (float v : r.series.image(k)) sum += v;
    // Pixel sums of the tabulated probe core and FFT tail: 0.2 % (measured 0.01-0.07 %).
    EXPECT_TRUE(near(sum, expected, 2e-3 * expected)) << "tilt " << c.tilts.angles_deg[std::size_t(k)];
  }
}

TEST(Simulate, NoiseStatisticsArePoissonPlusReadNoise) {
  // A flat region: the support film alone (no roughness) far from one atom.
  AtomModel m;
  m.add_atom("Pt", Vec3(-30.0, -30.0, 0.0));
  SimConfig c = small_ideal(128, 0.5);
  c.film.enabled = true;
  c.film.roughness = 0.0;
  c.detector.shot_noise = true;
  c.detector.gain = 2.5;
  c.detector.read_noise = 1.5;
  c.tilts.frames_per_tilt = 4;
  c.dose_e_per_A2 = 2e5;  // 2e5 * 0.25 / 4 = 12500 e per pixel per frame
  const SimResult r = simulate(m, c, std::uint64_t(11));
  const double lambda = electrons_per_pixel(c) * r.metadata.get_double("sim.film.fraction_untilted");
  const double mean_expected = c.detector.gain * lambda;
  const double var_expected = c.detector.gain * c.detector.gain * lambda + c.detector.read_noise * c.detector.read_noise;

  // Pixels more than 4 Å from the atom (its probe is cut off at ~1.6 Å), every frame.
  double s = 0.0, s2 = 0.0;
  std::size_t n = 0;
  for (int f = 0; f < r.frames.nt(); ++f)
    for (int i = 0; i < c.ny; ++i)
      for (int j = 0; j < c.nx; ++j) {
        const double x = (j - c.nx / 2) * c.pixel_A + 30.0, y = (i - c.ny / 2) * c.pixel_A + 30.0;
        if (x * x + y * y < 16.0) continue;
        const double v = r.frames.at(f, i, j);
        s += v, s2 += v * v, ++n;
      }
  const double mean = s / double(n), var = (s2 - s * s / double(n)) / double(n - 1);
  // Tolerances: 5 standard errors. SE(mean) = sqrt(var / n); SE(var) = var sqrt(2 / (n - 1))
  // (Poisson's excess kurtosis 1/lambda adds < 2 % at lambda ~ 70).
  const double se_mean = std::sqrt(var_expected / double(n)), se_var = var_expected * std::sqrt(2.0 / double(n - 1));
  std::printf("flat region: lambda %.3f e/pixel/frame, mean %.4f (expected %.4f), variance %.4f (expected %.4f), "
              "n = %zu\n", lambda, mean, mean_expected, var, var_expected, n);
  EXPECT_GT(lambda, 10.0);
  EXPECT_TRUE(near(mean, mean_expected, 5 * se_mean));
  EXPECT_TRUE(near(var, var_expected, 5 * se_var));
  // The variance is not that of the read noise alone, nor gain x Poisson alone.
  EXPECT_GT(var, var_expected - 5 * se_var);
  EXPECT_FALSE(near(var, c.detector.gain * lambda + 2.25, 5 * se_var));
}

TEST(Simulate, FilmBackgroundRisesAsOneOverCosine) {
  AtomModel m;
  m.add_atom("Pt", Vec3(0, 0, 0));
  SimConfig c = small_ideal(32, 0.5);
  c.film.enabled = true;
  c.film.roughness = 0.0;
  c.tilts.angles_deg = {0.0, 60.0};
  const SimResult r = simulate(m, c, std::uint64_t(13));
  EXPECT_TRUE(near(r.series.at(1, 0, 0) / r.series.at(0, 0, 0), 2.0, 1e-4));
}

TEST(Simulate, SameSeedSameBytesWhateverTheThreadCount) {
  AtomModel m = two_atoms();
  m.add_atom("Pt", Vec3(0.0, 3.0, -2.0));
  SimConfig c = paper_preset();
  c.nx = c.ny = 48;
  c.tilts.n_tilts = 7;
  c.tilts.frames_per_tilt = 2;
  c.dose_e_per_A2 = 1e4;
  const SimResult a = test::with_threads(1, [&] { return simulate(m, c, std::uint64_t(42)); });
  const SimResult b =
      test::with_threads(std::max(2, omp_get_max_threads()), [&] { return simulate(m, c, std::uint64_t(42)); });
  const SimResult other = simulate(m, c, std::uint64_t(43));
  ASSERT_EQ(a.frames.data().size(), b.frames.data().size());
  EXPECT_EQ(0, std::memcmp(a.frames.data().data(), b.frames.data().data(), a.frames.data().size() * sizeof(float)));
  EXPECT_EQ(0, std::memcmp(a.series.data().data(), b.series.data().data(), a.series.data().size() * sizeof(float)));
  EXPECT_EQ(a.frames.metadata(), b.frames.metadata());
  EXPECT_EQ(a.frames.geometry(), b.frames.geometry());
  EXPECT_NE(a.frames.data(), other.frames.data());
  EXPECT_EQ(a.metadata.get_int("seed"), 42);
}

TEST(Simulate, TrueMisalignmentIsWrittenAndReproducible) {
  AtomModel m;
  m.add_atom("Pt", Vec3(2.0, 1.0, -3.0));
  SimConfig c = paper_preset();
  c.nx = c.ny = 128;  // 44 Å: the probe (tail ~10 Å) stays inside whatever the shift
  c.tilts.n_tilts = 9;
  c.tilts.min_deg = -60;
  c.tilts.max_deg = 60;
  c.tilts.frames_per_tilt = 3;
  c.misalignment.scan_jitter_rms_px = 0.0;
  c.detector.shot_noise = false;
  c.detector.read_noise = 0.0;
  c.thermal.enabled = false;
  c.film.enabled = false;
  const SimResult r = simulate(m, c, std::uint64_t(99));

  // Each frame shows the atom where the true geometry (not the nominal) puts it.
  for (int f = 0; f < r.frames.nt(); ++f) {
    const ImageGeometry& g = r.frames.geometry().images[std::size_t(f)];
    ASSERT_TRUE(g.has_euler);
    const Eigen::Vector2d uv = project_point(g.rotation(), m.positions()[0]);
    const double x = uv.x() / c.pixel_A + c.nx / 2 + g.shift_px[0], y = uv.y() / c.pixel_A + c.ny / 2 + g.shift_px[1];
    double s = 0, sx = 0, sy = 0;
    for (int i = 0; i < c.ny; ++i)
      for (int j = 0; j < c.nx; ++j) {
        const double w = r.frames.at(f, i, j);
        s += w, sx += w * j, sy += w * i;
      }
    // Centroid = true position (see IsolatedAtomPeakSitsWhereItProjects); a
    // nominal-geometry position would be off by the shift (pixels) or the
    // angle error (0.3° x 3.6 Å = 0.05 px).
    EXPECT_TRUE(near(sx / s, x, 0.01)) << "frame " << f;
    EXPECT_TRUE(near(sy / s, y, 0.01)) << "frame " << f;
  }
  // The truth is not trivial: shifts of pixels, angle errors of tenths of a degree.
  test::Worst max_shift, max_err;
  for (std::size_t k = 0; k < r.truth.shift_px.size(); ++k) {
    max_shift.add(std::hypot(r.truth.shift_px[k][0], r.truth.shift_px[k][1]));
    max_err.add(std::fabs(r.truth.angle_error_deg[k]));
  }
  EXPECT_GT(max_shift.value(), 1.0);
  EXPECT_GT(max_err.value(), 0.05);
  // Frame f of tilt k: shift = shift_k + f drift_k.
  const auto& g4 = r.frames.geometry().images[3 * 4 + 2];
  EXPECT_DOUBLE_EQ(g4.shift_px[0], r.truth.shift_px[4][0] + 2 * r.truth.drift_px_per_frame[4][0]);
  EXPECT_DOUBLE_EQ(g4.euler_deg[0], 0.5);
  EXPECT_DOUBLE_EQ(g4.tilt_deg, r.plan.angles_deg[4] + r.truth.angle_error_deg[4]);
  // Written in the metadata, and the same from the same seed.
  EXPECT_EQ(r.frames.metadata().get_doubles("truth.angle_error_deg"), r.truth.angle_error_deg);
  const SimResult again = simulate(m, c, std::uint64_t(99));
  EXPECT_EQ(again.truth.shift_px, r.truth.shift_px);
  EXPECT_EQ(again.frames.geometry(), r.frames.geometry());
  // The averaged series keeps the nominal angles and no shifts (what the experimenter knows).
  EXPECT_FALSE(r.series.geometry().has_euler());
  EXPECT_FALSE(r.series.geometry().has_shifts());
  EXPECT_DOUBLE_EQ(r.series.geometry().images[0].tilt_deg, -60.0);
  EXPECT_FALSE(r.series.metadata().contains("truth.shift_x_px"));
  EXPECT_TRUE(r.series.metadata().contains("seed"));

  // Through an EMD file and back: the true geometry and metadata survive.
  aet::test::TempDir tmp;
  EmdFile file;
  file.tilt_series.emplace("frames", r.frames);
  write_emd(tmp / "s.h5", file);
  const EmdFile back = read_emd(tmp / "s.h5");
  ASSERT_EQ(back.tilt_series.count("frames"), 1u);
  EXPECT_EQ(back.tilt_series.at("frames").geometry(), r.frames.geometry());
  EXPECT_EQ(back.tilt_series.at("frames").metadata().get_doubles("truth.shift_x_px"),
            r.frames.metadata().get_doubles("truth.shift_x_px"));
}

TEST(Simulate, ThermalMotionVariesPerFrame) {
  AtomModel m;
  m.add_atom("Pt", Vec3(0, 0, 0));
  SimConfig c = small_ideal(32, 0.3);
  c.thermal.enabled = true;
  c.thermal.rms_A["Pt"] = 0.3;  // exaggerated so that one frame shows it
  c.tilts.frames_per_tilt = 2;
  const SimResult r = simulate(m, c, std::uint64_t(17));
  EXPECT_NE(std::vector<float>(r.frames.image(0).begin(), r.frames.image(0).end()),
            std::vector<float>(r.frames.image(1).begin(), r.frames.image(1).end()));
}

void expect_error(const AtomModel& m, const SimConfig& c, const std::string& words) {
  try {
    simulate(m, c, std::uint64_t(1));
    ADD_FAILURE() << "no error for " << words;
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(words), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
  }
}

TEST(Simulate, BadInputIsAClearError) {
  const AtomModel m = two_atoms();
  const SimConfig ok = small_ideal();
  expect_error(AtomModel{}, ok, "empty");
  SimConfig c = ok;
  c.dose_e_per_A2 = 0.0;
  expect_error(m, c, "dose");
  c = ok;
  c.dose_e_per_A2 = -5.0;
  expect_error(m, c, "dose");
  c = ok;
  c.tilts.angles_deg.clear();
  c.tilts.min_deg = -95;
  c.tilts.max_deg = 95;
  expect_error(m, c, "tilt range");
  c = ok;
  c.tilts.angles_deg = {0.0, 90.0};
  expect_error(m, c, "tilt angle");
  c = ok;
  c.pixel_A = 0.0;
  expect_error(m, c, "pixel size");
  c.pixel_A = -0.3;
  expect_error(m, c, "pixel size");
  c = ok;
  c.tilts.frames_per_tilt = 0;
  expect_error(m, c, "frames per tilt");
  c = ok;
  c.detector.inner_mrad = 250;
  expect_error(m, c, "detector");
  AtomModel bad;
  bad.add_atom("Pt", Vec3(NAN, 0, 0));
  expect_error(bad, ok, "simulate");
  AtomModel unknown;
  unknown.add_atom("Rh", Vec3(0, 0, 0));
  expect_error(unknown, ok, "Rh");
}

}  // namespace
}  // namespace aet::sim
