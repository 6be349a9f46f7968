// `aetbench simulate` end to end: the three outputs, their content, the seed,
// and one-line errors for bad input.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/emd.hpp"
#include "core/mrc.hpp"
#include "core/tlt.hpp"
#include "core/xyz.hpp"
#include "cli_run.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

test::CliRun run(const test::TempDir& dir, const std::string& args) { return test::run_aetbench(dir, args); }

void write_model(const test::TempDir& dir) {
  AtomModel m;
  m.add_atom("Pt", Vec3(0, 0, 0));
  m.add_atom("Pd", Vec3(2.0, 1.0, -1.0));
  write_xyz(dir / "m.xyz", m);
}

TEST(SimulateCli, WritesMrcTltAndH5) {
  test::TempDir dir;
  write_model(dir);
  const std::string args = "simulate --model " + (dir / "m.xyz").string() + " --out " + (dir / "s").string() +
                           " --size 48 --tilts 5 --tilt-range -40 40 --frames 2 --dose 1e5 --seed 5";
  const test::CliRun r = run(dir, args);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("frame 10/10"), std::string::npos) << r.err;  // progress on stderr
  const MrcData mrc = read_mrc(dir / "s.mrc");
  EXPECT_EQ(mrc.nz, 5);
  EXPECT_EQ(mrc.nx, 48);
  EXPECT_EQ(read_tlt(dir / "s.tlt"), (std::vector<double>{-40, -20, 0, 20, 40}));
  const EmdFile h5 = read_emd(dir / "s.h5");
  ASSERT_EQ(h5.tilt_series.count("frames"), 1u);
  const TiltSeries& frames = h5.tilt_series.at("frames");
  EXPECT_EQ(frames.nt(), 10);
  EXPECT_TRUE(frames.geometry().has_euler());  // the true geometry
  EXPECT_EQ(frames.metadata().get_int("seed"), 5);
  EXPECT_EQ(frames.metadata().get_doubles("truth.shift_x_px").size(), 5u);
  EXPECT_EQ(h5.metadata.get_double("sim.dose_e_per_A2"), 1e5);
  ASSERT_EQ(h5.atom_models.count("truth"), 1u);
  EXPECT_EQ(h5.atom_models.at("truth").size(), 2u);

  // Same seed, same bytes.
  const std::string again = test::read_text(dir / "s.h5"), mrc_bytes = test::read_text(dir / "s.mrc");
  ASSERT_EQ(run(dir, args).rc, 0);
  EXPECT_EQ(test::read_text(dir / "s.h5"), again);
  EXPECT_EQ(test::read_text(dir / "s.mrc"), mrc_bytes);
}

TEST(SimulateCli, BadInputIsOneLineError) {
  test::TempDir dir;
  write_model(dir);
  test::write_text(dir / "empty.xyz", "0\nProperties=species:S:1:pos:R:3\n");
  const std::string model = " --model " + (dir / "m.xyz").string() + " --out " + (dir / "s").string();
  for (const auto& [args, words] : std::vector<std::pair<std::string, std::string>>{
           {"simulate --model " + (dir / "empty.xyz").string() + " --out " + (dir / "s").string(), "empty"},
           {"simulate" + model + " --dose 0", "dose"},
           {"simulate" + model + " --tilt-range -95 95", "tilt range"},
           {"simulate" + model + " --pixel 0", "pixel size"},
           {"simulate" + model + " --pixel -1", "pixel size"},
           {"simulate" + model + " --order random", "tilt order"},
           {"simulate" + model + " --preset nope", "preset"},
       }) {
    const test::CliRun r = run(dir, args);
    EXPECT_NE(r.rc, 0) << args;
    EXPECT_NE(r.err.find(words), std::string::npos) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "s.mrc"));
  EXPECT_FALSE(std::filesystem::exists(dir / "s.h5"));
}

}  // namespace
}  // namespace aet
