// Incoherent ADF image formation: each atom adds sigma times the probe at its
// exact sub-pixel position (core) and, by FFT convolution, the probe's tail;
// scan-row jitter moves the probe positions of a row.
#include "sim/adf_image.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <span>
#include <vector>

#include "core/geometry.hpp"
#include "sim/probe.hpp"
#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

const ProbeProfile& paper_probe() {
  static const ProbeProfile p{ProbeConfig{}};
  return p;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

TEST(AdfImage, CoreAndTailCarryTheirShareOfTheCrossSection) {
  // One atom of sigma 0.02 Å² off the pixel grid, 32 Å field of 0.2 Å pixels
  // (the tail reaches ~10 Å). The pixel sum times p² is the integral of
  // sigma P w (core) and sigma P (1 - w) (tail): sigma times the core
  // fraction and its complement. Smooth integrands sampled at a quarter of
  // the probe's FWHM: the sums are good to 1e-3 (the tail's to 2e-3 of sigma,
  // as the simulator's whole-image check).
  const ProbeProfile& probe = paper_probe();
  const int n = 160;
  const double p = 0.2, sigma = 0.02;
  const std::vector<Vec3> atom{Vec3(0.37, -0.81, 1.0)};
  std::vector<double> core(std::size_t(n) * n, 0.0), tail = core;
  add_atoms(core, n, n, p, Mat3::Identity(), {0.0, 0.0}, atom, {sigma}, probe);
  ProbeTail(probe, n, n, p).add(tail, Mat3::Identity(), {0.0, 0.0}, atom, {sigma});
  const double core_A2 = sum(core) * p * p, tail_A2 = sum(tail) * p * p;
  std::printf("adf image: core %.6f, tail %.6f of sigma (core fraction %.6f)\n", core_A2 / sigma, tail_A2 / sigma,
              probe.core_fraction());
  EXPECT_GT(probe.core_fraction(), 0.9);
  EXPECT_TRUE(near(core_A2, sigma * probe.core_fraction(), 1e-3 * sigma));
  EXPECT_TRUE(near(tail_A2, sigma * (1 - probe.core_fraction()), 2e-3 * sigma));
  EXPECT_TRUE(near(core_A2 + tail_A2, sigma, 2e-3 * sigma));
}

TEST(AdfImage, AtomAppearsWhereTheRotationAndShiftPutIt) {
  // 45° tilt: u = x cos t + z sin t, v = y, then the shift (pixels). The
  // core is symmetric and wholly inside: its centroid is the projected
  // position up to the table interpolation (< 0.01 px).
  const ProbeProfile& probe = paper_probe();
  const int n = 96;
  const double p = 0.1;
  const Vec3 r(0.43, -0.27, 0.6);
  const std::array<double, 2> shift{1.3, -2.6};
  const Mat3 rot = rotation_y(deg2rad(45.0));
  std::vector<double> img(std::size_t(n) * n, 0.0);
  add_atoms(img, n, n, p, rot, shift, {r}, {1.0}, probe);
  double s = 0, sx = 0, sy = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double w = img[std::size_t(i) * n + j];
      s += w, sx += w * j, sy += w * i;
    }
  const double u = r.x() * std::cos(kPi / 4) + r.z() * std::sin(kPi / 4), v = r.y();
  EXPECT_TRUE(near(sx / s, u / p + n / 2 + shift[0], 0.01));
  EXPECT_TRUE(near(sy / s, v / p + n / 2 + shift[1], 0.01));
}

TEST(AdfImage, RowJitterMovesOnlyItsRow) {
  // A constant offset d on every row is the same as a shift of -d along x;
  // an offset on one row leaves every other row as it was.
  const ProbeProfile& probe = paper_probe();
  const int n = 48;
  const double p = 0.2;
  const std::vector<Vec3> atoms{Vec3(0.3, 0.1, 0.0), Vec3(-1.9, 1.4, 2.0)};
  const std::vector<double> sigma{1.0, 0.5};
  std::vector<double> plain(std::size_t(n) * n, 0.0), jittered = plain, shifted = plain, one_row = plain;
  add_atoms(plain, n, n, p, Mat3::Identity(), {0.0, 0.0}, atoms, sigma, probe);
  const std::vector<double> d(std::size_t(n), 0.35);
  add_atoms(jittered, n, n, p, Mat3::Identity(), {0.0, 0.0}, atoms, sigma, probe, d);
  add_atoms(shifted, n, n, p, Mat3::Identity(), {-0.35, 0.0}, atoms, sigma, probe);
  EXPECT_TRUE(test::max_abs_diff(jittered, shifted).within(1e-12));
  EXPECT_GT(test::max_abs_diff(jittered, plain).value(), 1e-3);
  std::vector<double> row(std::size_t(n), 0.0);
  const int i0 = n / 2;
  row[std::size_t(i0)] = 0.5;
  add_atoms(one_row, n, n, p, Mat3::Identity(), {0.0, 0.0}, atoms, sigma, probe, row);
  for (int i = 0; i < n; ++i) {
    const auto a = std::span(one_row).subspan(std::size_t(i) * n, std::size_t(n));
    const auto b = std::span(plain).subspan(std::size_t(i) * n, std::size_t(n));
    if (i == i0) EXPECT_GT(test::max_abs_diff(a, b).value(), 1e-3);
    else EXPECT_TRUE(test::max_abs_diff(a, b).within(0.0)) << "row " << i;
  }
}

}  // namespace
}  // namespace aet::sim
