// `aetbench reconstruct` end to end: MRC and HDF5 outputs with the R-factor
// history, and one-line errors for bad input.
#include <gtest/gtest.h>

#include <algorithm>
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

}  // namespace
}  // namespace aet
