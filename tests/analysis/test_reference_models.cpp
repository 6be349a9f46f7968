// The analysis on the three published experimental models (Li et al.;
// data/reference, see its README): what the paper reports on them,
// side by side with what this analysis finds. Skipped when the folder is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "analysis/analyze.hpp"
#include "core/xyz.hpp"
#include "test_util.hpp"

namespace aet::analysis {
namespace {

/// One analysis per model per process: each CTest runs one model's checks
/// (gtest filter below), so each model is analysed once.
const AnalysisReport& report_of(const std::string& name) {
  static std::map<std::string, AnalysisReport> cache;
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, analyze(read_xyz(test::data_dir() / "reference" / (name + ".xyz")))).first;
  return it->second;
}

/// Each check below runs its loop body for the one model under test.
#define REQUIRE_MODEL(name) \
  if (std::string(name) != model) continue

void MeanBondLengths(const std::string& model) {
  // Paper: 2.76, 2.76, 2.77 Å (two decimals: within 0.005 Å).
  // Measured: 2.7588, 2.7596, 2.7700.
  for (const auto& [name, want] : std::map<std::string, double>{{"PB", 2.76}, {"EPB", 2.76}, {"TO", 2.77}}) {
    REQUIRE_MODEL(name);
    EXPECT_TRUE(test::near(report_of(name).bonds.all.mean_A, want, 0.005)) << name;
  }
}

void GrainsAndTwinAngles(const std::string& model) {
  // Paper: five twinned fcc grains in PB and EPB, one in TO; wedge angles
  // PB 74.1 70.8 71.8 72.3 71.0, EPB 70.6 72.2 72.7 72.1 72.4 (degrees).
  // Compared sorted (the starting grain is arbitrary). Measured: PB 73.4
  // 70.8 72.8 71.4 71.6, EPB 72.9 71.5 72.5 70.8 72.3 — sorted differences
  // <= 0.7°; tolerance 1.5° (the paper's own angles scatter 3° about 72°).
  const std::map<std::string, std::vector<double>> paper{{"PB", {74.1, 70.8, 71.8, 72.3, 71.0}},
                                                         {"EPB", {70.6, 72.2, 72.7, 72.1, 72.4}}};
  for (const auto& [name, angles] : paper) {
    REQUIRE_MODEL(name);
    const auto& r = report_of(name);
    EXPECT_EQ(r.grains.grains.size(), 5u) << name;
    for (std::size_t a = 0; a < r.grains.grains.size(); ++a)
      for (std::size_t b = a + 1; b < r.grains.grains.size(); ++b) {
        // Neighbouring grains are twins (60°); the others ~36° (five-fold)
        const double m = r.grains.misorientation_deg[a][b];
        EXPECT_TRUE(std::fabs(m - 60.0) < 4.0 || std::fabs(m - 36.0) < 4.0) << name << " " << m;
      }
    ASSERT_EQ(r.fivefold.twin_angles_deg.size(), 5u) << name;
    auto got = r.fivefold.twin_angles_deg;
    auto want = angles;
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    EXPECT_TRUE(test::near(std::accumulate(got.begin(), got.end(), 0.0), 360.0, 1e-9));
    for (std::size_t k = 0; k < 5; ++k) EXPECT_TRUE(test::near(got[k], want[k], 1.5)) << name << " angle " << k;
  }
  for (const std::string name : {"TO"}) {
    REQUIRE_MODEL(name);
    EXPECT_EQ(report_of(name).grains.grains.size(), 1u);
    EXPECT_FALSE(report_of(name).fivefold.found);
  }
}

void FivefoldAxisBipyramids(const std::string& model) {
  // Paper: alpha/gamma 0.99 (PB), 0.98 (EPB); beta/gamma 0.99 both; theta
  // 5.2° (PB), 3.9° (EPB). Measured (12 and 17 axis atoms, 10 and 15
  // bipyramids): alpha/gamma 0.968 / 0.971, beta/gamma 0.978 / 0.979, theta
  // 3.1° / 3.3°. Tolerances: 0.03 on ratios (a 0.08 Å change of a 2.8 Å bond;
  // per-bipyramid scatter is ~0.03), 2.5° on theta (0.15 Å position noise
  // over a 2.4 Å ring radius tilts one ring by ~4°; the mean over ~10 moves
  // by ~1.3° with the choice of axis atoms, which the paper does not list).
  // All are below the ideal 1.05 of the regular Johnson solid.
  const std::map<std::string, std::array<double, 3>> paper{{"PB", {0.99, 0.99, 5.2}}, {"EPB", {0.98, 0.99, 3.9}}};
  for (const auto& [name, w] : paper) {
    REQUIRE_MODEL(name);
    const auto& f = report_of(name).fivefold;
    ASSERT_TRUE(f.found) << name;
    EXPECT_GE(f.axis_atoms.size(), 10u) << name;
    ASSERT_FALSE(f.bipyramids.empty()) << name;
    EXPECT_TRUE(test::near(f.alpha_over_gamma, w[0], 0.03)) << name;
    EXPECT_TRUE(test::near(f.beta_over_gamma, w[1], 0.03)) << name;
    EXPECT_TRUE(test::near(f.theta_deg, w[2], 2.5)) << name;
    EXPECT_LT(f.alpha_over_gamma, 1.05);
  }
}

void InterfaceThicknessBothDefinitions(const std::string& model) {
  // Paper's definition, independent reproduction: 3.6 / 4.3 / 4.1 Å
  // (±0.2 Å with alpha and grid orientation); the paper quotes 4.2 Å.
  // Measured here (alpha 5 Å): 3.79 / 4.37 / 4.40 Å; tolerance 0.4 Å (the
  // alpha hull here is a morphological closing, not a Delaunay alpha shape;
  // alpha 4-7 Å moves the values by up to 0.15 Å).
  // True distance: reproduction 5.3 / 5.9 / 5.6 Å; measured 4.66 / 5.01 /
  // 5.10 Å: guarded at ±0.3 Å around the measured values, and always above
  // the paper's definition (the cube-erosion bias the testbed exposes).
  // iso_fit (ML erf fit on the distances to the 50 % iso-surface,
  // interface_profile.hpp), measured 4.98 / 4.08 / 4.21 Å with Pd floors
  // 0.4 / 1.9 / 3.0 %: the real profiles drop fast and then tail off slowly
  // (the paper's two-step shape), and the fit's floor takes up part of the
  // tail, so the erf width describes the fast drop; on the truths the fit
  // is within 0.25 Å at 4.2-8 Å. Guarded at ±0.3 Å around the measured
  // values (seed-to-seed sd of the fit on truths: ~0.1 Å). It is also the
  // headline: the fitted polyhedral core (measured 5.37 / 4.42 / 4.71 Å)
  // explains the real species clearly worse (likelihood ratio 1.15 / 1.07 /
  // 1.11 against the 1.06 limit): the experimental cores are not convex
  // polyhedra with flat facets.
  const std::map<std::string, std::array<double, 4>> want{
      {"PB", {3.6, 4.66, 4.98, 5.37}}, {"EPB", {4.3, 5.01, 4.08, 4.42}}, {"TO", {4.1, 5.10, 4.21, 4.71}}};
  for (const auto& [name, w] : want) {
    REQUIRE_MODEL(name);
    const auto& in = report_of(name).interface;
    ASSERT_TRUE(in.has_value()) << name;
    ASSERT_TRUE(in->paper.found && in->true_distance.found) << name;
    EXPECT_TRUE(test::near(in->paper.thickness_A, w[0], 0.4)) << name;
    EXPECT_TRUE(test::near(in->true_distance.thickness_A, w[1], 0.3)) << name;
    ASSERT_TRUE(in->iso_fit.found) << name;
    EXPECT_TRUE(test::near(in->iso_fit.thickness_A, w[2], 0.3)) << name;
    ASSERT_TRUE(in->polyhedral.found) << name;
    EXPECT_TRUE(test::near(in->polyhedral.fit.thickness_A, w[3], 0.3)) << name;
    EXPECT_FALSE(in->true_fit_polyhedral) << name;
    EXPECT_EQ(in->true_fit.thickness_A, in->iso_fit.thickness_A) << name;
    EXPECT_GT(in->true_distance.thickness_A, in->paper.thickness_A) << name;
    EXPECT_TRUE(test::near(in->paper.thickness_A, 4.2, 0.7)) << name;  // the paper's 4.2 Å
    // The 5 % crossing rests on a sparse tail: tens to ~two hundred Pd atoms.
    EXPECT_GT(in->paper.pd_near_lower_crossing, 20u) << name;
  }
}

void StrainStandardDeviations(const std::string& model) {
  // Paper (xx, yy, zz std, %): PB 0.67 0.69 0.67; EPB 0.65 0.60 0.30;
  // TO 0.33 0.55 0.98. Measured with the local-linear gradient (the
  // measurement): PB 0.83 1.20 1.29; EPB 0.90 1.11 0.53; TO 0.84 1.06 1.29,
  // 0.2-0.6 points higher. The paper's estimator (its code differentiates
  // the kernel-smoothed displacement field; sigma 3.89 Å, as here) gives
  // PB 0.51 0.79 0.77; EPB 0.51 0.69 0.36; TO 0.64 0.78 0.95: within 0.16
  // points of the paper but TO xx (0.31; the paper rotates each particle to
  // a zone axis first, the components here are in the file's frame). So the
  // excess is the estimator, which flattens gradients near surfaces and
  // twin boundaries (see strain.hpp). Guards: local-linear within 0.7
  // points of the paper and in 0.2-1.5 %; kernel-smoothed within 0.35
  // points, and below the local-linear figure.
  const std::map<std::string, std::array<double, 3>> paper{
      {"PB", {0.67, 0.69, 0.67}}, {"EPB", {0.65, 0.60, 0.30}}, {"TO", {0.33, 0.55, 0.98}}};
  for (const auto& [name, w] : paper) {
    REQUIRE_MODEL(name);
    const auto& r = report_of(name);
    ASSERT_TRUE(r.strain.has_value()) << name;
    for (std::size_t c = 0; c < 3; ++c) {
      const double sd = 100 * r.strain_regions.total.std[c];
      const double ks = 100 * r.strain->total_kernel_smoothed.std[c];
      EXPECT_TRUE(test::near(sd, w[c], 0.7)) << name << " " << kStrainComponents[c];
      EXPECT_GT(sd, 0.2);
      EXPECT_LT(sd, 1.5);
      EXPECT_TRUE(test::near(ks, w[c], 0.35)) << name << " " << kStrainComponents[c] << ": " << ks;
      EXPECT_LT(ks, sd) << name << " " << kStrainComponents[c];
    }
    for (const auto& l : r.strain->lattices) EXPECT_TRUE(test::near(l.lattice_A, 3.90, 0.03)) << name;
  }
}

void check_all(const std::string& model) {
  MeanBondLengths(model);
  GrainsAndTwinAngles(model);
  FivefoldAxisBipyramids(model);
  InterfaceThicknessBothDefinitions(model);
  StrainStandardDeviations(model);
}

// One test per model, so that CTest (one process per test) analyses each once.
TEST(ReferenceModels, PB) {
  AET_REQUIRE_DATA(test::data_dir() / "reference" / "PB.xyz");
  check_all("PB");
}
TEST(ReferenceModels, EPB) {
  AET_REQUIRE_DATA(test::data_dir() / "reference" / "EPB.xyz");
  check_all("EPB");
}
TEST(ReferenceModels, TO) {
  AET_REQUIRE_DATA(test::data_dir() / "reference" / "TO.xyz");
  check_all("TO");
}

}  // namespace
}  // namespace aet::analysis
