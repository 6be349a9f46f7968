#include "core/neighbours.hpp"

#include <gtest/gtest.h>

#include <Eigen/Geometry>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "analysis/bond_lengths.hpp"
#include "analysis/coordination.hpp"
#include "analysis/facets.hpp"
#include "core/error.hpp"
#include "lattices.hpp"
#include "test_util.hpp"

namespace aet::analysis {
namespace {

using test::kA;

TEST(Neighbours, MatchBruteForce) {
  boost::random::mt19937 rng(11);
  boost::random::uniform_real_distribution<double> u(-15.0, 15.0);
  std::vector<Vec3> p(800);
  for (auto& r : p) r = Vec3(u(rng), u(rng), u(rng));
  const auto nl = find_neighbours(p, {3.35});
  for (std::size_t i = 0; i < p.size(); i += 37) {
    std::size_t brute = 0;
    for (std::size_t j = 0; j < p.size(); ++j)
      if (j != i && (p[j] - p[i]).norm() < 3.35) ++brute;
    EXPECT_EQ(nl[i].size(), brute);
    for (std::size_t k = 1; k < nl[i].size(); ++k) EXPECT_LE(nl[i][k - 1].distance_A, nl[i][k].distance_A);
  }
  const PointIndex index(p);
  const auto knn = index.nearest(p[5], 4);
  ASSERT_EQ(knn.size(), 4u);
  EXPECT_EQ(knn[0].atom, 5u);
  EXPECT_THROW(find_neighbours(p, {0.0}), Error);
}

TEST(Neighbours, PairDistributionOfFcc) {
  // First shell at a/sqrt(2) = 2.751 Å, second at a = 3.89 Å: the first
  // minimum lies between them (bins of 0.05 Å).
  const auto g = pair_distribution(test::fcc_ball(kA, 15.0));
  EXPECT_TRUE(test::near(g.first_peak_A, kA / std::sqrt(2.0), 0.05));
  EXPECT_GT(g.first_minimum_A, kA / std::sqrt(2.0) + 0.1);
  EXPECT_LT(g.first_minimum_A, kA - 0.1);
}

TEST(Coordination, BulkFccIsTwelveAndBondsAreNearestNeighbourDistance) {
  const auto p = test::fcc_ball(kA, 14.0);
  const AtomModel m = test::model_of(p);
  const auto nl = find_neighbours(p);
  const auto c = coordination(m, nl);
  const std::size_t centre = test::nearest_atom(p, Vec3::Zero());
  EXPECT_EQ(c.cn[centre], 12);
  EXPECT_EQ(c.cn_pt[centre], 12);
  EXPECT_EQ(c.cn_pd[centre], 0);
  // Every atom deeper than one lattice constant is 12-coordinated.
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i].norm() < 14.0 - kA) {
      EXPECT_EQ(c.cn[i], 12) << i;
    }
  const auto b = bond_lengths(m, nl);
  EXPECT_TRUE(test::near(b.all.mean_A, kA / std::sqrt(2.0), 1e-9));  // exact lattice: one bond length
  ASSERT_EQ(b.by_pair.count("Pt-Pt"), 1u);
  EXPECT_EQ(b.by_pair.at("Pt-Pt").bonds, b.all.bonds);
}

TEST(Coordination, SurfacesOf111And100) {
  // A slab with (111) faces: rotate [111] onto z, keep |z| <= 3 layers.
  // Surface atoms of a {111} face have CN 9, of a {100} face CN 8.
  const Mat3 rot = Eigen::Quaterniond::FromTwoVectors(Vec3(1, 1, 1), Vec3::UnitZ()).toRotationMatrix();
  const double d111 = kA / std::sqrt(3.0);
  for (const auto& [r, spacing, want] :
       {std::tuple<Mat3, double, int>{rot, d111, 9}, std::tuple<Mat3, double, int>{Mat3::Identity(), kA / 2, 8}}) {
    std::vector<Vec3> slab;
    for (const auto& x : test::fcc_ball(kA, 30.0, r))
      if (std::fabs(x.z()) <= 3 * spacing + 1e-6) slab.push_back(x);
    const auto nl = find_neighbours(slab);
    const auto c = coordination(test::model_of(slab), nl);
    const auto f = classify_surface(c);
    std::size_t checked = 0;
    for (std::size_t i = 0; i < slab.size(); ++i)
      if (slab[i].head<2>().norm() < 15.0 && std::fabs(std::fabs(slab[i].z()) - 3 * spacing) < 1e-6) {
        EXPECT_EQ(c.cn[i], want);
        EXPECT_EQ(f.site[i], want == 9 ? SurfaceSite::Facet111 : SurfaceSite::Facet100);
        ++checked;
      }
    EXPECT_GT(checked, 20u);
  }
}

TEST(BondLengths, PairTypesInterfaceAndDepth) {
  // Pd inside r < 8 Å, Pt outside; depth = |r| - 8.
  const auto p = test::fcc_ball(kA, 14.0);
  AtomModel m;
  std::vector<double> depth;
  for (const auto& r : p) {
    m.add_atom(r.norm() < 8.0 ? "Pd" : "Pt", r);
    depth.push_back(r.norm() - 8.0);
  }
  const auto nl = find_neighbours(p);
  const auto b = bond_lengths(m, nl, {}, depth, -2.0, 2.0);
  ASSERT_EQ(b.by_pair.size(), 3u);
  EXPECT_GT(b.by_pair.at("Pd-Pt").bonds, 0u);
  EXPECT_EQ(b.by_pair.at("Pd-Pd").bonds + b.by_pair.at("Pd-Pt").bonds + b.by_pair.at("Pt-Pt").bonds, b.all.bonds);
  EXPECT_GT(b.interface_all.bonds, 0u);
  EXPECT_LT(b.interface_all.bonds, b.all.bonds);
  EXPECT_FALSE(b.versus_depth.empty());
  EXPECT_THROW(bond_lengths(m, nl, {}, std::vector<double>(3, 0.0)), Error);
}

}  // namespace
}  // namespace aet::analysis
