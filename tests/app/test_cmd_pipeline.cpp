// aetbench pipeline: the external interface (atoms.xyz, volume.mrc,
// report.json) on the shared tiny case, and no atoms.xyz after a failure.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "tiny_case.hpp"
#include "core/mrc.hpp"
#include "core/xyz.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

using test::run_aetbench;

TEST(CliPipeline, TinyCaseWritesTheInterfaceFiles) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  test::TempDir dir;
  // The tiny series is aligned by construction: alignment (which would put
  // the centre of mass at the origin) and refinement are off, so the atoms
  // must come out in the frame of docs/conventions.md. 60 iterations: a few s.
  const auto r = run_aetbench(dir, "pipeline --tilts " + mrc.string() + " --out " + (dir / "run").string() +
                                       " --iterations 60 --no-align --no-refine --species Pd,Pt");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("stage 3/3"), std::string::npos) << "progress on stderr";
  const AtomModel got = read_xyz(dir / "run/atoms.xyz");
  test::expect_tiny_case_atoms(got);
  const auto report = nlohmann::json::parse(test::read_text(dir / "run/report.json"));
  for (const char* key : {"atoms", "species", "r_factor", "r_factor_history", "parameters", "timings_s", "seed",
                          "version", "tracing", "classification", "input", "volume", "image_shift_mean_px"})
    EXPECT_TRUE(report.contains(key)) << key;
  EXPECT_EQ(report["atoms"], 6);
  EXPECT_EQ(report["species"]["Pd"], 2);
  EXPECT_EQ(report["species"]["Pt"], 4);
  EXPECT_LT(report["r_factor"].get<double>(), 0.2);
  const Volume v = read_mrc_volume(dir / "run/volume.mrc");
  EXPECT_EQ(v.nz(), report["volume"]["nz"].get<int>());
}

TEST(CliPipeline, TinyCaseWithPositionRefinement) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  test::TempDir dir;
  // The refined positions must still be the tiny case's six atoms, and the
  // report says what the refinement did.
  const auto r = run_aetbench(dir, "pipeline --tilts " + mrc.string() + " --out " + (dir / "run").string() +
                                       " --iterations 60 --no-align --no-refine --refine-positions");
  ASSERT_EQ(r.rc, 0) << r.err;
  test::expect_tiny_case_atoms(read_xyz(dir / "run/atoms.xyz"));
  const auto report = nlohmann::json::parse(test::read_text(dir / "run/report.json"));
  ASSERT_TRUE(report.contains("position_refinement"));
  const auto& res = report["position_refinement"]["residual_per_round"];
  EXPECT_LE(res.back().get<double>(), res.front().get<double>());
  EXPECT_EQ(report["parameters"]["refine_positions"], true);
}

TEST(CliPipeline, FailureLeavesNoAtoms) {
  test::TempDir dir;
  // All-zero images: nothing to reconstruct.
  TiltSeries s(16, 16, 0.4, TiltGeometry::from_tilts({-30, 0, 30}));
  write_mrc_tilt_series(dir / "zero.mrc", dir / "zero.tlt", s);
  const auto r = run_aetbench(dir, "pipeline --tilts " + (dir / "zero.mrc").string() + " --out " +
                                       (dir / "run").string() + " --iterations 5");
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("aetbench: error: "), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "run/atoms.xyz"));
  EXPECT_NE(run_aetbench(dir, "pipeline --out x").rc, 0);  // --tilts missing
  EXPECT_EQ(run_aetbench(dir, "pipeline --help").rc, 0);
}

}  // namespace
}  // namespace aet
