#include "analysis/strain.hpp"

#include <gtest/gtest.h>

#include "analysis/polyhedral_template_matching.hpp"
#include "core/error.hpp"
#include "lattices.hpp"
#include "test_util.hpp"

namespace aet::analysis {
namespace {

using test::kA;

StrainReport strain_of(const std::vector<Vec3>& p, const StrainOptions& o) {
  const auto nl = find_neighbours(p);
  const auto ptm = polyhedral_template_matching(p);
  const auto g = find_grains(p, nl, ptm);
  return strain(p, g, o);
}

TEST(Strain, NearestFccSite) {
  EXPECT_TRUE(detail::nearest_fcc_site(Vec3(0.1, -0.1, 0.05)).isApprox(Vec3::Zero()));
  EXPECT_TRUE(detail::nearest_fcc_site(Vec3(0.45, 0.55, 0.1)).isApprox(Vec3(0.5, 0.5, 0)));
  const Vec3 s = detail::nearest_fcc_site(Vec3(0.5, 0.5, 0.5));  // equidistant: any of the nearest
  EXPECT_EQ(int(std::lround(2 * (s.x() + s.y() + s.z()))) % 2, 0);
}

/// A rotated fcc ball of `radius` Å under a homogeneous strain E (symmetric,
/// lab frame): r = (I + E) r0.
struct HomogeneousCase {
  Mat3 e;
  std::vector<Vec3> p;
  explicit HomogeneousCase(double radius) {
    e << 0.008, 0.002, -0.001, 0.002, -0.005, 0.003, -0.001, 0.003, 0.004;
    p = test::fcc_ball(kA, radius, euler_rotation({20.0, 35.0, 50.0}));
    for (auto& r : p) r = (Mat3::Identity() + e) * r;
  }
  std::array<double, 6> want() const { return {e(0, 0), e(1, 1), e(2, 2), e(1, 2), e(0, 2), e(0, 1)}; }
  /// Strain against the known lattice constant.
  StrainReport measured(StrainOptions o = {}) const {
    o.reference_lattice_A = kA;
    return strain_of(p, o);
  }
};

TEST(Strain, HomogeneousStrainRecoveredTo1e4) {
  // A rotated crystal under a homogeneous strain E (symmetric, lab frame):
  // r = (I + E) r0. Every local linear fit is then exact, so the recovered
  // tensor equals E to rounding; 1e-4 per component is the bound.
  const HomogeneousCase hc(18.0);
  const Mat3& e = hc.e;
  const auto& p = hc.p;
  const auto s = hc.measured();
  const std::array<double, 6> want = hc.want();
  std::size_t checked = 0;
  for (const auto& row : s.strain) {
    if (std::isnan(row[0])) continue;
    ++checked;
    for (std::size_t c = 0; c < 6; ++c) ASSERT_TRUE(test::near(row[c], want[c], 1e-4)) << kStrainComponents[c];
  }
  EXPECT_GT(checked, p.size() * 9 / 10);
  // Fitted lattice constant: the mean dilatation goes into the lattice, the
  // deviatoric part is still recovered (second-order terms ~ |E|^2 ~ 1e-4).
  const auto f = strain_of(p, {});
  const double dil = e.trace() / 3.0;
  EXPECT_TRUE(test::near(f.lattices[0].lattice_A, kA * (1 + dil), 2e-4 * kA));
  for (const auto& row : f.strain) {
    if (std::isnan(row[0])) continue;
    for (std::size_t c = 0; c < 6; ++c)
      ASSERT_TRUE(test::near(row[c], want[c] - (c < 3 ? dil : 0.0), 1e-4)) << kStrainComponents[c];
  }
}

TEST(Strain, KernelSmoothedEstimatorFlattensAtTheSurface) {
  // The paper's estimator (gradient of the kernel-smoothed field) on the
  // same homogeneous strain: exact where the kernel's neighbourhood is
  // full (sites deeper than 4 sigma: the discrete lattice sum of the
  // Gaussian's second moment equals sigma^2 to ~1e-9), and flattened
  // towards zero near the surface, where the local-linear fit stays exact.
  const HomogeneousCase hc(22.0);
  const auto& p = hc.p;
  const StrainOptions o;
  const auto s = hc.measured(o);
  const std::array<double, 6> want = hc.want();
  const double full = 22.0 - 4.0 * o.kernel_sigma_A;
  std::size_t inner = 0, outer = 0, flatter = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto& ks = s.strain_kernel_smoothed[i];
    if (std::isnan(ks[0])) continue;
    if (p[i].norm() < full - 0.5) {
      ++inner;
      for (std::size_t c = 0; c < 6; ++c) ASSERT_TRUE(test::near(ks[c], want[c], 1e-4)) << kStrainComponents[c];
    } else if (p[i].norm() > 20.0) {
      ++outer;
      double nk = 0.0, nl = 0.0;
      for (std::size_t c = 0; c < 6; ++c) nk += ks[c] * ks[c], nl += s.strain[i][c] * s.strain[i][c];
      flatter += nk < 0.9 * nl;
    }
  }
  EXPECT_GT(inner, 0u);
  ASSERT_GT(outer, 100u);
  EXPECT_GT(flatter, outer * 9 / 10);  // the surface shell: at least 10 % flatter
}

TEST(Strain, UnstrainedCrystalHasZeroStrainAndNoGrainThrows) {
  const auto p = test::fcc_ball(kA, 14.0, euler_rotation({5.0, 10.0, 15.0}));
  const auto s = strain_of(p, {});
  EXPECT_TRUE(test::near(s.lattices[0].lattice_A, kA, 1e-9));
  EXPECT_LT(s.lattices[0].rms_displacement_A, 1e-9);
  for (std::size_t c = 0; c < 6; ++c) EXPECT_LT(std::fabs(s.total.std[c]), 1e-9);
  EXPECT_THROW(strain(p, GrainReport{}, {}), Error);
  StrainOptions bad;
  bad.kernel_sigma_A = 0.0;
  EXPECT_THROW(strain_of(p, bad), Error);
}

}  // namespace
}  // namespace aet::analysis
