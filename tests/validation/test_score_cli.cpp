// aetbench score end to end: the new outputs and the bad-input errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "core/xyz.hpp"
#include "test_util.hpp"

namespace aet::validation {
namespace {

/// 3^3 simple cubic atoms 2.8 Å apart; the traced copy is rotated 1° about z.
void write_models(const test::TempDir& dir) {
  AtomModel t, g;
  const double c = std::cos(M_PI / 180), s = std::sin(M_PI / 180);
  for (int x = 0; x < 3; ++x)
    for (int y = 0; y < 3; ++y)
      for (int z = 0; z < 3; ++z) {
        const Vec3 p = 2.8 * Vec3(x - 1, y - 1, z - 1);
        t.add_atom(z == 1 ? "Pd" : "Pt", p);
        g.add_atom(z == 1 ? "Pd" : "Pt", Vec3(c * p.x() - s * p.y(), s * p.x() + c * p.y(), p.z()));
      }
  write_xyz(dir / "truth.xyz", t);
  write_xyz(dir / "atoms.xyz", g);
}

TEST(ScoreCli, WritesTheBreakdownsTheRigidFitAndTheStatusFile) {
  test::TempDir dir;
  write_models(dir);
  const auto r = test::run_aetbench(dir, "score --truth " + (dir / "truth.xyz").string() + " --atoms " +
                                             (dir / "atoms.xyz").string() + " --rigid --out " +
                                             (dir / "score.json").string() + " --out-atoms " +
                                             (dir / "status.xyz").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = nlohmann::json::parse(test::read_text(dir / "score.json"));
  for (const char* key : {"recall", "rmsd_shift_removed_A", "confusion", "rmsd_by_species_pm", "rmsd_by_axis_pm",
                          "by_depth", "shells_by", "rigid"})
    EXPECT_TRUE(j.contains(key)) << key;
  // No depth_A column: shelled by coordination (every atom of a simple
  // cubic grid has CN <= 6 within the first-shell cut-off: all surface).
  EXPECT_EQ(j["shells_by"], "coordination");
  EXPECT_EQ(j["by_depth"][0]["atoms"], 27);
  // Positions are written to 1e-6 Å: over a 4 Å lever that is 1.4e-5° of rotation.
  EXPECT_TRUE(test::near(j["rigid"]["rotation_deg"].get<double>(), 1.0, 1e-4)) << j["rigid"];
  const AtomModel status = read_xyz(dir / "status.xyz");
  EXPECT_EQ(status.size(), 27u);
  EXPECT_TRUE(status.has_column("status"));
}

TEST(ScoreCli, BadInputIsOneLineAndLeavesNoFile) {
  test::TempDir dir;
  write_models(dir);
  const std::string models = " --atoms " + (dir / "atoms.xyz").string();
  auto r = test::run_aetbench(dir, "score" + models);
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("aetbench: error: score: give --truth, --tilts or both"), std::string::npos) << r.err;
  r = test::run_aetbench(dir, "score --truth " + (dir / "truth.xyz").string() + models + " --out-atoms " +
                                  (dir / "status.h5").string());
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("aetbench: error: --out-atoms"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "status.h5"));
  r = test::run_aetbench(dir, "score --tilts " + (dir / "missing.mrc").string() + models);
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("aetbench: error:"), std::string::npos) << r.err;
  r = test::run_aetbench(dir, "score --truth " + (dir / "truth.xyz").string() + models + " --bootstrap");
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("--bootstrap needs --analysis"), std::string::npos) << r.err;
  r = test::run_aetbench(dir, "score --truth " + (dir / "truth.xyz").string() + models + " --sensitivity 5");
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("--sensitivity needs --analysis"), std::string::npos) << r.err;
  r = test::run_aetbench(dir, "score --truth " + (dir / "truth.xyz").string() + models + " --analysis --sensitivity 1");
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("--sensitivity"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace aet::validation
