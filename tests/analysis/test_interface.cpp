// Voxel tools, the interface profile (both definitions and the iso-surface
// estimate) and isolated atoms on hand-built core-shell balls.
#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "analysis/interface_profile.hpp"
#include "analysis/isolated_atoms.hpp"
#include "analysis/voxel_grid.hpp"
#include "core/error.hpp"
#include "lattices.hpp"
#include "test_util.hpp"

namespace aet::analysis {
namespace {

using test::kA;

TEST(VoxelGrid, DistanceTransformsMatchBruteForce) {
  VoxelGrid g;
  g.nz = 9;
  g.ny = 11;
  g.nx = 13;
  g.voxel_A = 0.5;
  Mask m(g.size(), 0);
  m[g.index(2, 3, 4)] = 1;
  m[g.index(6, 8, 10)] = 1;
  const auto d = distance_transform(g, m);
  const auto cb = chessboard_transform(g, m);
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.ny; ++i)
      for (int j = 0; j < g.nx; ++j) {
        const double e = std::min(Vec3(k - 2, i - 3, j - 4).norm(), Vec3(k - 6, i - 8, j - 10).norm()) * 0.5;
        const int c = std::min(std::max({std::abs(k - 2), std::abs(i - 3), std::abs(j - 4)}),
                               std::max({std::abs(k - 6), std::abs(i - 8), std::abs(j - 10)}));
        ASSERT_TRUE(test::near(d[g.index(k, i, j)], e, 1e-5));
        ASSERT_EQ(cb[g.index(k, i, j)], c);
      }
  // k dilations by a cube of radius r = chessboard distance <= k r.
  const Mask d2 = dilate_cube(g, dilate_cube(g, m, 1), 1);
  for (std::size_t v = 0; v < g.size(); ++v) ASSERT_EQ(bool(d2[v]), cb[v] <= 2);
  const Mask e1 = erode_cube(g, d2, 1);
  for (std::size_t v = 0; v < g.size(); ++v) ASSERT_EQ(bool(e1[v]), cb[v] <= 1);
}

TEST(VoxelGrid, AlphaHullOfABallIsTheBall) {
  // The alpha hull of an fcc ball (radius 12 Å) with alpha 5 Å covers the
  // ball's interior and stops within a voxel or so of the outermost atoms.
  const auto p = test::fcc_ball(kA, 12.0);
  const VoxelGrid g = grid_around(p, 0.5, 7.0);
  const Mask h = alpha_hull(g, p, 5.0);
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.ny; ++i)
      for (int j = 0; j < g.nx; ++j) {
        const double r = g.position(k, i, j).norm();
        if (r < 10.0) {
          ASSERT_TRUE(h[g.index(k, i, j)]) << r;
        }
        if (r > 13.0) {
          ASSERT_FALSE(h[g.index(k, i, j)]) << r;
        }
      }
  EXPECT_THROW(alpha_hull(g, p, 0.0), Error);
}

TEST(InterfaceProfile, LayerProfileCrossingsByInterpolation) {
  // Layers 0..3 with Pd fractions 1, 1, 0.5, 0: 95 % crossed between layers 1
  // and 2 at 1 + 0.05/0.5 = 1.1, 50 % at 2, 5 % at 2 + 0.45/0.5 = 2.9.
  std::vector<int> layer;
  std::vector<std::string> sp;
  const auto add = [&](int l, int pd, int pt) {
    for (int k = 0; k < pd; ++k) layer.push_back(l), sp.push_back("Pd");
    for (int k = 0; k < pt; ++k) layer.push_back(l), sp.push_back("Pt");
  };
  add(0, 10, 0);
  add(1, 10, 0);
  add(2, 5, 5);
  add(3, 0, 10);
  Coordination cn;
  cn.cn_pd.assign(layer.size(), 0);
  cn.cn_pt.assign(layer.size(), 0);
  const auto p = detail::layer_profile(layer, sp, cn, 1.03, 0.95, 0.05);
  ASSERT_TRUE(p.found);
  EXPECT_TRUE(test::near(p.upper_crossing, 1.1, 1e-12));
  EXPECT_TRUE(test::near(p.zero_crossing, 2.0, 1e-12));
  EXPECT_TRUE(test::near(p.lower_crossing, 2.9, 1e-12));
  EXPECT_TRUE(test::near(p.thickness_A, 1.8 * 1.03, 1e-12));
}

TEST(InterfaceProfile, IsotonicCrossingsOfALinearRamp) {
  // y falls linearly from 1 at x = 0 to 0 at x = 10, sampled densely: the
  // 95 % and 5 % crossings are at 0.5 and 9.5 (a 9 Å "interface").
  std::vector<std::pair<double, double>> xy;
  for (int k = -2000; k <= 3000; ++k) {
    const double x = k * 0.005;
    xy.emplace_back(x, std::clamp(1.0 - x / 10.0, 0.0, 1.0));
  }
  const auto e = detail::isotonic_crossings(xy, 0.95, 0.05);
  ASSERT_TRUE(e.found);
  EXPECT_TRUE(test::near(e.upper_A, 0.5, 0.01));
  EXPECT_TRUE(test::near(e.lower_A, 9.5, 0.01));
}

TEST(InterfaceProfile, ErfFitRecoversAKnownProfile) {
  // 20000 atoms at distances uniform in [-12, 12] Å, Pd with probability
  // 0.01 + 0.985 erfc((d - 0.7) / (1.5 sqrt 2)) / 2 (floors 1 % Pd, 0.5 % Pt).
  // The ML fit recovers sigma; measured over seeds 1-5: 1.495-1.532 Å
  // (centre 0.73-0.79, Pd floor 0.0085-0.0115, Pt floor 0.0034-0.0066);
  // bounds 0.1 Å and 0.005, about three times the spread. Too few atoms
  // give no fit.
  boost::random::mt19937 rng(1);
  boost::random::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> d;
  std::vector<std::uint8_t> y;
  for (int k = 0; k < 20000; ++k) {
    const double x = -12.0 + 24.0 * u(rng);
    const double p = 0.01 + 0.985 * 0.5 * std::erfc((x - 0.7) / (1.5 * std::sqrt(2.0)));
    d.push_back(x);
    y.push_back(u(rng) < p ? 1 : 0);
  }
  d.push_back(std::nan(""));  // left out
  y.push_back(1);
  const auto f = detail::fit_erf_profile(d, y);
  ASSERT_TRUE(f.found);
  EXPECT_EQ(f.atoms, 20000u);
  EXPECT_TRUE(test::near(f.sigma_A, 1.5, 0.1)) << f.sigma_A;
  EXPECT_TRUE(test::near(f.thickness_A, 2.0 * 1.6448536269514722 * f.sigma_A, 1e-9));
  EXPECT_TRUE(test::near(f.centre_A, 0.7, 0.1)) << f.centre_A;
  EXPECT_TRUE(test::near(f.pd_floor, 0.01, 0.005)) << f.pd_floor;
  EXPECT_TRUE(test::near(f.pt_floor, 0.005, 0.005)) << f.pt_floor;
  EXPECT_FALSE(detail::fit_erf_profile({1.0, 2.0}, {1, 0}).found);  // too few atoms
}

TEST(InterfaceProfile, RobustFitBoundsWrongLabelsOnTheOutermostLayer) {
  // A small particle's profile: 300 atoms at distances uniform in [-6, 4] Å,
  // Pd with probability erfc(d / (0.6 sqrt 2)) / 2 (thickness 1.97 Å), the
  // outermost layer d > 3. Three outermost Pt relabelled Pd (1 % of the
  // atoms, as the false halo atoms at low dose were) widen the plain fit;
  // the outermost-layer outlier term holds the robust fit near the clean
  // data's and names the ones it is sure of.
  for (unsigned seed = 1; seed <= 5; ++seed) {
    boost::random::mt19937 rng(seed);
    boost::random::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> d;
    std::vector<std::uint8_t> y, outermost;
    for (int k = 0; k < 300; ++k) {
      const double x = -6.0 + 10.0 * u(rng);
      d.push_back(x);
      y.push_back(u(rng) < 0.5 * std::erfc(x / (0.6 * std::sqrt(2.0))) ? 1 : 0);
      outermost.push_back(x > 3.0 ? 1 : 0);
    }
    const auto clean = detail::fit_erf_profile_robust(d, y, outermost);
    std::vector<std::uint8_t> dirty = y;
    std::size_t relabelled = 0;
    for (std::size_t i = 0; i < d.size() && relabelled < 3; ++i)
      if (outermost[i] && !dirty[i]) dirty[i] = 1, ++relabelled;
    const auto plain = detail::fit_erf_profile(d, dirty);
    const auto robust = detail::fit_erf_profile_robust(d, dirty, outermost);
    ASSERT_TRUE(clean.found && plain.found && robust.found);
    // Measured over seeds 1-5: |robust - clean| <= 0.17 Å, the three named
    // on four seeds (on the fifth the widened profile explains them).
    EXPECT_LE(std::fabs(robust.thickness_A - clean.thickness_A), 0.2) << "seed " << seed;
    EXPECT_LE(robust.outliers.size(), 3u);
    for (const std::size_t i : robust.outliers) EXPECT_TRUE(outermost[i] && dirty[i] != y[i]) << "seed " << seed;
    EXPECT_GT(robust.atoms_lower_end, 0u);
    EXPECT_LE(robust.pd_lower_end, robust.atoms_lower_end);
    EXPECT_LE(robust.pt_upper_end, robust.atoms_upper_end);
  }
}

AtomModel core_shell(double core_r, double shell_r, double width) {
  // Pd fraction falls linearly over `width` Å centred on core_r, with a fixed
  // pseudo-random draw per site.
  boost::random::mt19937 rng(7);
  boost::random::uniform_real_distribution<double> u(0.0, 1.0);
  AtomModel m;
  for (const auto& r : test::fcc_ball(kA, shell_r)) {
    const double s = r.norm() - core_r;
    const double p = width > 0 ? std::clamp(0.5 - s / width, 0.0, 1.0) : (s < 0 ? 1.0 : 0.0);
    m.add_atom(u(rng) < p ? "Pd" : "Pt", r);
  }
  return m;
}

TEST(InterfaceProfile, SharpInterfaceIsThinAndDepthsAreConsistent) {
  // A sharp Pd/Pt boundary at 14 Å in a 26 Å ball: every definition gives a
  // thickness below two nominal layers, and the atoms' signed distance to
  // the core surface grows with the radius.
  const AtomModel m = core_shell(14.0, 26.0, 0.0);
  const auto r = interface_profile(m);
  ASSERT_TRUE(r.paper.found);
  ASSERT_TRUE(r.true_distance.found);
  EXPECT_LT(r.paper.thickness_A, 2.1);
  EXPECT_LT(r.true_distance.thickness_A, 2.1);
  EXPECT_GT(r.clean_pd, 100u);
  EXPECT_TRUE(test::near(r.cutoff_A, 3.3, 0.2));  // middle of the empty gap between 2.75 and 3.89 Å
  for (std::size_t i = 0; i < m.size(); ++i) {
    const double radial = m.positions()[i].norm();
    // Clean Pd (12 Pd neighbours) end one shell (2.75 Å) inside the Pd
    // sphere; their hull, dilated by 2 voxels (0.69 Å), is at ~11.9 Å. The
    // faceted lattice surface departs from the sphere: measured up to 1.4 Å.
    if (radial < 24.0) {
      ASSERT_TRUE(test::near(r.atom_core_distance_A[i], radial - 11.9, 1.8)) << radial;
    }
    if (radial < 20.0) {
      ASSERT_GT(r.atom_surface_depth_A[i], 26.0 - radial - 2.0);
    }
  }
  EXPECT_THROW(interface_profile(test::model_of(test::fcc_ball(kA, 10.0), "Pt")), Error);
}

TEST(InterfaceProfile, IsoSurfaceEstimateTracksAWideInterface) {
  // Linear ramp of 6 Å: 5-95 % width 0.9 x 6 = 5.4 Å. The unbinned estimate
  // recovers it within 0.6 Å on this small (~6000 atoms) ball; measured 5.2.
  const AtomModel m = core_shell(15.0, 27.0, 6.0);
  const auto r = interface_profile(m);
  ASSERT_TRUE(r.iso_surface.found);
  EXPECT_TRUE(test::near(r.iso_surface.thickness_A, 5.4, 0.6));
}

AtomModel cube_core(double half_A, double shell_r, double width, unsigned seed) {
  // A cube core |x|, |y|, |z| <= half_A (sharp edges and corners) in an fcc
  // ball, erf profile of 5-95 % width `width` on the builders' polyhedral
  // distance max(|x|, |y|, |z|) - half_A.
  boost::random::mt19937 rng(seed);
  boost::random::uniform_real_distribution<double> u(0.0, 1.0);
  const double sigma = width / (2.0 * 1.6448536269514722);
  AtomModel m;
  for (const auto& r : test::fcc_ball(kA, shell_r)) {
    const double s = r.cwiseAbs().maxCoeff() - half_A;
    m.add_atom(u(rng) < 0.5 * std::erfc(s / (sigma * std::sqrt(2.0))) ? "Pd" : "Pt", r);
  }
  return m;
}

TEST(InterfaceProfile, PolyhedralCoreKeepsANarrowProfileNarrow) {
  // A 2 Å profile on a cube core (half-width 13 Å, ~4600 atoms): the 3 Å-
  // smoothed iso-surface rounds the cube's edges and corners and widens the
  // profile; the fitted polyhedral core finds the six faces and recovers
  // the width. Measured on seeds 1-4: polyhedral 2.01 1.98 2.07 2.06 Å,
  // iso-surface 3.01 2.41 2.84 3.09 Å; 6-7 facets kept.
  for (const unsigned seed : {1u, 2u, 3u, 4u}) {
    const AtomModel m = cube_core(13.0, 25.0, 2.0, seed);
    const auto r = interface_profile(m);
    ASSERT_TRUE(r.polyhedral.found) << seed;
    EXPECT_TRUE(r.true_fit_polyhedral) << seed;
    EXPECT_EQ(r.true_fit.thickness_A, r.polyhedral.fit.thickness_A);
    // Sampling noise of the width on ~1000 interface atoms: ~0.1 Å.
    EXPECT_TRUE(test::near(r.true_fit.thickness_A, 2.0, 0.3)) << seed << ": " << r.true_fit.thickness_A;
    EXPECT_GT(r.iso_fit.thickness_A, r.true_fit.thickness_A + 0.3) << seed;
    // Each of the six faces: one facet within 5° of its normal (measured
    // up to 4.2°: the iso-surface's mode leans towards a rounded edge), at
    // 13 Å (measured within 0.26 Å; the lattice layers sit at 11.67 and
    // 13.61 Å, so one mixed layer pins each face).
    for (int axis = 0; axis < 3; ++axis)
      for (const double sign : {-1.0, 1.0}) {
        Vec3 face = Vec3::Zero();
        face[axis] = sign;
        std::size_t found = 0;
        for (std::size_t k = 0; k < r.polyhedral.normals.size(); ++k)
          if (r.polyhedral.normals[k].dot(face) > std::cos(5.0 * M_PI / 180.0)) {
            ++found;
            EXPECT_TRUE(test::near(r.polyhedral.offsets_A[k], 13.0, 0.3)) << seed << " " << face.transpose();
          }
        EXPECT_EQ(found, 1u) << seed << " " << face.transpose();
      }
    // Per-atom depth is in the headline's frame.
    for (std::size_t i = 0; i < m.size(); ++i)
      ASSERT_EQ(r.atom_interface_depth_A[i], r.polyhedral.atom_distance_A[i]);
  }
}

TEST(InterfaceProfile, SphericalCoreKeepsTheIsoSurface) {
  // A spherical core has no facets: either too few modes stand out or the
  // polyhedron explains the species clearly worse than the iso-surface, and
  // the headline stays the iso-surface fit.
  const AtomModel m = core_shell(14.0, 26.0, 2.0);
  const auto r = interface_profile(m);
  ASSERT_TRUE(r.iso_fit.found);
  EXPECT_FALSE(r.true_fit_polyhedral);
  EXPECT_EQ(r.true_fit.thickness_A, r.iso_fit.thickness_A);
  // Measured: the polyhedron's likelihood is 2.0x the iso-surface's (the
  // threshold is 1.06x).
  if (r.polyhedral.found) {
    EXPECT_GT(r.polyhedral.fit.neg_log_likelihood, 1.5 * r.iso_fit.neg_log_likelihood);
  }
}

TEST(IsolatedAtoms, SingleAtomsAndClustersOutsideTheCore) {
  auto p = test::fcc_ball(kA, 16.0);
  AtomModel m;
  std::size_t lone = 0;
  for (std::size_t i = 0; i < p.size(); ++i) m.add_atom(p[i].norm() < 8.0 ? "Pd" : "Pt", p[i]);
  // One isolated Pd deep in the shell.
  const std::size_t a = test::nearest_atom(p, Vec3(13.5, 0, 0));
  m.species()[a] = "Pd";
  lone = a;
  const auto r = isolated_atoms(m, find_neighbours(p));
  EXPECT_EQ(r.pd.clusters.size(), 1u);
  EXPECT_EQ(r.pd.size_histogram.at(1), 1u);
  EXPECT_EQ(r.pd.single_fraction, 1.0);
  EXPECT_TRUE(r.isolated[lone]);
  EXPECT_EQ(r.pt.clusters.size(), 0u);
}

}  // namespace
}  // namespace aet::analysis
