// Bond-orientational order, polyhedral template matching and grains on
// hand-built crystals.
#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "analysis/bond_orientational_order.hpp"
#include "analysis/grains.hpp"
#include "analysis/polyhedral_template_matching.hpp"
#include "core/error.hpp"
#include "lattices.hpp"
#include "test_util.hpp"

namespace aet::analysis {
namespace {

using test::kA;

TEST(BondOrientationalOrder, PerfectFccIsQ4_0191_Q6_0575_Boo1) {
  // Steinhardt values of the 12-neighbour fcc shell: Q4 = 0.19094,
  // Q6 = 0.57452 (Steinhardt, Nelson & Ronchetti 1983); averaging over a
  // perfect environment changes nothing, so the normalised BOO is 1.
  const auto p = test::fcc_ball(kA, 14.0);
  const auto nl = find_neighbours(p);
  const auto b = bond_orientational_order(p, nl);
  const std::size_t c = test::nearest_atom(p, Vec3::Zero());
  EXPECT_TRUE(test::near(b.q4[c], 0.191, 5e-4));
  EXPECT_TRUE(test::near(b.q6[c], 0.575, 5e-4));
  EXPECT_TRUE(test::near(b.boo[c], 1.0, 1e-6));
  // hcp: q4 = 0.09722, q6 = 0.48476 — the measure tells the two apart.
  const auto h = test::hcp_ball(kA / std::sqrt(2.0), 12.0);
  const auto hn = find_neighbours(h);
  const std::size_t hc = test::nearest_atom(h, Vec3::Zero());
  std::vector<Vec3> bonds;
  for (const auto& nb : hn[hc]) bonds.push_back(h[nb.atom] - h[hc]);
  ASSERT_EQ(bonds.size(), 12u);
  EXPECT_TRUE(test::near(detail::steinhardt_q(4, bonds), 0.09722, 5e-4));
  EXPECT_TRUE(test::near(detail::steinhardt_q(6, bonds), 0.48476, 5e-4));
}

TEST(PolyhedralTemplateMatching, IdentifiesEachStructure) {
  struct Case {
    std::vector<Vec3> pts;
    Structure want;
  };
  std::vector<Case> cases;
  cases.push_back({test::fcc_ball(kA, 12.0), Structure::Fcc});
  cases.push_back({test::hcp_ball(2.75, 12.0), Structure::Hcp});
  cases.push_back({test::lattice_ball(3.16, 12.0, {{0, 0, 0}, {0.5, 0.5, 0.5}}), Structure::Bcc});
  cases.push_back({test::lattice_ball(2.6, 10.0, {{0, 0, 0}}), Structure::Sc});
  {
    // 13-atom icosahedron: centre + 12 vertices at 2.75 Å.
    std::vector<Vec3> ico{Vec3::Zero()};
    for (const auto& v : detail::ptm_template(Structure::Ico)) ico.push_back(2.75 * v.normalized());
    cases.push_back({ico, Structure::Ico});
    // Decahedral environment: the centre of the template, plus its two axial neighbours'
    // next axial neighbours so that the 12 nearest are the template's.
    std::vector<Vec3> dec{Vec3::Zero()};
    for (const auto& v : detail::ptm_template(Structure::Decahedral)) dec.push_back(2.75 * v.normalized());
    cases.push_back({dec, Structure::Decahedral});
  }
  for (const auto& c : cases) {
    const auto r = polyhedral_template_matching(c.pts);
    const std::size_t centre = test::nearest_atom(c.pts, Vec3::Zero());
    EXPECT_EQ(r.structure[centre], c.want) << to_string(c.want) << " read as " << to_string(r.structure[centre]);
    EXPECT_LT(r.rmsd[centre], 1e-6) << to_string(c.want);
  }
  EXPECT_THROW(polyhedral_template_matching(cases[0].pts, {-1.0}), Error);
}

TEST(PolyhedralTemplateMatching, RecoversOrientationAndToleratesNoise) {
  const Mat3 rot = euler_rotation({33.0, 71.0, -12.0});
  auto p = test::fcc_ball(kA, 16.0, rot);
  const auto clean = polyhedral_template_matching(p);
  const std::size_t c = test::nearest_atom(p, Vec3::Zero());
  ASSERT_EQ(clean.structure[c], Structure::Fcc);
  EXPECT_LT(cubic_misorientation_deg(clean.orientation[c], Eigen::Quaterniond(rot)), 1e-4);
  // Experimental AET precision: ~0.1 Å per coordinate. Interior atoms stay fcc
  // (measured: 100 % at 0.1 Å) with orientation errors of a few degrees.
  boost::random::mt19937 rng(3);
  boost::random::normal_distribution<double> noise(0.0, 0.1);
  for (auto& r : p) r += Vec3(noise(rng), noise(rng), noise(rng));
  const auto noisy = polyhedral_template_matching(p);
  std::size_t interior = 0, fcc = 0;
  test::Worst worst;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i].norm() > 16.0 - kA) continue;
    ++interior;
    if (noisy.structure[i] != Structure::Fcc) continue;
    ++fcc;
    worst.add(cubic_misorientation_deg(noisy.orientation[i], Eigen::Quaterniond(rot)), i);
  }
  EXPECT_GE(double(fcc), 0.95 * double(interior));
  EXPECT_TRUE(worst.within(8.0));
}

TEST(Grains, TwinGivesTwoGrainsSixtyDegreesApartWithAnHcpBoundary) {
  const auto p = test::twinned_ball(kA, 18.0);
  const auto nl = find_neighbours(p);
  const auto ptm = polyhedral_template_matching(p);
  const auto g = find_grains(p, nl, ptm);
  ASSERT_EQ(g.grains.size(), 2u);
  // A {111} twin is a 60° rotation about <111>: misorientation 60°.
  EXPECT_TRUE(test::near(g.misorientation_deg[0][1], 60.0, 1e-3));
  // The twin plane atoms (on the plane through the origin, normal [111]) are
  // hcp and flagged as boundary.
  const Vec3 n = Vec3(1, 1, 1).normalized();
  std::size_t on_plane = 0, flagged = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (std::fabs(p[i].dot(n)) < 1e-6 && p[i].norm() < 18.0 - kA) {
      ++on_plane;
      EXPECT_EQ(ptm.structure[i], Structure::Hcp);
      flagged += g.twin_boundary[i];
    }
  EXPECT_GT(on_plane, 10u);
  EXPECT_EQ(flagged, on_plane);
  // A single crystal is one grain.
  const auto q = test::fcc_ball(kA, 14.0);
  EXPECT_EQ(find_grains(q, find_neighbours(q), polyhedral_template_matching(q)).grains.size(), 1u);
}

TEST(Grains, CubicMisorientation) {
  const Eigen::Quaterniond a(Eigen::AngleAxisd(0.3, Vec3(1, 2, 3).normalized()));
  // A 90° rotation about a cube axis is a symmetry: no misorientation.
  const Eigen::Quaterniond b = a * Eigen::Quaterniond(Eigen::AngleAxisd(kPi / 2, Vec3::UnitZ()));
  EXPECT_LT(cubic_misorientation_deg(a, b), 1e-4);  // acos near 1: ~1e-6° rounding
  const Eigen::Quaterniond c = a * Eigen::Quaterniond(Eigen::AngleAxisd(deg2rad(10.0), Vec3::UnitX()));
  EXPECT_TRUE(test::near(cubic_misorientation_deg(a, c), 10.0, 1e-4));
  EXPECT_EQ(cubic_rotations().size(), 24u);
}

}  // namespace
}  // namespace aet::analysis
