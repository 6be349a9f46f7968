#include "core/geometry.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>

#include "test_util.hpp"

namespace aet {
namespace {

using test::near;

TEST(Geometry, SingleAxisTiltFollowsConventions) {
  // docs/conventions.md: u = x cos t + z sin t, v = y.
  const Vec3 r(1.5, -2.0, 3.0);
  for (double t : {-60.0, -3.0, 0.0, 45.0, 76.0}) {
    ImageGeometry im;
    im.tilt_deg = t;
    const auto uv = project_point(im.rotation(), r);
    EXPECT_TRUE(near(uv.x(), 1.5 * std::cos(deg2rad(t)) + 3.0 * std::sin(deg2rad(t)), 1e-12));
    EXPECT_TRUE(near(uv.y(), -2.0, 1e-12));
  }
}

TEST(Geometry, EulerWithOnlyThetaEqualsTilt) {
  ImageGeometry a, b;
  a.tilt_deg = 33.0;
  b.has_euler = true;
  b.euler_deg = {0.0, 33.0, 0.0};
  EXPECT_TRUE(a.rotation().isApprox(b.rotation(), 1e-14));
}

TEST(Geometry, EulerIsZYZ) {
  // Rz(90) Ry(0) Rz(90) = Rz(180): (1, 0, 0) -> (-1, 0, 0).
  const Mat3 r = euler_rotation({90.0, 0.0, 90.0});
  const Vec3 q = r * Vec3(1, 0, 0);
  EXPECT_TRUE(near(q.x(), -1.0, 1e-12));
  EXPECT_TRUE(near(q.y(), 0.0, 1e-12));
  EXPECT_TRUE(r.determinant() > 0.999);
}

TEST(Geometry, VolumeFrameHasCentreVoxelAtOrigin) {
  VolumeGeometry g{5, 6, 7, 0.5};
  // Centre voxel (nz/2, ny/2, nx/2) = (2, 3, 3) with integer division.
  EXPECT_TRUE(g.position(2, 3, 3).isZero());
  const Vec3 p = g.position(0, 0, 0);
  EXPECT_TRUE(near(p.x(), -1.5, 1e-12));
  EXPECT_TRUE(near(p.y(), -1.5, 1e-12));
  EXPECT_TRUE(near(p.z(), -1.0, 1e-12));
  const Vec3 back = g.to_voxel(g.position(4, 1, 6));
  EXPECT_TRUE(near(back[0], 4, 1e-12));
  EXPECT_TRUE(near(back[1], 1, 1e-12));
  EXPECT_TRUE(near(back[2], 6, 1e-12));
  EXPECT_EQ(g.index(1, 2, 3), std::size_t((1 * 6 + 2) * 7 + 3));
}

TEST(Geometry, TiltGeometryFlags) {
  auto g = TiltGeometry::from_tilts({-10, 0, 10});
  EXPECT_EQ(g.tilts_deg(), (std::vector<double>{-10, 0, 10}));
  EXPECT_FALSE(g.has_euler());
  EXPECT_FALSE(g.has_shifts());
  g.images[1].shift_px = {0.5, 0.0};
  EXPECT_TRUE(g.has_shifts());
}

}  // namespace
}  // namespace aet
