#include "models/truncated_octahedron.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "models/fcc_lattice.hpp"
#include "models_test_util.hpp"
#include "test_util.hpp"

namespace aet::models {
namespace {

constexpr double kA = kMeanLattice_A;

// A small TO: {111} at 12 Å (snaps to 5 layers, 11.27 Å), {100} at 13 Å
// (snaps to 6 layers, 11.72 Å), core at 6 / 7 Å.
ParticleSites small_to() { return build_truncated_octahedron({12.0, 13.0}, {6.0, 7.0}, kA); }

/// Distances below the eight {111} and six {100} planes through the outermost
/// atom layers, computed from the positions alone.
struct PlaneDistances {
  std::array<double, 8> f111;
  std::array<double, 6> f100;
};

std::vector<PlaneDistances> plane_distances(const std::vector<Vec3>& pos) {
  std::vector<Vec3> normals111, normals100;
  for (int sx : {-1, 1})
    for (int sy : {-1, 1})
      for (int sz : {-1, 1}) normals111.push_back(Vec3(sx, sy, sz) / std::sqrt(3.0));
  for (int d = 0; d < 3; ++d)
    for (int s : {-1, 1}) {
      Vec3 n = Vec3::Zero();
      n[d] = s;
      normals100.push_back(n);
    }
  std::array<test::Worst, 8> top111;  // outermost extent along each normal (NaN-sticky)
  std::array<test::Worst, 6> top100;
  for (const auto& p : pos) {
    for (std::size_t k = 0; k < 8; ++k) top111[k].add(normals111[k].dot(p));
    for (std::size_t k = 0; k < 6; ++k) top100[k].add(normals100[k].dot(p));
  }
  std::vector<PlaneDistances> out(pos.size());
  for (std::size_t i = 0; i < pos.size(); ++i) {
    for (std::size_t k = 0; k < 8; ++k) out[i].f111[k] = top111[k].value() - normals111[k].dot(pos[i]);
    for (std::size_t k = 0; k < 6; ++k) out[i].f100[k] = top100[k].value() - normals100[k].dot(pos[i]);
  }
  return out;
}

TEST(TruncatedOctahedron, SingleCentredCrystal) {
  const auto s = small_to();
  ASSERT_GT(s.size(), 500u);
  Vec3 sum = Vec3::Zero();
  for (const auto& p : s.positions_A) sum += p;
  EXPECT_LT(sum.norm() / double(s.size()), 1e-12);  // inversion-symmetric about the origin
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(s.grain[i], 0);
    EXPECT_EQ(s.twin_boundary[i], 0);
    EXPECT_EQ(s.fivefold_axis[i], 0);
    for (double e : s.strain[i]) EXPECT_EQ(e, 0.0);
  }
}

TEST(TruncatedOctahedron, EveryBondIsTheLatticeNearestNeighbourDistance) {
  // Unstrained fcc: every pair within the cutoff is exactly a/sqrt2 =
  // 2.7612 Å (to rounding), inside the required 2.75-2.78 Å.
  const auto s = small_to();
  const auto nb = test::neighbours(s.positions_A);
  std::size_t bonds = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (auto j : nb[i]) {
      const double d = (s.positions_A[i] - s.positions_A[j]).norm();
      EXPECT_TRUE(test::near(d, fcc_nearest_neighbour_A(kA), 1e-9));
      EXPECT_GE(d, 2.75);
      EXPECT_LE(d, 2.78);
      ++bonds;
    }
  EXPECT_GT(bonds, 6 * s.size());
}

TEST(TruncatedOctahedron, CoordinationOfBulkAndFacetAtoms) {
  const auto s = small_to();
  const auto nb = test::neighbours(s.positions_A);
  const auto dist = plane_distances(s.positions_A);
  // Bulk: a neighbour lies at most a/sqrt3 = 2.25 Å (along a {111} normal)
  // or a/2 = 1.95 Å (along a {100} normal) further out, so any atom more
  // than 2.3 Å below every facet has all 12.
  // {111} facet interior: on one {111} plane, >= 2.3 Å from every other
  // facet plane: 6 in-plane + 3 below = 9. {100} facet interior: 4 + 4 = 8.
  std::size_t bulk = 0, f111 = 0, f100 = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto& d = dist[i];
    const double min111 = *std::min_element(d.f111.begin(), d.f111.end());
    const double min100 = *std::min_element(d.f100.begin(), d.f100.end());
    const auto on = [](double x) { return std::fabs(x) < 1e-9; };
    const auto far = [](double x) { return x > 2.3; };
    if (far(min111) && far(min100)) {
      EXPECT_EQ(nb[i].size(), 12u) << "bulk atom " << i;
      ++bulk;
    }
    const int n111 = int(std::count_if(d.f111.begin(), d.f111.end(), on));
    const int far111 = int(std::count_if(d.f111.begin(), d.f111.end(), far));
    const int far100 = int(std::count_if(d.f100.begin(), d.f100.end(), far));
    if (n111 == 1 && far111 == 7 && far100 == 6) {
      EXPECT_EQ(nb[i].size(), 9u) << "{111} facet atom " << i;
      ++f111;
    }
    const int n100 = int(std::count_if(d.f100.begin(), d.f100.end(), on));
    if (n100 == 1 && far100 == 5 && far111 == 8) {
      EXPECT_EQ(nb[i].size(), 8u) << "{100} facet atom " << i;
      ++f100;
    }
    // The library's depth is the same distance to the nearest facet plane.
    EXPECT_TRUE(test::near(s.depth_A[i], std::min(min111, min100), 1e-9));
  }
  EXPECT_GT(bulk, 100u);
  EXPECT_GT(f111, 8u);  // at least one per {111} facet
  EXPECT_GE(f100, 6u);
}

TEST(TruncatedOctahedron, InterfaceDistanceIsTheCoreFacetOffset) {
  const auto s = small_to();
  std::size_t inside = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const Vec3 q = s.positions_A[i].cwiseAbs();
    const double expect = std::max((q.x() + q.y() + q.z()) / std::sqrt(3.0) - 6.0, q.maxCoeff() - 7.0);
    EXPECT_TRUE(test::near(s.interface_distance_A[i], expect, 1e-9));
    inside += s.interface_distance_A[i] < 0.0;
  }
  EXPECT_GT(inside, 50u);
  EXPECT_LT(inside, s.size() / 2);
}

TEST(TruncatedOctahedron, EdgeFacetsTruncateAndBoundTheDepth) {
  const auto plain = build_truncated_octahedron({12.0, 13.0}, {6.0, 7.0}, kA);
  const auto rounded = build_truncated_octahedron({12.0, 13.0, 11.0}, {6.0, 7.0, 11.0}, kA);
  EXPECT_LT(rounded.size(), plain.size());
  for (std::size_t i = 0; i < rounded.size(); ++i) {
    const Vec3 q = rounded.positions_A[i].cwiseAbs();
    const double r110 = std::max({q.x() + q.y(), q.y() + q.z(), q.x() + q.z()}) / std::sqrt(2.0);
    EXPECT_LE(r110, 11.0 + 1e-9);
    EXPECT_GE(rounded.depth_A[i], 0.0);
  }
}

TEST(TruncatedOctahedron, BadParametersAreOneLineErrors) {
  const auto expect_error = [](const FacetDistances& outer, const FacetDistances& core) {
    try {
      build_truncated_octahedron(outer, core, kA);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  };
  expect_error({12.0, 13.0}, {14.0, 7.0});  // core larger than particle
  expect_error({-12.0, 13.0}, {6.0, 7.0});
  expect_error({12.0, 13.0}, {6.0, 0.0});
  expect_error({std::numeric_limits<double>::infinity(), 13.0}, {6.0, 7.0});
}

}  // namespace
}  // namespace aet::models
