// The pipeline's outputs beyond the atoms: the frame the atoms are in (and
// the offset back to the input's), the config that replays a run, the
// ChimeraX files; and --config / --write-config on another command.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "tiny_case.hpp"
#include "core/xyz.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

using test::run_aetbench;

// An aligned run of the tiny case into DIR/run (a few s). Alignment moves
// the origin to the particle's centre of mass, which is not the tiny case's
// volume centre; angular refinement is off to keep it short.
void aligned_run(const test::TempDir& dir) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  const auto r = run_aetbench(dir, "pipeline --tilts " + mrc.string() + " --out " + (dir / "run").string() +
                                       " --iterations 60 --no-refine --species Pd,Pt");
  ASSERT_EQ(r.rc, 0) << r.err;
}

/// `aetbench score` of DIR/run/atoms.xyz against `truth` with the run's
/// report (its frame applied, the shift kept): score.json's contents.
nlohmann::json score_with_report(const test::TempDir& dir, const std::filesystem::path& truth) {
  const auto s = run_aetbench(dir, "score --truth " + truth.string() + " --atoms " + (dir / "run/atoms.xyz").string() +
                                       " --report " + (dir / "run/report.json").string() + " --keep-shift --out " +
                                       (dir / "score.json").string());
  EXPECT_EQ(s.rc, 0) << s.err;
  // It says what the report's frame can and cannot map (docs/conventions.md).
  EXPECT_NE(s.out.find("frame: the atoms mapped by the report's frame"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("which no image shows"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("Å kept)"), std::string::npos) << s.out;
  return nlohmann::json::parse(test::read_text(dir / "score.json"));
}

TEST(PipelineOutputs, AlignedTinyCaseMapsBackWithTheReportOffset) {
  test::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(aligned_run(dir));
  const auto report = nlohmann::json::parse(test::read_text(dir / "run/report.json"));
  ASSERT_TRUE(report.contains("frame"));
  EXPECT_EQ(report["frame"]["name"], "aligned");
  ASSERT_EQ(report["frame"]["offset_A"].size(), 3u);
  Vec3 d;
  for (int k = 0; k < 3; ++k) d[k] = report["frame"]["offset_A"][std::size_t(k)].get<double>();
  AtomModel atoms = read_xyz(dir / "run/atoms.xyz");
  EXPECT_EQ(atoms.metadata().get("frame").value_or(""), "aligned");
  // The tiny case's centre of mass is not its volume centre, so the aligned
  // atoms are off by more than the 0.3 Å acceptance radius before the offset.
  EXPECT_GT(d.norm(), 0.3);
  for (auto& r : atoms.positions()) r += d;
  test::expect_tiny_case_atoms(atoms);

  // aetbench score applies the same offset: every atom matched as traced.
  const auto truth = test::data_dir() / "conventions/tiny_truth.xyz";
  const auto score = score_with_report(dir, truth);
  EXPECT_EQ(score["matched"], 6);
  EXPECT_LE(score["rmsd_A"].get<double>(), 0.3);  // the tiny case's acceptance radius
  const auto bad = run_aetbench(dir, "score --truth " + truth.string() + " --atoms " +
                                         (dir / "run/atoms.xyz").string() + " --report " + truth.string());
  EXPECT_EQ(bad.rc, 1);
  EXPECT_NE(bad.err.find("aetbench: error: "), std::string::npos) << bad.err;

  // The ChimeraX files: the script opens the volume and the markers, one
  // marker per atom with its species.
  const std::string cxc = test::read_text(dir / "run/atoms.cxc"), cmm = test::read_text(dir / "run/atoms.cmm");
  EXPECT_NE(cxc.find("open volume.mrc"), std::string::npos) << cxc;
  EXPECT_NE(cxc.find("open atoms.cmm"), std::string::npos) << cxc;
  std::size_t markers = 0, pd = 0;
  for (std::size_t at = cmm.find("<marker "); at != std::string::npos; at = cmm.find("<marker ", at + 1)) {
    ++markers;
    if (cmm.compare(cmm.find("note=", at), 9, "note=\"Pd\"") == 0) ++pd;
  }
  EXPECT_EQ(markers, atoms.size());
  EXPECT_EQ(pd, atoms.count("Pd"));
}

TEST(PipelineOutputs, ReplayFromTheRunsConfigGivesTheSameAtoms) {
  test::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(aligned_run(dir));
  ASSERT_TRUE(std::filesystem::exists(dir / "run/config.toml"));
  const auto r = run_aetbench(dir, "pipeline --config " + (dir / "run/config.toml").string() + " --out " +
                                       (dir / "replay").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string a = test::read_text(dir / "run/atoms.xyz"), b = test::read_text(dir / "replay/atoms.xyz");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b) << "the replay's atoms.xyz differs from the run's";
}

TEST(PipelineOutputs, WriteConfigThenConfigReplaysAnotherCommand) {
  test::TempDir dir;
  const auto w = run_aetbench(dir, "build --shape to --seed 7 --out " + (dir / "a.xyz").string() +
                                       " --write-config " + (dir / "build.toml").string());
  ASSERT_EQ(w.rc, 0) << w.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "a.xyz")) << "--write-config writes the config and exits";
  EXPECT_NE(test::read_text(dir / "build.toml").find("[build]"), std::string::npos);
  ASSERT_EQ(run_aetbench(dir, "build --config " + (dir / "build.toml").string()).rc, 0);
  ASSERT_EQ(run_aetbench(dir, "build --shape to --seed 7 --out " + (dir / "b.xyz").string()).rc, 0);
  EXPECT_EQ(test::read_text(dir / "a.xyz"), test::read_text(dir / "b.xyz"));
  // The command line overrides the file.
  ASSERT_EQ(run_aetbench(dir, "build --config " + (dir / "build.toml").string() + " --out " + (dir / "c.xyz").string()).rc, 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "c.xyz"));
  const auto missing = run_aetbench(dir, "build --config " + (dir / "missing.toml").string());
  EXPECT_EQ(missing.rc, 1);
  EXPECT_NE(missing.err.find("aetbench: error: "), std::string::npos) << missing.err;
}

// --tilt-axis-deg: the given angle is used and reported as given, the atoms
// are in the axis frame (frame "tilt-axis" with its rotation Rz(angle)), and
// score --report turns them back: the tiny case's six atoms within its
// 0.3 Å acceptance radius as traced (its axis is really at 0°, so the given
// 1° costs the reconstruction a little; 1° at the atoms' ≤ 4 Å from the
// centre moves them ≤ 0.07 Å).
TEST(PipelineOutputs, GivenTiltAxisIsReportedAndScoreTurnsTheAtomsBack) {
  test::TempDir dir;
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  const auto r = run_aetbench(dir, "pipeline --tilts " + mrc.string() + " --out " + (dir / "run").string() +
                                       " --iterations 60 --no-refine --species Pd,Pt --tilt-axis-deg 1");
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto report = nlohmann::json::parse(test::read_text(dir / "run/report.json"));
  EXPECT_EQ(report["tilt_axis"]["source"], "given");
  EXPECT_EQ(report["tilt_axis"]["deg"].get<double>(), 1.0);
  EXPECT_TRUE(report["tilt_axis"]["applied"].get<bool>());
  EXPECT_EQ(report["frame"]["name"], "tilt-axis");
  const auto& q = report["frame"]["rotation"];
  ASSERT_EQ(q.size(), 3u);
  EXPECT_TRUE(test::near(q[0][0].get<double>(), std::cos(kPi / 180), 1e-12));
  EXPECT_TRUE(test::near(q[0][1].get<double>(), -std::sin(kPi / 180), 1e-12));
  EXPECT_TRUE(test::near(q[1][0].get<double>(), std::sin(kPi / 180), 1e-12));
  EXPECT_TRUE(test::near(q[2][2].get<double>(), 1.0, 1e-12));
  const auto truth = test::data_dir() / "conventions/tiny_truth.xyz";
  const auto score = score_with_report(dir, truth);
  EXPECT_EQ(score["matched"], 6);
  EXPECT_LE(score["rmsd_A"].get<double>(), 0.3);
  // A rotation that is not one is refused with one line.
  auto bad = report;
  bad["frame"]["rotation"][0][0] = 2.0;
  {
    std::ofstream out(dir / "bad.json");
    out << bad.dump();
  }
  const auto b = run_aetbench(dir, "score --truth " + truth.string() + " --atoms " + (dir / "run/atoms.xyz").string() +
                                       " --report " + (dir / "bad.json").string());
  EXPECT_EQ(b.rc, 1);
  EXPECT_NE(b.err.find("not a rotation"), std::string::npos) << b.err;
}

// analyze --report maps the atoms into the input images' frame first, as
// score --report does: a model and its report (frame turned 20° about the
// beam, shifted) analyse exactly as the model mapped by hand. The paper's
// voxel-layer thickness is bound to the frame: without the report it reads
// differently, so the comparison can fail.
TEST(PipelineOutputs, AnalyzeWithTheReportMeasuresInTheImagesFrame) {
  test::TempDir dir;
  ASSERT_EQ(run_aetbench(dir, "build --shape small-to --seed 2 --out " + (dir / "m.xyz").string()).rc, 0);
  const AtomModel m = read_xyz(dir / "m.xyz");
  const double c = std::cos(20 * kPi / 180), s = std::sin(20 * kPi / 180);
  Mat3 q;
  q << c, -s, 0, s, c, 0, 0, 0, 1;
  const Vec3 t(1.5, -0.75, 0.25);
  AtomModel mapped;
  for (std::size_t a = 0; a < m.size(); ++a) mapped.add_atom(m.species()[a], q * m.positions()[a] + t);
  write_xyz(dir / "mapped.xyz", mapped);
  nlohmann::json report;
  report["frame"] = {{"name", "tilt-axis"},
                     {"offset_A", {t.x(), t.y(), t.z()}},
                     {"rotation", {{q(0, 0), q(0, 1), q(0, 2)}, {q(1, 0), q(1, 1), q(1, 2)}, {q(2, 0), q(2, 1), q(2, 2)}}}};
  {
    std::ofstream out(dir / "report.json");
    out << report.dump();
  }
  auto analyse = [&](const std::string& args, const std::string& out) {
    const auto r = run_aetbench(dir, "analyze " + args + " --no-plots --out " + (dir / out).string());
    EXPECT_EQ(r.rc, 0) << r.err;
    return nlohmann::json::parse(test::read_text(dir / out / "analysis.json"))["interface"];
  };
  const auto by_report = analyse((dir / "m.xyz").string() + " --report " + (dir / "report.json").string(), "a");
  const auto by_hand = analyse((dir / "mapped.xyz").string(), "b");
  const auto as_traced = analyse((dir / "m.xyz").string(), "c");
  // The same positions to the XYZ file's printed digits (1e-6 Å).
  for (const char* key : {"thickness_A", "thickness_true_A"})
    EXPECT_TRUE(test::near(by_report[key].get<double>(), by_hand[key].get<double>(), 1e-4)) << key;
  std::printf("paper's thickness: %.3f Å in the images' frame, %.3f Å turned by 20°\n",
              by_report["thickness_A"].get<double>(), as_traced["thickness_A"].get<double>());
  EXPECT_FALSE(test::near(by_report["thickness_A"].get<double>(), as_traced["thickness_A"].get<double>(), 1e-4));
  const auto bad = run_aetbench(dir, "analyze " + (dir / "m.xyz").string() + " --report " + (dir / "m.xyz").string() +
                                         " --out " + (dir / "d").string());
  EXPECT_EQ(bad.rc, 1);
  EXPECT_NE(bad.err.find("not valid JSON"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "d" / "analysis.json"));
}

}  // namespace
}  // namespace aet
