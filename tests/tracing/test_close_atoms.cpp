// Close and overlapping atoms: a small cluster with neighbours at 2.3-2.5 Å
// and a dim Pd 2.1 Å from a bright Pt must be traced completely.
//
// Forward model: a sum of Gaussians at known positions plus white noise, not
// a simulated tilt series reconstructed. The truth is then exact, the test
// takes milliseconds, and nothing is shared with the reconstruction's
// projector. The blobs mimic a reconstructed atom as the independent
// simulator's images give it: a core of sigma 0.45 Å across and 0.6 Å along
// z (the missing wedge's stretch) plus a tail of a tenth the height and
// three times the width, with peak height Pd/Pt = 0.38 (ADF ratio 1/2.63).
// That tail is not in the tracer's model, so the test also sees how the fit
// copes with the shape mismatch a real volume has.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "core/error.hpp"
#include "core/volume.hpp"
#include "omp_threads.hpp"
#include "test_util.hpp"
#include "tracing/atom_tracing.hpp"

namespace aet::tracing {
namespace {

constexpr double kPt = 1.0, kPd = 0.38;

struct Atom {
  Vec3 r_A;
  double peak;
};

/// The cluster: a compressed fcc fragment (nearest neighbours 2.40 Å) with
/// a deterministic +-0.1 Å jitter (distances 2.2-2.6 Å), Pt and Pd
/// alternating, plus one Pd placed 2.1 Å from the central Pt.
std::vector<Atom> cluster() {
  const double a = 2.40 * std::sqrt(2.0);  // fcc lattice constant for 2.40 Å neighbours
  std::vector<Atom> atoms;
  int n = 0;
  for (int x = -2; x <= 2; ++x)
    for (int y = -2; y <= 2; ++y)
      for (int z = -2; z <= 2; ++z) {
        if ((x + y + z) % 2 != 0) continue;
        const Vec3 r = 0.5 * a * Vec3(x, y, z);
        if (r.norm() > 3.5) continue;
        // Jitter: a fixed pseudo-random pattern (no seed dependence).
        const Vec3 j(0.1 * std::sin(1.7 * n + 0.3), 0.1 * std::sin(2.3 * n + 1.1), 0.1 * std::sin(3.1 * n + 2.0));
        atoms.push_back({r + j + Vec3(0.11, -0.07, 0.05), n % 2 ? kPd : kPt});
        ++n;
      }
  // The close Pd: 2.1 Å radially outside the surface atom where it lands
  // farthest from every other atom (so that only this pair is that close),
  // that atom made Pt.
  std::size_t host = 0;
  double host_gap = 0.0;
  for (std::size_t h = 0; h < atoms.size(); ++h) {
    const Vec3 pd = atoms[h].r_A + 2.1 * atoms[h].r_A.normalized();
    double gap = std::numeric_limits<double>::infinity();
    for (std::size_t o = 0; o < atoms.size(); ++o)
      if (o != h) gap = std::min(gap, (atoms[o].r_A - pd).norm());
    if (gap > host_gap) host_gap = gap, host = h;
  }
  atoms[host].peak = kPt;
  atoms.push_back({atoms[host].r_A + 2.1 * atoms[host].r_A.normalized(), kPd});
  return atoms;
}

Volume render(const VolumeGeometry& g, const std::vector<Atom>& atoms, double noise, unsigned seed) {
  Volume v(g);
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.ny; ++i)
      for (int j = 0; j < g.nx; ++j) {
        const Vec3 p = g.position(k, i, j);
        double sum = 0.0;
        for (const Atom& at : atoms) {
          const Vec3 d = p - at.r_A;
          const double core = (d.x() * d.x() + d.y() * d.y()) / (2 * 0.45 * 0.45) + d.z() * d.z() / (2 * 0.6 * 0.6);
          const double tail = (d.x() * d.x() + d.y() * d.y()) / (2 * 1.35 * 1.35) + d.z() * d.z() / (2 * 1.8 * 1.8);
          sum += at.peak * (std::exp(-core) + 0.1 * std::exp(-tail));
        }
        v.at(k, i, j) = float(sum);
      }
  boost::random::mt19937 rng(seed);
  boost::random::normal_distribution<double> n(0.0, noise);
  for (float& x : v.data()) x += float(n(rng));
  return v;
}

struct Match {
  std::size_t found = 0;   ///< truth atoms with a traced atom within the radius
  std::size_t false_ = 0;  ///< traced atoms with no truth atom within it
  test::Worst worst;       ///< distance of each truth atom to its nearest traced one
};

/// Matching at 0.6 Å: well under half the closest pair's 2.1 Å, so a traced
/// atom can match one truth atom only.
Match match(const AtomModel& traced, const std::vector<Atom>& truth) {
  Match m;
  for (const Atom& t : truth) {
    double best = std::numeric_limits<double>::infinity();
    for (const Vec3& r : traced.positions()) best = std::min(best, (r - t.r_A).norm());
    m.worst.add(best);
    if (best < 0.6) ++m.found;
  }
  for (const Vec3& r : traced.positions()) {
    double best = std::numeric_limits<double>::infinity();
    for (const Atom& t : truth) best = std::min(best, (r - t.r_A).norm());
    if (!(best < 0.6)) ++m.false_;
  }
  return m;
}

const VolumeGeometry kGrid{40, 40, 40, 0.343};  // the paper's voxel
constexpr double kNoise = 0.03;                  // 3 % of the Pt peak: a good reconstruction's level

TEST(CloseAtoms, ClusterHasTheCloseNeighboursItClaims) {
  const auto atoms = cluster();
  ASSERT_GE(atoms.size(), 20u);
  double closest = std::numeric_limits<double>::infinity();
  std::size_t under_2p6 = 0;
  for (std::size_t a = 0; a < atoms.size(); ++a)
    for (std::size_t b = a + 1; b < atoms.size(); ++b) {
      const double d = (atoms[a].r_A - atoms[b].r_A).norm();
      closest = std::min(closest, d);
      under_2p6 += d < 2.6;
    }
  EXPECT_NEAR(closest, 2.1, 0.05);
  EXPECT_GE(under_2p6, 30u);
}

TEST(CloseAtoms, JointFitTracesTheClusterCompletely) {
  const auto atoms = cluster();
  for (unsigned seed : {1u, 2u, 3u}) {
    const Volume v = render(kGrid, atoms, kNoise, seed);
    TracingOptions o;
    o.joint_fit = true;
    const auto res = trace_atoms(v, o);
    const Match m = match(res.atoms, atoms);
    EXPECT_EQ(m.found, atoms.size()) << "seed " << seed;
    EXPECT_EQ(m.false_, 0u) << "seed " << seed;
    // Noise 0.03 on a peak of curvature ~1/sigma^2 moves a fitted centre by
    // ~0.02 Å; the bias is far larger: the neighbours' tails (a tenth of the
    // peak, 3x wider), which the fit's single Gaussians do not model, pull a
    // Pd towards its Pt neighbours 2.2-2.6 Å away, measured 0.35-0.46 Å at
    // worst over these seeds (0.1-0.2 Å for a Pt). 0.5 Å bounds it and is
    // under a quarter of the closest distance: no atom is taken for another.
    EXPECT_TRUE(m.worst.within(0.5)) << "seed " << seed;
    EXPECT_GE(res.report.joint_clusters, 1u);
  }
}

TEST(CloseAtoms, WinnerTakesAllLosesTheClosePd) {
  // Today's rule, for contrast: the Pd 2.1 Å from the Pt is closer than the
  // 2.2 Å minimum distance and loses the contest to it.
  const auto atoms = cluster();
  const Volume v = render(kGrid, atoms, kNoise, 1);
  const auto res = trace_atoms(v);
  const Match m = match(res.atoms, atoms);
  EXPECT_LT(m.found, atoms.size());
  EXPECT_GE(res.report.too_close, 1u);
  const Vec3 close_pd = atoms.back().r_A;
  double nearest = std::numeric_limits<double>::infinity();
  for (const Vec3& r : res.atoms.positions()) nearest = std::min(nearest, (r - close_pd).norm());
  EXPECT_GT(nearest, 0.6);  // the close Pd is missed
}

TEST(CloseAtoms, JointFitMergesTheMaximaOfOneAtom) {
  // One atom whose noise makes several maxima: the joint fit must keep one.
  // Heavy noise (0.12 of the Pt peak) without smoothing gives many maxima.
  const std::vector<Atom> one{{Vec3(0.1, -0.05, 0.12), kPd}};
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    const Volume v = render({24, 24, 24, 0.343}, one, 0.12 * kPd, seed);
    TracingOptions o;
    o.joint_fit = true;
    o.smooth_sigma_A = 0.0;
    o.reject_noise = false;
    o.threshold = 0.7 * kPd;  // 6 noise sigma: only maxima in the atom's core
    const auto res = trace_atoms(v, o);
    ASSERT_EQ(res.atoms.size(), 1u) << "seed " << seed;
    // sigma 0.45 Å at 12 % noise: ~0.1 Å scatter of a fitted centre; 0.3 Å
    // is three times that.
    EXPECT_LT((res.atoms.positions()[0] - one[0].r_A).norm(), 0.3) << "seed " << seed;
  }
}

TEST(CloseAtoms, JointFitIsTheSameWithAnyThreadCount) {
  const auto atoms = cluster();
  const Volume v = render(kGrid, atoms, kNoise, 1);
  TracingOptions o;
  o.joint_fit = true;
  const auto one = test::with_threads(1, [&] { return trace_atoms(v, o); });
  const auto four = test::with_threads(4, [&] { return trace_atoms(v, o); });
  ASSERT_EQ(one.atoms.size(), four.atoms.size());
  for (std::size_t a = 0; a < one.atoms.size(); ++a)
    EXPECT_TRUE(one.atoms.positions()[a] == four.atoms.positions()[a]) << "atom " << a;
}

TEST(CloseAtoms, JointFitOptionsAreChecked) {
  const Volume v = render({24, 24, 24, 0.343}, {{Vec3::Zero(), kPt}}, 0.01, 1);
  TracingOptions o;
  o.joint_fit = true;
  o.joint_min_distance_A = 0.0;
  EXPECT_THROW(trace_atoms(v, o), Error);
  o.joint_min_distance_A = 1.9;
  o.joint_penalty = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(trace_atoms(v, o), Error);
}

}  // namespace
}  // namespace aet::tracing
