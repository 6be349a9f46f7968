// `aetbench reconstruct` end to end: MRC and HDF5 outputs with the R-factor
// history, and one-line errors for bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/emd.hpp"
#include "core/mrc.hpp"
#include "core/tlt.hpp"
#include "cli_run.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

test::CliRun run(const test::TempDir& dir, const std::string& args) {
  return test::run_aetbench(dir, "reconstruct " + args);
}

TEST(ReconstructCli, WritesMrcAndHdf5WithHistory) {
  const auto dir_in = test::data_dir() / "conventions";
  AET_REQUIRE_DATA(dir_in / "tiny.mrc");
  test::TempDir dir;
  const auto h5 = dir / "vol.h5", mrc = dir / "vol.mrc";
  const test::CliRun r = run(dir, "--tilts " + (dir_in / "tiny.mrc").string() + " --angles " +
                                (dir_in / "tiny.tlt").string() + " --pixel 0.4 --iterations 20 --report-every 5 --out " +
                                h5.string() + " --out " + mrc.string());
  ASSERT_EQ(r.rc, 0) << r.err;
  // Progress every 5 iterations on stderr: iterations 0, 5, 10, 15, 20.
  EXPECT_NE(r.err.find("iteration   15  R ="), std::string::npos) << r.err;
  const EmdFile f = read_emd(h5);
  ASSERT_EQ(f.volumes.count("reconstruction"), 1u);
  const Volume& v = f.volumes.at("reconstruction");
  // Cropped to the particle by default: a square x-z cross-section smaller than the 64-pixel field.
  EXPECT_EQ(v.nz(), v.nx());
  EXPECT_LT(v.nx(), 64);
  EXPECT_TRUE(test::near(v.voxel_A(), 0.4, 1e-9));
  const auto history = v.metadata().get_doubles("recon.r_factor_history");
  ASSERT_EQ(history.size(), 5u);
  EXPECT_LT(history.back(), history.front());
  ASSERT_EQ(f.tilt_series.count("tilt_series"), 1u);
  EXPECT_EQ(f.tilt_series.at("tilt_series").nt(), 41);
  const MrcData m = read_mrc(mrc);
  EXPECT_EQ(m.nz, v.nz());
  EXPECT_EQ(m.data.size(), v.data().size());
}

TEST(ReconstructCli, BadInputIsAOneLineError) {
  const auto dir_in = test::data_dir() / "conventions";
  AET_REQUIRE_DATA(dir_in / "tiny.mrc");
  test::TempDir dir;
  // 40 angles for 41 images.
  auto angles = read_tlt(dir_in / "tiny.tlt");
  angles.pop_back();
  write_tlt(dir / "short.tlt", angles);
  test::CliRun r = run(dir, "--tilts " + (dir_in / "tiny.mrc").string() + " --angles " + (dir / "short.tlt").string() +
                          " --out " + (dir / "v.mrc").string());
  EXPECT_NE(r.rc, 0);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "v.mrc"));
  // An all-zero stack.
  MrcData zero;
  zero.nx = zero.ny = 8;
  zero.nz = 3;
  zero.voxel_A = 0.5;
  zero.data.assign(8 * 8 * 3, 0.0f);
  write_mrc(dir / "zero.mrc", zero);
  write_tlt(dir / "zero.tlt", {-10, 0, 10});
  r = run(dir, "--tilts " + (dir / "zero.mrc").string() + " --out " + (dir / "v.mrc").string());
  EXPECT_NE(r.rc, 0);
  EXPECT_NE(r.err.find("all zero"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "v.mrc"));
  // An output kind that cannot hold a volume.
  r = run(dir, "--tilts " + (dir_in / "tiny.mrc").string() + " --out " + (dir / "v.xyz").string());
  EXPECT_NE(r.rc, 0);
}

// --tilt-axis-deg: a given angle turns the images (recorded in the volume's
// metadata as given, with the rotation back to the input's frame); NaN or an
// angle beyond ±90° is a one-line error and no volume.
TEST(ReconstructCli, GivenTiltAxisIsUsedAndBadOnesAreRefused) {
  const auto dir_in = test::data_dir() / "conventions";
  AET_REQUIRE_DATA(dir_in / "tiny.mrc");
  test::TempDir dir;
  const auto h5 = dir / "vol.h5";
  const std::string input = "--tilts " + (dir_in / "tiny.mrc").string() + " --pixel 0.4 --iterations 5 --quiet ";
  const test::CliRun r = run(dir, input + "--tilt-axis-deg 1.5 --out " + h5.string());
  ASSERT_EQ(r.rc, 0) << r.err;
  const EmdFile f = read_emd(h5);
  const Volume& v = f.volumes.at("reconstruction");
  EXPECT_EQ(v.metadata().get("recon.tilt_axis_source").value_or(""), "given");
  const auto deg = v.metadata().get_doubles("recon.tilt_axis_deg");
  ASSERT_EQ(deg.size(), 1u);
  EXPECT_EQ(deg[0], 1.5);
  const auto rot = v.metadata().get_doubles("recon.frame_rotation");
  ASSERT_EQ(rot.size(), 9u);
  // Rz(1.5°), rows: (cos, -sin, 0), (sin, cos, 0), (0, 0, 1).
  EXPECT_TRUE(test::near(rot[0], std::cos(1.5 * kPi / 180), 1e-12));
  EXPECT_TRUE(test::near(rot[1], -std::sin(1.5 * kPi / 180), 1e-12));
  EXPECT_TRUE(test::near(rot[3], std::sin(1.5 * kPi / 180), 1e-12));
  for (const std::string bad : {"nan", "95", "-90.5", "inf"}) {
    const auto out = dir / "bad.mrc";
    const test::CliRun b = run(dir, input + "--tilt-axis-deg " + bad + " --out " + out.string());
    EXPECT_EQ(b.rc, 1) << bad;
    EXPECT_EQ(std::count(b.err.begin(), b.err.end(), '\n'), 1) << b.err;
    EXPECT_NE(b.err.find("aetbench: error: "), std::string::npos) << b.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << bad;
  }
}

}  // namespace
}  // namespace aet
