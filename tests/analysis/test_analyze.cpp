// The whole analysis on a small core-shell ball: the report, its JSON keys
// (an external interface), the per-atom columns and the CLI.
#include "analysis/analyze.hpp"
#include "analysis/plots.hpp"
#include "analysis/report.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/error.hpp"
#include "core/xyz.hpp"
#include "lattices.hpp"
#include "test_util.hpp"

namespace aet::analysis {
namespace {

using test::kA;

AtomModel small_particle() {
  AtomModel m;
  for (const auto& r : test::fcc_ball(kA, 18.0, euler_rotation({10.0, 20.0, 30.0})))
    m.add_atom(r.norm() < 10.0 ? "Pd" : "Pt", r);
  return m;
}

TEST(Analyze, ReportHoldsTheIssueKeys) {
  const AtomModel m = small_particle();
  const auto r = analyze(m);
  const auto j = to_json(r);
  EXPECT_EQ(j["atoms"].get<std::size_t>(), m.size());
  EXPECT_EQ(j["species"]["Pd"].get<std::size_t>(), m.count("Pd"));
  EXPECT_EQ(j["species"]["Pt"].get<std::size_t>(), m.count("Pt"));
  EXPECT_TRUE(test::near(j["mean_bond_length_A"].get<double>(), kA / std::sqrt(2.0), 1e-9));
  ASSERT_TRUE(j["interface"].is_object());
  for (const char* k : {"thickness_A", "thickness_true_A", "thickness_true_surface", "profile", "erf_fit",
                        "erf_fit_polyhedral"})
    EXPECT_TRUE(j["interface"].contains(k)) << k;
  ASSERT_FALSE(j["interface"]["profile"].empty());
  for (const char* k : {"depth_A", "pd_fraction", "atoms"})
    EXPECT_TRUE(j["interface"]["profile"][0].contains(k)) << k;
  EXPECT_EQ(j["grains"].get<std::size_t>(), 1u);
  for (const char* k : {"axis_atoms", "twin_angles_deg", "alpha_over_gamma", "beta_over_gamma", "theta_deg"})
    EXPECT_TRUE(j["fivefold"].contains(k)) << k;
  EXPECT_EQ(j["fivefold"]["axis_atoms"].get<std::size_t>(), 0u);
  for (const char* k : {"xx", "yy", "zz", "xy", "xz", "yz"}) {
    ASSERT_TRUE(j["strain"]["std_percent"].contains(k)) << k;
    EXPECT_LT(j["strain"]["std_percent"][k].get<double>(), 1e-6);  // perfect crystal
  }
  EXPECT_TRUE(r.notes.empty());
}

TEST(Analyze, TimesEveryStepAndReportsItAsItEnds) {
  AnalysisOptions o;
  std::vector<std::string> seen;
  o.on_step = [&](const std::string& step, double seconds) {
    seen.push_back(step);
    EXPECT_GE(seconds, 0.0) << step;
  };
  const auto r = analyze(small_particle(), o);
  const std::vector<std::string> steps{"neighbours", "coordination", "bond_orientational_order",
                                       "polyhedral_template_matching", "grains", "fivefold_axis",
                                       "interface_profile", "bond_lengths", "isolated_atoms", "strain"};
  EXPECT_EQ(seen, steps);
  for (const auto& s : steps) EXPECT_TRUE(r.timings_s.count(s)) << s;
  for (const char* s : {"neighbours", "masks", "layers", "true_distances", "iso_surface", "erf_fits",
                        "polyhedral_core", "robust"})
    EXPECT_TRUE(r.timings_s.count(std::string("interface_profile.") + s)) << s;
}

TEST(Analyze, SkipsWhatAModelLacksAndRejectsEmptyModels) {
  const auto r = analyze(test::model_of(test::fcc_ball(kA, 10.0), "Pt"));
  EXPECT_FALSE(r.interface);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_TRUE(to_json(r)["interface"].is_null());
  EXPECT_THROW(analyze(AtomModel{}), Error);
}

TEST(Analyze, WritesJsonColumnsAndPlots) {
  test::TempDir dir;
  const AtomModel m = small_particle();
  const auto r = analyze(m);
  write_analysis(dir.path() / "out", m, r, {}, false);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / "analysis.json"));
  const AtomModel back = read_xyz(dir.path() / "out" / "atoms.xyz");
  ASSERT_EQ(back.size(), m.size());
  for (const char* c : {"cn", "q6", "boo", "ptm", "grain_id", "interface_layer", "interface_depth_A",
                        "surface_depth_A", "strain_fit"})
    EXPECT_TRUE(back.has_column(c)) << c;
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) GTEST_SKIP() << "gnuplot not installed: plots not checked";
  ASSERT_TRUE(write_plots(dir.path() / "out", r, m));
  for (const char* f : {"interface_profile.svg", "cn_histogram.svg", "bond_lengths.svg", "strain_slice.svg",
                        "isolated_pd.svg"})
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / f)) << f;
}

TEST(Analyze, CommandLine) {
  test::TempDir dir;
  write_xyz(dir / "p.xyz", small_particle());
  const auto exe = test::bin_dir() / "aetbench";
  const std::string ok = exe.string() + " analyze " + (dir / "p.xyz").string() + " --out " +
                         (dir / "out").string() + " --no-plots > " + (dir / "log").string() + " 2>&1";
  ASSERT_EQ(std::system(ok.c_str()), 0) << test::read_text(dir / "log");
  EXPECT_NE(test::read_text(dir / "log").find("analyze: interface_profile "), std::string::npos);
  const auto j = nlohmann::json::parse(test::read_text(dir / "out" / "analysis.json"));
  EXPECT_EQ(j["atoms"].get<std::size_t>(), small_particle().size());
  // A missing file is a one-line error and a non-zero exit.
  const std::string bad = exe.string() + " analyze " + (dir / "nope.xyz").string() + " --out " +
                          (dir / "o2").string() + " > " + (dir / "log2").string() + " 2>&1";
  EXPECT_NE(std::system(bad.c_str()), 0);
  EXPECT_NE(test::read_text(dir / "log2").find("error"), std::string::npos);
}

}  // namespace
}  // namespace aet::analysis
