// aetbench build: presets written as extended XYZ and HDF5, the same seed
// giving the same bytes, bad parameters as one-line errors with no output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <sys/wait.h>

#include "cli_run.hpp"
#include "core/io.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

test::CliRun build(const test::TempDir& dir, const std::string& args) {
  return test::run_aetbench(dir, "build " + args);
}

TEST(CliBuild, HelpListsEveryParameterWithUnits) {
  test::TempDir dir;
  const auto run = test::run_aetbench(dir, "build --help");
  ASSERT_EQ(run.rc, 0);
  const std::string help = run.out;
  for (const char* opt : {"--shape", "--interface", "--seed", "--facet111", "--core-facet100", "--twin-angles",
                          "--sigma", "--euler", "--isolated-pd", "--lattice", "Å", "deg"})
    EXPECT_NE(help.find(opt), std::string::npos) << opt;
}

TEST(CliBuild, WritesXyzAndHdf5Deterministically) {
  test::TempDir dir;
  const auto a = dir / "a.xyz", b = dir / "b.xyz", h = dir / "a.h5";
  ASSERT_EQ(build(dir, "--shape epb --seed 5 --out " + a.string()).rc, 0);
  ASSERT_EQ(build(dir, "--shape epb --seed 5 --out " + b.string()).rc, 0);
  EXPECT_EQ(test::read_text(a), test::read_text(b));
  const test::CliRun r = build(dir, "--shape to --interface 2 --out " + h.string());
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("wrote"), std::string::npos);  // progress on stderr
  const AtomModel m = load_atom_model(h);
  EXPECT_GT(m.size(), 8000u);
  EXPECT_EQ(*m.metadata().get("model_interface_width_A"), "2");
  EXPECT_TRUE(m.has_column("strain"));
}

TEST(CliBuild, BadParametersAreOneLineErrors) {
  test::TempDir dir;
  const auto out = dir / "x.xyz";
  for (const std::string args : {"--shape cube", "--shape pb --interface -4.2", "--shape to --core-facet111 40",
                                 "--shape pb --twin-angles 72,72,72,72,73", "--shape epb --lattice 0"}) {
    const test::CliRun r = build(dir, args + " --out " + out.string());
    EXPECT_NE(r.rc, 0) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << args;
  }
}

}  // namespace
}  // namespace aet
