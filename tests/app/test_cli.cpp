// End-to-end checks of the aetbench executable: exit codes, one-line errors,
// no partial outputs, and the documented outputs of info and convert.
#include <gtest/gtest.h>


#include "cli_run.hpp"
#include "core/mrc.hpp"
#include "core/xyz.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

using test::CliRun;

CliRun run(const test::TempDir& dir, const std::string& args) { return test::run_aetbench(dir, args); }

std::size_t lines(const std::string& s) { return std::size_t(std::count(s.begin(), s.end(), '\n')); }

TEST(Cli, HelpForEverySubcommand) {
  test::TempDir dir;
  EXPECT_EQ(run(dir, "--help").rc, 0);
  for (const char* sub : {"info", "convert", "build", "simulate", "reconstruct", "trace", "pipeline", "score", "demo",
                          "sweep", "study", "analyze"}) {
    const CliRun r = run(dir, std::string(sub) + " --help");
    EXPECT_EQ(r.rc, 0) << sub;
    EXPECT_NE(r.out.find(sub), std::string::npos) << r.out;
  }
  const CliRun v = run(dir, "--version");
  EXPECT_EQ(v.rc, 0);
  EXPECT_NE(v.out.find("aetbench"), std::string::npos);
}

TEST(Cli, NoOrUnknownSubcommandOrMissingArgumentFails) {
  test::TempDir dir;
  EXPECT_NE(run(dir, "").rc, 0);
  EXPECT_NE(run(dir, "frobnicate").rc, 0);
  EXPECT_NE(run(dir, "info").rc, 0);
  EXPECT_NE(run(dir, "convert only_one.mrc").rc, 0);
}

TEST(Cli, InfoOnTheTinyCase) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  test::TempDir dir;
  const CliRun r = run(dir, "info " + mrc.string());
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("41 images of 64 x 64 pixels"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("at 0.4 Å/pixel"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-60.000"), std::string::npos);
  EXPECT_NE(r.out.find("60.000"), std::string::npos);
  EXPECT_NE(r.out.find("  40    60.000"), std::string::npos) << "all 41 angles listed";
}

TEST(Cli, InfoOnAtomsCountsSpecies) {
  test::TempDir dir;
  test::write_text(dir / "m.xyz", "3\nProperties=species:S:1:pos:R:3\nPt 0 0 0\nPd 1 0 0\nPt 0 2 0\n");
  const CliRun r = run(dir, "info " + (dir / "m.xyz").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("3 atoms"), std::string::npos);
  EXPECT_NE(r.out.find("Pt: 2"), std::string::npos);
  EXPECT_NE(r.out.find("Pd: 1"), std::string::npos);
}

TEST(Cli, BadInputsGiveOneLineErrors) {
  test::TempDir dir;
  test::write_text(dir / "bad.mrc", std::string(2000, 'x'));
  test::write_text(dir / "nan.xyz", "1\nProperties=species:S:1:pos:R:3\nPt 0 nan 0\n");
  test::write_text(dir / "ok.xyz", "1\nProperties=species:S:1:pos:R:3\nPt 0 0 0\n");
  for (const std::string& args : std::vector<std::string>{"info " + (dir / "bad.mrc").string(), "info " + (dir / "missing.mrc").string(),
                                 "info " + (dir / "nan.xyz").string(), "info " + (dir / "x.unknown").string(),
                                 "convert " + (dir / "nan.xyz").string() + " " + (dir / "out.xyz").string(),
                                 "convert " + (dir / "ok.xyz").string() + " " + (dir / "out.mrc").string()}) {
    const CliRun r = run(dir, args);
    EXPECT_EQ(r.rc, 1) << args;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("aetbench: error: ", 0), 0u) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out.xyz"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out.mrc"));
}

TEST(Cli, TruncatedMrcAndAngleMismatchFailCleanly) {
  test::TempDir dir;
  TiltSeries s(3, 4, 0.5, TiltGeometry::from_tilts({-10, 0, 10}));
  write_mrc_tilt_series(dir / "s.mrc", dir / "s.tlt", s);
  std::filesystem::resize_file(dir / "s.mrc", std::filesystem::file_size(dir / "s.mrc") - 8);
  CliRun r = run(dir, "convert " + (dir / "s.mrc").string() + " " + (dir / "s.h5").string());
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "s.h5"));

  write_mrc_tilt_series(dir / "t.mrc", dir / "t.tlt", s);
  test::write_text(dir / "t.tlt", "-10\n10\n");
  r = run(dir, "convert " + (dir / "t.mrc").string() + " " + (dir / "t.h5").string());
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("2 angles for 3 images"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "t.h5"));

  // A missing stack is named as missing, not as a stack without angles.
  r = run(dir, "reconstruct --tilts " + (dir / "none.mrc").string() + " --out " + (dir / "v.mrc").string());
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("none.mrc: no such file"), std::string::npos) << r.err;
}

TEST(Cli, ConvertRoundTripsMrcThroughHdf5) {
  test::TempDir dir;
  TiltSeries s(3, 4, 0.343, TiltGeometry::from_tilts({-76, 0, 76}));
  for (std::size_t i = 0; i < s.data().size(); ++i) s.data()[i] = float(i) / 7.0f;
  write_mrc_tilt_series(dir / "s.mrc", dir / "s.tlt", s);
  ASSERT_EQ(run(dir, "convert " + (dir / "s.mrc").string() + " " + (dir / "s.h5").string()).rc, 0);
  const CliRun r = run(dir, "convert " + (dir / "s.h5").string() + " " + (dir / "t.mrc").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  const TiltSeries t = read_mrc_tilt_series(dir / "t.mrc", dir / "t.tlt");
  EXPECT_EQ(t.data(), s.data());
  EXPECT_EQ(t.geometry().tilts_deg(), s.geometry().tilts_deg());
}

TEST(Cli, ConvertRoundTripsAtomsThroughHdf5) {
  test::TempDir dir;
  AtomModel m;
  m.add_atom("Pt", {0.5, 1.25, -3});
  m.add_atom("Pd", {2.75, 0, 0});
  m.add_column("grain", ColumnType::Int);
  m.set_integer("grain", 1, 3);
  write_xyz(dir / "m.xyz", m);
  ASSERT_EQ(run(dir, "convert " + (dir / "m.xyz").string() + " " + (dir / "m.h5").string()).rc, 0);
  ASSERT_EQ(run(dir, "convert " + (dir / "m.h5").string() + " " + (dir / "n.xyz").string()).rc, 0);
  EXPECT_EQ(test::read_text(dir / "m.xyz"), test::read_text(dir / "n.xyz"));
}

}  // namespace
}  // namespace aet
