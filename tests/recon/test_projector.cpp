// The projector/back-projector pair: exact adjointness (dot-product test)
// for every path, analytic sample positions, and agreement between paths.
#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "recon/projector.hpp"
#include "test_util.hpp"

namespace aet::recon {
namespace {

std::vector<float> random_vector(std::size_t n, boost::random::mt19937& rng) {
  boost::random::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = u(rng);
  return v;
}

double dot(std::span<const float> a, std::span<const float> b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += double(a[i]) * double(b[i]);
  return s;
}

ProjectionGeometry make_geometry(VolumeGeometry vol, int ny, int nx, const std::vector<double>& tilts) {
  ProjectionGeometry g;
  g.volume = vol;
  g.ny = ny;
  g.nx = nx;
  g.pixel_A = vol.voxel_A;
  g.tilts = TiltGeometry::from_tilts(tilts);
  return g;
}

// <Πx, y> = <x, Πᵀy> on random x (volume, in the (z,y,x) layout) and y
// (projections). Both sides are float sums of ~1e5 terms of size ~1, so their
// relative difference is float round-off, ~1e-6; 1e-5 leaves a margin while a
// wrong weight or index anywhere gives O(1e-2) or worse.
void expect_adjoint(const ProjectionGeometry& g, ProjectorPath path) {
  boost::random::mt19937 rng(42);
  auto p = make_projector(g, path);
  const auto x = random_vector(g.volume.size(), rng);
  const auto y = random_vector(g.projection_size(), rng);
  std::vector<float> xi(p->volume_size()), px(p->projection_size()), aty(p->volume_size()), atyz(g.volume.size());
  p->to_internal(x, xi);
  p->forward(xi, px);
  p->adjoint(y, aty);
  p->from_internal(aty, atyz);
  const double lhs = dot(px, y), rhs = dot(x, atyz);
  const double scale = std::sqrt(dot(px, px) * dot(y, y));
  EXPECT_GT(scale, 0.0);
  EXPECT_TRUE(test::near(lhs / scale, rhs / scale, 1e-5)) << "lhs " << lhs << " rhs " << rhs;
  std::printf("adjoint (%s): <Px,y> = %.9g, <x,P'y> = %.9g, relative difference %.2e\n",
              path == ProjectorPath::SingleAxis ? "single-axis" : "general", lhs, rhs, std::fabs(lhs - rhs) / scale);
}

std::vector<double> tilt_range(double lo, double hi, double step) {
  std::vector<double> t;
  for (double a = lo; a <= hi + 1e-9; a += step) t.push_back(a);
  return t;
}

TEST(Projector, SingleAxisIsExactAdjoint) {
  // Odd sizes, a volume thinner than the image, rows not a multiple of the
  // 8-slice block, fractional x and y shifts, tilts up to ±90°.
  auto g = make_geometry({13, 21, 19}, 23, 25, tilt_range(-90, 90, 7.5));
  for (std::size_t a = 0; a < g.tilts.size(); ++a)
    g.tilts.images[a].shift_px = {0.37 * double(a % 5) - 0.9, -0.23 * double(a % 3) + 0.41};
  expect_adjoint(g, ProjectorPath::SingleAxis);
}

TEST(Projector, GeneralIsExactAdjoint) {
  auto g = make_geometry({17, 15, 18}, 20, 19, tilt_range(-60, 60, 10));
  for (std::size_t a = 0; a < g.tilts.size(); ++a) {
    auto& im = g.tilts.images[a];
    im.has_euler = true;
    im.euler_deg = {7.0 + double(a), im.tilt_deg, -3.0 - 0.5 * double(a)};
    im.shift_px = {0.3 * double(a % 4) - 0.5, 0.71 - 0.2 * double(a % 3)};
  }
  expect_adjoint(g, ProjectorPath::General);
}

TEST(Projector, SingleAxisSampleLandsWhereConventionsSay) {
  // One voxel at x = 2 p, y = -1 p, z = 1 p; tilt 30°: u = 2 cos 30° + sin 30° = 2.2320508 p,
  // v = -1 p. The image (ny, nx) = (16, 16) has its centre at (8, 8), so the
  // value 1 splits over columns 10 (weight 0.7679492) and 11 (0.2320508) of row 7.
  for (auto path : {ProjectorPath::SingleAxis, ProjectorPath::General}) {
    auto g = make_geometry({16, 16, 16, 0.5}, 16, 16, {30.0});
    auto p = make_projector(g, path);
    Volume v(g.volume);
    v.at(8 + 1, 8 - 1, 8 + 2) = 1.0f;
    const TiltSeries s = p->project(v);
    const double w11 = 2 * std::cos(kPi / 6) + 0.5 - 2.0;
    EXPECT_TRUE(test::near(s.at(0, 7, 10), 1.0 - w11, 1e-5));
    EXPECT_TRUE(test::near(s.at(0, 7, 11), w11, 1e-5));
    double total = 0;
    for (float x : s.data()) total += x;
    EXPECT_TRUE(test::near(total, 1.0, 1e-5));
  }
}

TEST(Projector, ShiftMovesTheImageContent) {
  // shift_px = (+1.5, -2): the origin appears 1.5 px right of and 2 px above
  // the centre; a voxel at the origin at 0° splits over columns 9 and 10 of row 6.
  for (auto path : {ProjectorPath::SingleAxis, ProjectorPath::General}) {
    auto g = make_geometry({8, 16, 16}, 16, 16, {0.0});
    g.tilts.images[0].shift_px = {1.5, -2.0};
    auto p = make_projector(g, path);
    Volume v(g.volume);
    v.at(4, 8, 8) = 1.0f;
    const TiltSeries s = p->project(v);
    EXPECT_TRUE(test::near(s.at(0, 6, 9), 0.5, 1e-6));
    EXPECT_TRUE(test::near(s.at(0, 6, 10), 0.5, 1e-6));
  }
}

TEST(Projector, EulerInPlaneRotation) {
  // Euler (90°, 0, 0) = Rz(90°) maps (x, y, z) to (-y, x, z): a voxel at
  // x = +3 p appears at u = 0, v = +3 p, i.e. pixel (8 + 3, 8).
  auto g = make_geometry({8, 16, 16}, 16, 16, {0.0});
  g.tilts.images[0].has_euler = true;
  g.tilts.images[0].euler_deg = {90.0, 0.0, 0.0};
  auto p = make_projector(g);
  EXPECT_EQ(p->path(), ProjectorPath::General);
  Volume v(g.volume);
  v.at(4, 8, 11) = 1.0f;
  const TiltSeries s = p->project(v);
  EXPECT_TRUE(test::near(s.at(0, 11, 8), 1.0, 1e-5));
}

TEST(Projector, PathsAgree) {
  // The single-axis path and the general path (the same Ry(t) as a matrix)
  // are the same linear operator: equal to float round-off (1e-5 of the peak).
  auto g = make_geometry({20, 18, 22}, 19, 24, tilt_range(-70, 70, 10));
  for (std::size_t a = 0; a < g.tilts.size(); ++a) g.tilts.images[a].shift_px = {0.3 * double(a % 3), 0.45};
  boost::random::mt19937 rng(7);
  Volume v(g.volume, random_vector(g.volume.size(), rng));
  const TiltSeries s1 = make_projector(g, ProjectorPath::SingleAxis)->project(v);
  const TiltSeries s2 = make_projector(g, ProjectorPath::General)->project(v);
  // The scale: the largest |value|.
  auto peak = [](const auto& d) {
    test::Worst p;
    for (float x : d) p.add(std::fabs(x));
    return p.value();
  };
  EXPECT_TRUE(test::max_abs_diff(s1.data(), s2.data()).within(1e-5 * std::max(peak(s2.data()), 1.0)));
  const Volume b1 = make_projector(g, ProjectorPath::SingleAxis)->back_project(s2);
  const Volume b2 = make_projector(g, ProjectorPath::General)->back_project(s2);
  EXPECT_TRUE(test::max_abs_diff(b1.data(), b2.data()).within(1e-5 * std::max(peak(b2.data()), 1.0)));
}

TEST(Projector, RejectsBadGeometry) {
  auto g = make_geometry({8, 8, 8, 1.0}, 8, 8, {0.0});
  g.pixel_A = 0.5;
  EXPECT_THROW(make_projector(g), Error);
  g.pixel_A = 1.0;
  g.tilts.images[0].has_euler = true;
  EXPECT_THROW(make_projector(g, ProjectorPath::SingleAxis), Error);
}

}  // namespace
}  // namespace aet::recon
