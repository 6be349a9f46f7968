// The field of view a model needs (sim/field_of_view.hpp), and `aetbench
// simulate` choosing it, refusing a --size that cuts atoms, and recording
// the clipping it was told to allow.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "cli_run.hpp"
#include "core/emd.hpp"
#include "core/mrc.hpp"
#include "core/xyz.hpp"
#include "sim/field_of_view.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

/// Two atoms on the x axis, `half_A` either side of the origin.
AtomModel pair_model(double half_A) {
  AtomModel m;
  m.add_atom("Pt", Vec3(-half_A, 0, 0));
  m.add_atom("Pd", Vec3(half_A, 0, 0));
  return m;
}

TEST(FieldOfView, ImageHoldsTheBoundingSphereAndTheMargin) {
  const sim::FieldOfViewRule rule;
  const double pixel = 0.343;
  for (const double half : {5.0, 20.0, 41.5}) {
    const int px = sim::fitting_image_px(pair_model(half), pixel, rule);
    EXPECT_EQ(px % rule.multiple_px, 0) << px;
    EXPECT_GE(px * pixel, 2 * half + 2 * rule.margin_A) << "half " << half;
    // The smallest such multiple, not more.
    EXPECT_LT((px - rule.multiple_px) * pixel, std::max(2 * half + 2 * rule.margin_A, rule.min_px * pixel))
        << "half " << half;
  }
}

TEST(FieldOfView, FittingSizeCutsNoAtomAndASmallerOneCutsThemAtHighTilt) {
  sim::SimConfig c = sim::ideal_preset();
  c.tilts.min_deg = -76, c.tilts.max_deg = 76, c.tilts.n_tilts = 5;
  // Along z: projected to u = z sin(t), cut only at high tilt.
  AtomModel m;
  m.add_atom("Pt", Vec3(0, 0, -30));
  m.add_atom("Pt", Vec3(0, 0, 30));
  c.nx = c.ny = sim::fitting_image_px(m, c.pixel_A);
  EXPECT_EQ(sim::clipped_atoms(m, c).worst(), 0u);
  c.nx = c.ny = 128;  // 43.9 Å: holds the atoms at 0° (u = 0), not at ±38° or ±76°
  const sim::Clipping clip = sim::clipped_atoms(m, c);
  ASSERT_EQ(clip.atoms_outside.size(), 5u);
  // Half the image less the 1.5 Å edge: 20.45 Å.
  EXPECT_EQ(clip.atoms_outside[0], 2u);  // -76°: |u| = 29.1 Å
  EXPECT_EQ(clip.atoms_outside[1], 0u);  // -38°: |u| = 18.5 Å
  EXPECT_EQ(clip.atoms_outside[2], 0u);  // 0°: u = 0
  EXPECT_EQ(clip.atoms_outside[4], 2u);  // +76°
  EXPECT_EQ(clip.tilts_clipped(), 2u);
}

test::CliRun run(const test::TempDir& dir, const std::string& args) { return test::run_aetbench(dir, args); }

TEST(FieldOfView, SimulateSizesImagesFromTheModel) {
  test::TempDir dir;
  write_xyz(dir / "m.xyz", pair_model(20.0));
  const test::CliRun r = run(dir, "simulate --model " + (dir / "m.xyz").string() + " --out " + (dir / "s").string() +
                                      " --preset ideal --tilts 3 --frames 1");
  ASSERT_EQ(r.rc, 0) << r.err;
  const MrcData mrc = read_mrc(dir / "s.mrc");
  EXPECT_EQ(mrc.nx, sim::fitting_image_px(pair_model(20.0), 0.343));
  EXPECT_EQ(mrc.ny, mrc.nx);
}

TEST(FieldOfView, SimulateRefusesASizeThatCutsAtoms) {
  test::TempDir dir;
  // 40 Å apart along the tilt axis (v = y at every tilt): 64 px of 0.343 Å
  // (22 Å) cut both at every tilt.
  AtomModel m;
  m.add_atom("Pt", Vec3(0, -20, 0));
  m.add_atom("Pd", Vec3(0, 20, 0));
  write_xyz(dir / "m.xyz", m);
  const std::string base = "simulate --model " + (dir / "m.xyz").string() + " --out " + (dir / "s").string() +
                           " --preset ideal --tilts 3 --frames 1 --size 64";
  const test::CliRun r = run(dir, base);
  EXPECT_EQ(r.rc, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("aetbench: error: --size 64x64"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--allow-clipping"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "s.mrc"));

  const test::CliRun allowed = run(dir, base + " --allow-clipping");
  ASSERT_EQ(allowed.rc, 0) << allowed.err;
  EXPECT_NE(allowed.err.find("warning"), std::string::npos) << allowed.err;
  const EmdFile h5 = read_emd(dir / "s.h5");
  EXPECT_EQ(h5.metadata.get_int("fov.tilts_clipped"), 3);
  EXPECT_EQ(h5.metadata.get_int("fov.atoms_clipped_max"), 2);
}

}  // namespace
}  // namespace aet
