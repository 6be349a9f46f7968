// aetbench reconstruct + trace on the shared tiny case: the end-to-end frame
// check of docs/conventions.md (six atoms within 0.3 Å, the two Pd as Pd), and
// trace's bad inputs.
#include <gtest/gtest.h>

#include "cli_run.hpp"
#include "tiny_case.hpp"
#include "core/mrc.hpp"
#include "core/xyz.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

using test::run_aetbench;

TEST(CliTrace, TinyCaseGivesTheSixAtomsAndTheirSpecies) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  test::TempDir dir;
  // 50 RESIRE iterations on a 40-voxel-thick volume: enough for the six
  // peaks (R ~0.15), a few seconds.
  auto r = run_aetbench(dir, "reconstruct --tilts " + mrc.string() + " --out " + (dir / "vol.mrc").string() +
                                 " --iterations 50 --thickness 40");
  ASSERT_EQ(r.rc, 0) << r.err;
  r = run_aetbench(dir, "trace --volume " + (dir / "vol.mrc").string() + " --out " + (dir / "atoms.xyz").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  const AtomModel got = read_xyz(dir / "atoms.xyz");
  test::expect_tiny_case_atoms(got);
}

TEST(CliTrace, BadInputLeavesNoOutput) {
  test::TempDir dir;
  auto r = run_aetbench(dir, "trace --volume " + (dir / "missing.mrc").string() + " --out " +
                                 (dir / "a.xyz").string());
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("missing.mrc"), std::string::npos) << r.err;
  write_mrc_volume(dir / "zero.mrc", Volume(VolumeGeometry{16, 16, 16, 0.4}));
  r = run_aetbench(dir, "trace --volume " + (dir / "zero.mrc").string() + " --out " + (dir / "a.xyz").string());
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("aetbench: error: trace: the volume has no local maxima"), std::string::npos) << r.err;
  r = run_aetbench(dir, "trace --volume " + (dir / "zero.mrc").string() + " --out " + (dir / "a.xyz").string() +
                            " --species Pd,Zz");
  EXPECT_EQ(r.rc, 1);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.xyz"));
  EXPECT_EQ(run_aetbench(dir, "trace --help").rc, 0);
}

}  // namespace
}  // namespace aet
