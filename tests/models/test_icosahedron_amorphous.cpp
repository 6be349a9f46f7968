// The particles without one fcc lattice (the pipeline assumes no
// lattice): the Mackay icosahedron and the amorphous packing.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <set>

#include "core/error.hpp"
#include "models/amorphous.hpp"
#include "models/columns.hpp"
#include "models/fcc_lattice.hpp"
#include "models/icosahedron.hpp"
#include "models/presets.hpp"
#include "models/truncated_octahedron.hpp"
#include "models_test_util.hpp"
#include "test_util.hpp"

namespace aet::models {
namespace {

constexpr double kA = kMeanLattice_A;
const double kD = kA / std::sqrt(2.0);  // fcc nearest neighbour, 2.7612 Å

/// K shells; core facets at `core_facet_A`, or half the particle's.
ParticleSites ico(int shells, double core_facet_A = -1.0) {
  const double facet = icosahedron_facet_distance_A(shells, kA);
  return build_icosahedron(facet, core_facet_A > 0.0 ? core_facet_A : 0.5 * facet, kA);
}

/// Global bond-orientational order Q6 over every bond (Steinhardt et al.
/// 1983): sqrt(4 pi / 13 sum_m |<Y6m>|^2), <> over all bonds. 0.5745 for any
/// fcc crystal; ~1/sqrt(bonds) without orientational order.
double global_q6(const std::vector<Vec3>& pts, double cutoff_A) {
  const auto nb = test::neighbours(pts, cutoff_A);
  std::array<std::complex<double>, 7> q{};
  std::size_t bonds = 0;
  for (std::size_t i = 0; i < pts.size(); ++i)
    for (auto j : nb[i]) {
      const Vec3 b = (pts[j] - pts[i]).normalized();
      const double theta = std::acos(std::clamp(b.z(), -1.0, 1.0)), phi = std::atan2(b.y(), b.x());
      for (int m = 0; m <= 6; ++m) q[std::size_t(m)] += std::sph_legendre(6, unsigned(m), theta) * std::polar(1.0, m * phi);
      ++bonds;
    }
  double sum = std::norm(q[0]);
  for (int m = 1; m <= 6; ++m) sum += 2.0 * std::norm(q[std::size_t(m)]);  // |Y6,-m| = |Y6m|
  return std::sqrt(4.0 * kPi / 13.0 * sum) / double(bonds);
}

/// Pairs at distances in [lo, hi) Å.
std::size_t pairs_between(const std::vector<Vec3>& pts, double lo, double hi) {
  const auto nb = test::neighbours(pts, hi);
  std::size_t n = 0;
  for (std::size_t i = 0; i < pts.size(); ++i)
    for (auto j : nb[i]) n += j > i && (pts[i] - pts[j]).norm() >= lo;
  return n;
}

double min_pair_distance(const std::vector<Vec3>& pts) {
  const auto nb = find_neighbours(pts, {4.0});
  double m = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < nb.size(); ++i)
    if (!nb[i].empty()) m = std::min(m, nb[i].front().distance_A);
  return m;
}

template <class F>
void expect_one_line_error(F&& f, const char* what) {
  try {
    f();
    ADD_FAILURE() << what << ": no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << what << ": " << e.what();
  }
}

// ---------------------------------------------------------------- icosahedron

TEST(Icosahedron, ClosedShellCountsAreMackays) {
  // 1 + sum_k (10 k^2 + 2): 1, 13, 55, 147, 309, 561, 923.
  const std::array<std::size_t, 7> mackay{1, 13, 55, 147, 309, 561, 923};
  for (int k = 0; k < 7; ++k) EXPECT_EQ(mackay_atom_count(k), mackay[std::size_t(k)]) << k;
  for (int k = 1; k < 7; ++k) EXPECT_EQ(ico(k).size(), mackay[std::size_t(k)]) << k;
  // A facet distance between shells snaps inwards.
  EXPECT_EQ(build_icosahedron(icosahedron_facet_distance_A(3, kA) + 1.0, 3.0, kA).size(), 147u);
  // Through the whole build (composition, rotation): 3 shells, 147 atoms.
  const AtomModel m = build_particle(icosahedron_config(3, 1), 4u);
  EXPECT_EQ(m.size(), 147u);
  EXPECT_EQ(*m.metadata().get("model_shape"), "icosahedron");
  EXPECT_EQ(*m.metadata().get("model_icosahedron_shells"), "3");
}

TEST(Icosahedron, BondsAreRadialOrTangentialAboutTheFccDistance) {
  // r_s = d (8 / (sqrt2 (3 + sqrt5)))^(1/3) = 1.02608 d = 2.8332 Å and
  // r_c = r_s sin 72 deg = 2.6946 Å (fcc atomic volume kept); every bond is
  // one of the two (to rounding), so all lie within 2.5 % of d and the
  // mean bond within 1 % (surface bonds are mostly tangential).
  const double rs = kD * std::cbrt(8.0 / (std::sqrt(2.0) * (3.0 + std::sqrt(5.0))));
  const double rc = rs * std::sin(2.0 * kPi / 5.0);
  EXPECT_TRUE(test::near(icosahedron_tangential_bond_A(kA), rs, 1e-12));
  EXPECT_TRUE(test::near(icosahedron_radial_bond_A(kA), rc, 1e-12));
  const auto s = ico(5);
  const auto nb = test::neighbours(s.positions_A);
  double sum = 0.0;
  std::size_t bonds = 0, radial = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (auto j : nb[i]) {
      const double d = (s.positions_A[i] - s.positions_A[j]).norm();
      const bool is_rc = std::fabs(d - rc) < 1e-9, is_rs = std::fabs(d - rs) < 1e-9;
      EXPECT_TRUE(is_rc || is_rs) << d;
      radial += is_rc;
      sum += d;
      ++bonds;
    }
  EXPECT_GT(radial, 0u);
  EXPECT_LE(std::fabs(sum / double(bonds) / kD - 1.0), 0.01) << sum / double(bonds);
}

TEST(Icosahedron, InteriorAtomsAreTwelveFoldSurfaceIsOneShell) {
  // Every atom below the outer shell (in a tetrahedron, on a twin plane, on
  // an axis or the centre) has exactly 12 neighbours: the second shell is at
  // >= 3.7 Å, far beyond the 3.3 Å cut-off. The outer shell holds 10 K^2 + 2.
  const int k = 5;
  const auto s = ico(k);
  const auto nb = test::neighbours(s.positions_A);
  std::size_t interior = 0, surface = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.depth_A[i] > 1e-9) {
      EXPECT_EQ(nb[i].size(), 12u) << "atom " << i << " at depth " << s.depth_A[i];
      ++interior;
    } else {
      EXPECT_LT(nb[i].size(), 12u);
      ++surface;
    }
  }
  EXPECT_EQ(surface, std::size_t(10 * k * k + 2));
  EXPECT_EQ(interior, mackay_atom_count(k - 1));
}

TEST(Icosahedron, FivefoldVertexAxes) {
  // The 12 outermost atoms are the vertices; flagged axis atoms are the 12 K
  // atoms on the rays to them plus the centre; the whole particle maps onto
  // itself under a 72 deg rotation about each of the six axes.
  const int k = 4;
  const auto s = ico(k);
  std::vector<std::size_t> order(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](auto a, auto b) { return s.positions_A[a].norm() > s.positions_A[b].norm(); });
  std::vector<Vec3> vertices;
  for (std::size_t n = 0; n < 12; ++n) vertices.push_back(s.positions_A[order[n]].normalized());
  EXPECT_GT(s.positions_A[order[11]].norm() - s.positions_A[order[12]].norm(), 0.5);  // 12 clear vertices
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const Vec3& p = s.positions_A[i];
    bool on_ray = p.norm() < 1e-9;
    for (const auto& v : vertices) on_ray = on_ray || (p.cross(v).norm() < 1e-9 && p.dot(v) > 0.0);
    EXPECT_EQ(bool(s.fivefold_axis[i]), on_ray) << i;
    flagged += s.fivefold_axis[i];
    if (s.fivefold_axis[i]) {
      EXPECT_EQ(s.grain[i], -1);
      EXPECT_TRUE(s.twin_boundary[i]);
      for (double e : s.strain[i]) EXPECT_TRUE(std::isnan(e));
    }
  }
  EXPECT_EQ(flagged, std::size_t(12 * k + 1));
  const PointIndex index(s.positions_A);
  for (const auto& v : vertices) {
    const Mat3 r = Eigen::AngleAxisd(2.0 * kPi / 5.0, v).toRotationMatrix();
    for (const auto& p : s.positions_A) EXPECT_LT(index.nearest(r * p, 1).front().distance_A, 1e-9);
  }
}

TEST(Icosahedron, GrainsTwinPlanesDepthAndInterface) {
  const int k = 5;
  const double core = 6.0;
  const auto s = ico(k, core);
  // The 20 outer facet normals, from the positions: the 20 directions of the
  // centroids of the vertex triples forming the faces of the outer shell.
  std::vector<std::size_t> order(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](auto a, auto b) { return s.positions_A[a].norm() > s.positions_A[b].norm(); });
  std::vector<Vec3> v;
  for (std::size_t n = 0; n < 12; ++n) v.push_back(s.positions_A[order[n]]);
  const double edge = icosahedron_tangential_bond_A(kA) * k;
  std::vector<Vec3> normals;
  std::vector<std::array<Vec3, 2>> twin_wedges;  // centre + edge: the sector between two vertex rays
  for (std::size_t a = 0; a < 12; ++a)
    for (std::size_t b = a + 1; b < 12; ++b) {
      if (std::fabs((v[a] - v[b]).norm() - edge) > 1e-6) continue;
      twin_wedges.push_back({v[a], v[b]});
      for (std::size_t c = b + 1; c < 12; ++c)
        if (std::fabs((v[a] - v[c]).norm() - edge) < 1e-6 && std::fabs((v[b] - v[c]).norm() - edge) < 1e-6)
          normals.push_back((v[a] + v[b] + v[c]).normalized());
    }
  ASSERT_EQ(normals.size(), 20u);
  ASSERT_EQ(twin_wedges.size(), 30u);
  test::Worst outer;  // outermost extent along the facet normals
  for (const auto& p : s.positions_A)
    for (const auto& n : normals) outer.add(n.dot(p));
  const double top = outer.value();
  EXPECT_TRUE(test::near(top, icosahedron_facet_distance_A(k, kA), 1e-9));
  std::array<std::size_t, 20> inside{};
  for (std::size_t i = 0; i < s.size(); ++i) {
    const Vec3& p = s.positions_A[i];
    test::Worst outermost, minus_nearest;  // NaN-sticky max over the normals
    for (const auto& n : normals) {
      minus_nearest.add(n.dot(p) - top);
      outermost.add(n.dot(p));
    }
    const double nearest = -minus_nearest.value();
    // depth: distance below the nearest facet plane; interface: the core
    // icosahedron's facet-parallel offset.
    EXPECT_TRUE(test::near(s.depth_A[i], nearest, 1e-9)) << i;
    EXPECT_TRUE(test::near(s.interface_distance_A[i], outermost.value() - core, 1e-9)) << i;
    // On a twin plane: p = alpha v_a + beta v_b with alpha, beta >= 0 for an
    // edge (a, b) (the plane beyond the sector cuts other tetrahedra).
    bool on_twin_plane = false;
    for (const auto& w : twin_wedges) {
      Eigen::Matrix<double, 3, 2> m;
      m.col(0) = w[0];
      m.col(1) = w[1];
      const Eigen::Vector2d ab = m.colPivHouseholderQr().solve(p);
      on_twin_plane = on_twin_plane || ((m * ab - p).norm() < 1e-9 && ab.minCoeff() > -1e-9);
    }
    EXPECT_EQ(bool(s.twin_boundary[i]), on_twin_plane) << i;
    if (!s.fivefold_axis[i]) {
      ASSERT_GE(s.grain[i], 0);
      ASSERT_LT(s.grain[i], 20);
      if (!s.twin_boundary[i]) ++inside[std::size_t(s.grain[i])];
    }
  }
  // Strictly inside each tetrahedron: i, j, l >= 1, i + j + l <= K, C(K, 3).
  for (auto n : inside) EXPECT_EQ(n, std::size_t(k * (k - 1) * (k - 2) / 6));
}

TEST(Icosahedron, StrainIsTheTetrahedronsStretch) {
  // A site's strain e maps its grain's ideal fcc bonds onto the built ones:
  // every bond b of an atom strictly inside a tetrahedron has
  // |(I + e)^-1 b| = d exactly (the stretch V = I + e, F = V R). The
  // stretch keeps the fcc atomic volume: det(I + e) = 1 (to rounding).
  const auto s = ico(5);
  const auto nb = test::neighbours(s.positions_A);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.twin_boundary[i] || s.depth_A[i] < 1e-9) continue;
    const auto& e = s.strain[i];
    Mat3 v;
    v << 1 + e[0], e[5], e[4], e[5], 1 + e[1], e[3], e[4], e[3], 1 + e[2];
    EXPECT_TRUE(test::near(v.determinant(), 1.0, 1e-9));
    const Mat3 inv = v.inverse();
    for (auto j : nb[i]) {
      EXPECT_TRUE(test::near((inv * (s.positions_A[j] - s.positions_A[i])).norm(), kD, 1e-9));
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);
}

// ------------------------------------------------------------------ amorphous

/// The default packing (density 0.9 of fcc, 2.5 Å apart) in a 14 Å sphere
/// (~840 atoms), core radius 9 Å.
ParticleSites packing(std::uint32_t seed, double radius_A = 14.0) {
  AmorphousConfig c;
  c.seed = seed;
  boost::random::mt19937 rng(seed);
  return build_amorphous(radius_A, std::min(9.0, radius_A), kA, c, rng);
}

TEST(Amorphous, MinimumDistanceDensityAndBondLength) {
  const auto s = packing(3);
  const auto& p = s.positions_A;
  ASSERT_GT(s.size(), 700u);
  // Hard constraint: no pair under 2.5 Å (to rounding), every centre in the sphere.
  EXPECT_GE(min_pair_distance(p), 2.5 - 1e-9);
  for (const auto& q : p) EXPECT_LE(q.norm(), 14.0 + 1e-9);
  // A jammed packing of spheres of diameter d = 2.76 Å compressed to 0.9 of
  // the fcc density: the closest neighbour of an atom lies between the 2.5 Å
  // hard core and d (mean measured 2.63 Å; limits 2.55-2.75), and the mean
  // first-shell bond (< 3.3 Å, the fcc tests' cut-off) is about d (measured
  // 2.79 Å; limits 2.70-2.85 Å, the brief's 2.7-2.8 plus the glass's long
  // tail towards the cut-off).
  const PointIndex index(p);
  double nn = 0.0;
  for (const auto& q : p) nn += index.nearest(q, 2)[1].distance_A;
  nn /= double(p.size());
  EXPECT_GE(nn, 2.55);
  EXPECT_LE(nn, 2.75);
  const auto nb = find_neighbours(p, {test::kNeighbourCutoff_A});
  double bond = 0.0;
  std::size_t bonds = 0;
  for (std::size_t i = 0; i < nb.size(); ++i)
    for (const auto& b : nb[i]) {
      bond += b.distance_A;
      ++bonds;
    }
  bond /= double(bonds);
  EXPECT_GE(bond, 2.70);
  EXPECT_LE(bond, 2.85);
  // Number density away from the surface layer (r < 9 Å): the configured
  // 0.9 of fcc's 4/a^3 = 0.0672 /Å^3 (measured 0.924); +-7 % covers the
  // ~190 atoms' counting noise (Poisson ~7 %, but a packing's count
  // fluctuates far less) and the wall's layering.
  std::size_t inner = 0;
  for (const auto& q : p) inner += q.norm() < 9.0;
  const double density = double(inner) / (4.0 / 3.0 * kPi * 9.0 * 9.0 * 9.0);
  EXPECT_NEAR(density / (4.0 / (kA * kA * kA)), 0.9, 0.07) << density;
}

TEST(Amorphous, NoCrystallineOrder) {
  // Two fingerprints of a lattice, checked on the fcc truncated octahedron
  // first so the test can fail: (1) global bond orientation Q6, 0.5745 for
  // fcc, ~1/sqrt(bonds) ~ 0.02 for ~4000 random bonds (limit 0.1);
  // (2) the gap between the first (2.76 Å) and second (3.9 Å) fcc shells:
  // no pair in [3.0, 3.6) Å in fcc, while a dense random packing fills it
  // (the split second peak of a glass starts at sqrt3 d = 4.8 Å, but its
  // first peak's tail and the ~1.3 d first minimum put >10 % of the
  // first-shell count there; limit 5 %).
  const auto to = build_truncated_octahedron({12.0, 13.0}, {6.0, 7.0}, kA);
  EXPECT_NEAR(global_q6(to.positions_A, 3.3), 0.5745, 0.005);
  EXPECT_EQ(pairs_between(to.positions_A, 3.0, 3.6), 0u);

  const auto s = packing(5);
  const double q6 = global_q6(s.positions_A, 3.3);
  EXPECT_LT(q6, 0.1) << q6;
  const double gap = double(pairs_between(s.positions_A, 3.0, 3.6));
  const double first = double(pairs_between(s.positions_A, 2.0, 3.0));
  EXPECT_GT(gap / first, 0.05) << gap << " / " << first;
}

TEST(Amorphous, SameSeedSamePositions) {
  const auto a = packing(7, 10.0), b = packing(7, 10.0), c = packing(8, 10.0);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a.positions_A[i], b.positions_A[i]) << i;
  ASSERT_EQ(a.size(), c.size());  // the count depends on the size only
  test::Worst moved;
  for (std::size_t i = 0; i < a.size(); ++i) moved.add((a.positions_A[i] - c.positions_A[i]).norm());
  EXPECT_GT(moved.value(), 1.0);
  // Through ParticleConfig: the packing seed, not the build seed, sets the
  // structure (the build seed draws rotation and species).
  auto cfg = amorphous_config(8.0, 5.0, 11);
  cfg.euler_deg = std::array<double, 3>{0.0, 0.0, 0.0};
  const AtomModel m1 = build_particle(cfg, 1u), m2 = build_particle(cfg, 2u);
  ASSERT_EQ(m1.size(), m2.size());
  for (std::size_t i = 0; i < m1.size(); ++i) EXPECT_EQ(m1.positions()[i], m2.positions()[i]) << i;
  EXPECT_EQ(*m1.metadata().get("model_amorphous_seed"), "11");
}

TEST(Amorphous, TruthColumns) {
  const auto s = packing(9);
  test::Worst outermost;
  for (const auto& q : s.positions_A) outermost.add(q.norm());
  const double r_out = outermost.value();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double r = s.positions_A[i].norm();
    EXPECT_EQ(s.grain[i], 0);
    EXPECT_FALSE(s.twin_boundary[i]);
    EXPECT_FALSE(s.fivefold_axis[i]);
    EXPECT_TRUE(test::near(s.depth_A[i], r_out - r, 1e-12));
    EXPECT_TRUE(test::near(s.interface_distance_A[i], r - 9.0, 1e-12));
    for (double e : s.strain[i]) EXPECT_TRUE(std::isnan(e));
  }
}

// ------------------------------------------------------------ both: composition

TEST(NonCrystalline, PdCorePtShell) {
  // Erf profile, width 4.2 Å (sigma 1.28 Å): p(Pd) >= 0.99 at s <= -3 Å and
  // <= 0.01 at s >= 3 Å; isolated swaps add <= 0.8 % Pd in the shell, 0.1 %
  // Pt in the core. Limits 0.95 / 0.05 leave room for the binomial noise of
  // a few hundred atoms.
  for (const auto& cfg : {icosahedron_config(6, 3), amorphous_config(14.0, 10.0, 2)}) {
    const AtomModel m = build_particle(cfg, 3u);
    const std::string s_col(columns::kInterfaceDistance);
    std::size_t core = 0, core_pd = 0, shell = 0, shell_pd = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
      const double s = m.real(s_col, i);
      const bool pd = m.species()[i] == "Pd";
      if (s < -3.0) {
        ++core;
        core_pd += pd;
      }
      if (s > 3.0) {
        ++shell;
        shell_pd += pd;
      }
    }
    ASSERT_GT(core, 30u) << cfg.name;
    ASSERT_GT(shell, 100u) << cfg.name;
    EXPECT_GT(double(core_pd) / double(core), 0.95) << cfg.name;
    EXPECT_LT(double(shell_pd) / double(shell), 0.05) << cfg.name;
    EXPECT_TRUE(m.has_column(std::string(columns::kStrain)));
  }
}

TEST(NonCrystalline, BadConfigsAreOneLineErrors) {
  const auto bad = [](ParticleConfig c, const char* what) {
    expect_one_line_error([&] { c.validate(); }, what);
    expect_one_line_error([&] { build_particle(c, 1u); }, what);
  };
  ParticleConfig c = icosahedron_config(4, 2);
  std::get<IcosahedronShape>(c.shape).facet111_A = 1.0;  // under one shell
  bad(c, "ico below one shell");
  c = icosahedron_config(4, 2);
  std::get<IcosahedronShape>(c.shape).facet111_A = 200.0;
  bad(c, "ico too many shells");
  c = icosahedron_config(4, 2);
  std::get<IcosahedronShape>(c.shape).core_facet111_A = 20.0;
  bad(c, "ico core larger than particle");
  c = amorphous_config(2.0, 1.0);
  bad(c, "amorphous radius too small");
  c = amorphous_config(100.0, 10.0);
  bad(c, "amorphous radius too large");
  c = amorphous_config(12.0, 14.0);
  bad(c, "amorphous core larger than particle");
  c = amorphous_config(12.0, 6.0);
  std::get<AmorphousShape>(c.shape).packing.density_fraction = 1.5;
  bad(c, "amorphous density");
  c = amorphous_config(12.0, 6.0);
  std::get<AmorphousShape>(c.shape).packing.min_distance_A = 3.0;
  bad(c, "amorphous min distance");
  c = amorphous_config(12.0, std::numeric_limits<double>::quiet_NaN());
  bad(c, "amorphous NaN core");
  expect_one_line_error([] { icosahedron_config(0, 0); }, "ico config 0 shells");
  expect_one_line_error([] { icosahedron_config(4, 4); }, "ico config core shells");
}

}  // namespace
}  // namespace aet::models
