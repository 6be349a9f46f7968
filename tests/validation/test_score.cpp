#include "validation/score.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_on_sphere.hpp>

#include <cmath>
#include <cstdlib>
#include <map>

#include "core/error.hpp"
#include "core/xyz.hpp"
#include "models/columns.hpp"
#include "models/particle.hpp"
#include "sim/simulate.hpp"
#include "models/presets.hpp"
#include "test_util.hpp"

namespace aet::validation {
namespace {

/// A simple cubic grid of 4^3 atoms 2.8 Å apart, every third one Pd.
AtomModel grid_model() {
  AtomModel m;
  for (int x = 0; x < 4; ++x)
    for (int y = 0; y < 4; ++y)
      for (int z = 0; z < 4; ++z) m.add_atom((x + y + z) % 3 ? "Pt" : "Pd", 2.8 * Vec3(x, y, z));
  return m;
}

/// A ~300-atom truncated octahedron; it carries the depth_A column.
AtomModel small_to() { return models::build_particle(models::preset("small-to"), 1); }

double depth(const AtomModel& m, std::size_t a) { return m.real(std::string(models::columns::kDepth), a); }

TEST(Score, IdenticalModelsScorePerfectly) {
  const AtomModel t = grid_model();
  const auto r = score_atoms(t, t);
  EXPECT_EQ(r.matched, 64u);
  EXPECT_EQ(r.recall, 1.0);
  EXPECT_EQ(r.precision, 1.0);
  EXPECT_EQ(r.rmsd_A, 0.0);
  EXPECT_EQ(r.species_accuracy, 1.0);
}

TEST(Score, KnownDisplacementsGiveTheirRmsd) {
  // Every atom moved by exactly 0.1 Å in a random direction: RMSD 0.1 Å as
  // traced; the mean shift of random directions is small but not zero, so
  // the shift-removed RMSD is at most 0.1 Å.
  const AtomModel t = grid_model();
  AtomModel g = t;
  boost::random::mt19937 rng(3);
  boost::random::uniform_on_sphere<double> dir(3);
  for (auto& p : g.positions()) {
    const auto d = dir(rng);
    p += 0.1 * Vec3(d[0], d[1], d[2]);
  }
  ScoreOptions o;
  o.remove_mean_shift = false;
  const auto r = score_atoms(t, g, o);
  EXPECT_TRUE(test::near(r.rmsd_A, 0.1, 1e-12));
  EXPECT_TRUE(test::near(r.max_error_A, 0.1, 1e-12));
  const auto s = score_atoms(t, g);
  EXPECT_LE(s.rmsd_shift_removed_A, 0.1 + 1e-12);
  EXPECT_GT(s.rmsd_shift_removed_A, 0.09);
}

TEST(Score, GlobalShiftIsReportedAndRemoved) {
  const AtomModel t = grid_model();
  AtomModel g = t;
  for (auto& p : g.positions()) p += Vec3(0.6, -0.2, 0.0);
  const auto r = score_atoms(t, g);
  EXPECT_EQ(r.recall, 1.0);
  EXPECT_TRUE(test::near(r.rmsd_A, std::sqrt(0.4), 1e-12));
  EXPECT_TRUE(test::near(r.rmsd_shift_removed_A, 0.0, 1e-12));
  EXPECT_TRUE(test::near(r.mean_shift_A.x(), 0.6, 1e-12));
  EXPECT_TRUE(test::near(r.mean_shift_A.y(), -0.2, 1e-12));
}

TEST(Score, ShiftLargerThanTheMatchRadiusIsFound) {
  // Alignment by centre of mass can move a whole model by more than the
  // 1 Å match radius: the centroid difference finds it.
  const AtomModel t = grid_model();
  AtomModel g = t;
  for (auto& p : g.positions()) p += Vec3(-0.83, -1.14, 0.11);
  const auto r = score_atoms(t, g);
  EXPECT_EQ(r.recall, 1.0);
  EXPECT_TRUE(test::near(r.rmsd_shift_removed_A, 0.0, 1e-12));
  EXPECT_TRUE(test::near(r.mean_shift_A.y(), -1.14, 1e-12));
}

TEST(Score, MissingExtraAndWrongSpecies) {
  const AtomModel t = grid_model();
  AtomModel g;
  for (std::size_t a = 0; a < t.size(); ++a) {
    if (a % 8 == 0) continue;  // 8 of 64 missed
    g.add_atom(t.species()[a], t.positions()[a]);
  }
  g.add_atom("Pt", Vec3(20, 20, 20));  // spurious, far from any true atom
  g.add_atom("Pt", Vec3(-5, 0, 0));
  // Swap the species of the first two matched Pd.
  int swapped = 0;
  for (auto& s : g.species())
    if (s == "Pd" && swapped < 2) {
      s = "Pt";
      ++swapped;
    }
  const auto r = score_atoms(t, g);
  EXPECT_EQ(r.matched, 56u);
  EXPECT_DOUBLE_EQ(r.recall, 56.0 / 64.0);
  EXPECT_DOUBLE_EQ(r.precision, 56.0 / 58.0);
  EXPECT_DOUBLE_EQ(r.species_accuracy, 54.0 / 56.0);
  EXPECT_EQ(r.confusion.at("Pd").at("Pt"), 2u);
  const auto j = to_json(r);
  EXPECT_EQ(j["matched"], 56);
  EXPECT_EQ(j["confusion"]["Pd"]["Pt"], 2);
}

TEST(Score, EachTracedAtomMatchesOnce) {
  // Two traced atoms near one true atom: one match, one false positive.
  AtomModel t, g;
  t.add_atom("Pt", Vec3::Zero());
  t.add_atom("Pt", Vec3(2.8, 0, 0));
  g.add_atom("Pt", Vec3(0.1, 0, 0));
  g.add_atom("Pt", Vec3(-0.3, 0, 0));
  ScoreOptions o;
  o.remove_mean_shift = false;
  const auto r = score_atoms(t, g, o);
  EXPECT_EQ(r.matched, 1u);
  EXPECT_TRUE(test::near(r.rmsd_A, 0.1, 1e-12));
}

TEST(Score, OnlyPdMovedAlongTheBeam) {
  // Every Pd moved 0.2 Å in z, Pt untouched; f = n_Pd / n. As traced: Pd
  // errors 20 pm, Pt 0, z RMSD 20 sqrt(f) pm, none in x or y. With the mean
  // shift (0.2 f in z) removed: Pd 20 (1 - f), Pt 20 f, z 20 sqrt(f (1 - f)).
  const AtomModel t = grid_model();
  AtomModel g = t;
  for (std::size_t a = 0; a < g.size(); ++a)
    if (g.species()[a] == "Pd") g.positions()[a].z() += 0.2;
  const double f = double(t.count("Pd")) / double(t.size());
  ScoreOptions keep;
  keep.remove_mean_shift = false;
  const auto r = score_atoms(t, g, keep);
  EXPECT_TRUE(test::near(r.rmsd_by_species_A.at("Pd"), 0.2, 1e-12));
  EXPECT_TRUE(test::near(r.rmsd_by_species_A.at("Pt"), 0.0, 1e-12));
  EXPECT_TRUE(test::near(r.rmsd_by_axis_A.z(), 0.2 * std::sqrt(f), 1e-12));
  EXPECT_TRUE(test::near(r.rmsd_by_axis_A.x(), 0.0, 1e-12));
  EXPECT_TRUE(test::near(r.rmsd_by_axis_A.y(), 0.0, 1e-12));
  const auto s = score_atoms(t, g);
  EXPECT_TRUE(test::near(s.rmsd_by_species_A.at("Pd"), 0.2 * (1 - f), 1e-12));
  EXPECT_TRUE(test::near(s.rmsd_by_species_A.at("Pt"), 0.2 * f, 1e-12));
  EXPECT_TRUE(test::near(s.rmsd_by_axis_A.z(), 0.2 * std::sqrt(f * (1 - f)), 1e-12));
  EXPECT_TRUE(test::near(s.rmsd_by_axis_A.x(), 0.0, 1e-12));
  // The axis breakdown adds up to the total.
  EXPECT_TRUE(test::near(s.rmsd_by_axis_A.norm(), s.rmsd_shift_removed_A, 1e-12));
  const auto j = to_json(s);
  EXPECT_TRUE(test::near(j["rmsd_by_species_pm"]["Pd"].get<double>(), 20 * (1 - f), 1e-10));
  EXPECT_TRUE(test::near(j["rmsd_by_axis_pm"]["z"].get<double>(), 20 * std::sqrt(f * (1 - f)), 1e-10));
}

TEST(Score, SurfaceAtomsRemovedLowerOnlyTheSurfaceShellsRecall) {
  const AtomModel t = small_to();
  std::vector<std::size_t> kept;
  std::size_t removed = 0, surface = 0;
  for (std::size_t a = 0; a < t.size(); ++a) {
    const bool is_surface = depth(t, a) < ShellOptions{}.surface_A;
    surface += is_surface;
    if (is_surface && a % 2 == 0)
      ++removed;
    else
      kept.push_back(a);
  }
  ASSERT_GT(removed, 10u);
  const auto r = score_atoms(t, t.subset(kept));
  EXPECT_EQ(r.shells_by, "depth_A");
  ASSERT_EQ(r.by_depth.size(), 3u);
  for (const auto& sh : r.by_depth) EXPECT_GT(sh.atoms, 0u) << sh.name;
  EXPECT_EQ(r.by_depth[0].atoms, surface);
  EXPECT_DOUBLE_EQ(r.by_depth[0].recall, double(surface - removed) / double(surface));
  EXPECT_EQ(r.by_depth[1].recall, 1.0);
  EXPECT_EQ(r.by_depth[2].recall, 1.0);
  std::size_t missed = 0;
  for (const auto& [s, n] : r.by_depth[0].missed_by_species) missed += n;
  EXPECT_EQ(missed, removed);
  EXPECT_TRUE(r.by_depth[1].missed_by_species.empty());
  for (const auto& sh : r.by_depth) {
    EXPECT_EQ(sh.precision, 1.0) << sh.name;
    EXPECT_EQ(sh.species_accuracy, 1.0) << sh.name;
    EXPECT_TRUE(test::near(sh.rmsd_A, 0.0, 1e-12)) << sh.name;
  }
}

TEST(Score, SpeciesFlippedInTheCoreLowerOnlyTheBulkShellsAccuracy) {
  const AtomModel t = small_to();
  AtomModel g = t;
  std::size_t bulk = 0, flipped = 0;
  for (std::size_t a = 0; a < g.size(); ++a) {
    if (!(depth(t, a) >= ShellOptions{}.subsurface_A)) continue;
    ++bulk;
    if (a % 3) continue;
    g.species()[a] = g.species()[a] == "Pd" ? "Pt" : "Pd";
    ++flipped;
  }
  ASSERT_GT(flipped, 5u);
  const auto r = score_atoms(t, g);
  EXPECT_EQ(r.by_depth[0].species_accuracy, 1.0);
  EXPECT_EQ(r.by_depth[1].species_accuracy, 1.0);
  EXPECT_DOUBLE_EQ(r.by_depth[2].species_accuracy, double(bulk - flipped) / double(bulk));
  for (const auto& sh : r.by_depth) EXPECT_EQ(sh.recall, 1.0) << sh.name;
  std::size_t off_diagonal = 0;
  for (const auto& [ts, row] : r.by_depth[2].confusion)
    for (const auto& [gs, n] : row) off_diagonal += ts == gs ? 0 : n;
  EXPECT_EQ(off_diagonal, flipped);
}

TEST(Score, FalseAtomsGoToTheShellOfTheirNearestTrueAtom) {
  const AtomModel t = small_to();
  AtomModel g = t;
  // Outside the particle, beyond the match radius of every true atom.
  std::size_t outer = 0;
  for (std::size_t a = 0; a < t.size(); ++a)
    if (t.positions()[a].norm() > t.positions()[outer].norm()) outer = a;
  g.add_atom("Pd", t.positions()[outer] * (1 + 2.0 / t.positions()[outer].norm()));
  const auto r = score_atoms(t, g);
  EXPECT_EQ(r.by_depth[0].false_atoms, 1u);
  EXPECT_EQ(r.by_depth[0].false_by_species.at("Pd"), 1u);
  EXPECT_DOUBLE_EQ(r.by_depth[0].precision, double(r.by_depth[0].atoms) / double(r.by_depth[0].atoms + 1));
  EXPECT_EQ(r.by_depth[2].false_atoms, 0u);
}

TEST(Score, WithoutADepthColumnShellsComeFromCoordination) {
  // The same particle without its columns: surface = CN < 10, which on an
  // fcc particle bounded by {111} and {100} facets is the facet layer the
  // depth column puts at depth 0.
  const AtomModel t = small_to();
  AtomModel bare;
  for (std::size_t a = 0; a < t.size(); ++a) bare.add_atom(t.species()[a], t.positions()[a]);
  const auto by_depth = score_atoms(t, t);
  const auto by_cn = score_atoms(bare, bare);
  EXPECT_EQ(by_cn.shells_by, "coordination");
  EXPECT_EQ(by_cn.by_depth[0].atoms, by_depth.by_depth[0].atoms);
  EXPECT_GT(by_cn.by_depth[1].atoms, 0u);
  EXPECT_GT(by_cn.by_depth[2].atoms, 0u);
  EXPECT_TRUE(std::isnan(by_cn.by_depth[0].depth_min_A));
  EXPECT_TRUE(to_json(by_cn)["by_depth"][0]["depth_min_A"].is_null());
}

TEST(Score, RigidAlignmentUndoesARotationAboutTheBeam) {
  // The truth rotated 1.5° about z (the beam at 0°) about its centroid and
  // shifted: the shift-only RMSD keeps the rotation (about 0.026 r at
  // radius r), the rigid one is exact.
  const AtomModel t = small_to();
  Vec3 c = Vec3::Zero();
  for (const auto& p : t.positions()) c += p;
  c /= double(t.size());
  const Vec3 shift(0.3, -0.2, 0.15);
  const Mat3 R = rotation_z(1.5 * M_PI / 180);
  AtomModel g = t;
  for (auto& p : g.positions()) p = R * (p - c) + c + shift;
  ScoreOptions o;
  o.rigid = true;
  const auto r = score_atoms(t, g, o);
  EXPECT_GT(r.rmsd_shift_removed_A, 0.1);
  ASSERT_TRUE(r.rigid.has_value());
  EXPECT_EQ(r.rigid->recall, 1.0);
  EXPECT_LE(r.rigid->rmsd_A, 1e-9);
  EXPECT_TRUE(test::near(r.rigid->rotation_deg, 1.5, 0.01));
  EXPECT_TRUE(test::near(r.rigid->axis.z(), 1.0, 1e-9));
  EXPECT_LE((r.rigid->shift_A - shift).norm(), 1e-9);
  const auto j = to_json(r);
  EXPECT_TRUE(test::near(j["rigid"]["rotation_deg"].get<double>(), 1.5, 0.01));
  EXPECT_LE(j["rigid"]["rmsd_pm"].get<double>(), 1e-7);
  EXPECT_FALSE(to_json(score_atoms(t, g)).contains("rigid"));
}

TEST(Score, StatusModelHasARowPerTrueAtomAndPerFalseAtom) {
  const AtomModel t = grid_model();
  AtomModel g;
  for (std::size_t a = 0; a < t.size(); ++a) {
    if (a % 8 == 0) continue;  // 8 missed
    g.add_atom(a % 9 == 1 ? (t.species()[a] == "Pd" ? "Pt" : "Pd") : t.species()[a],
               t.positions()[a] + Vec3(0.05, 0, 0));
  }
  g.add_atom("Pt", Vec3(1.4, 1.4, 1.4));  // false: 2.4 Å from its nearest true atoms
  const auto r = score_atoms(t, g);
  const AtomModel m = status_model(t, g, r);
  ASSERT_EQ(m.size(), t.size() + 1);
  std::map<std::string, std::size_t> n;
  for (const auto& s : m.column("status").strings) ++n[s];
  EXPECT_EQ(n["missed"], 8u);
  EXPECT_EQ(n["false"], 1u);
  EXPECT_EQ(n["matched"] + n["wrong-species"], r.matched);
  EXPECT_EQ(double(n["matched"]), r.species_accuracy * double(r.matched));
  // The shift is removed: the error vectors are zero.
  for (std::size_t a = 0; a < m.size(); ++a)
    EXPECT_LE(Vec3(m.real("error_A", a, 0), m.real("error_A", a, 1), m.real("error_A", a, 2)).norm(), 1e-9);
  m.validate("status");
}

TEST(Score, StatusFileOpensInAse) {
  // The external check: ASE reads the status file with every row and column.
  // Debian's own python3, where scripts/install-deps puts python3-ase (a
  // python3 earlier on the PATH, e.g. pyenv's, would not see it).
  const std::string python = "/usr/bin/python3";
  ASSERT_EQ(std::system((python + " -c 'import ase.io' >/dev/null 2>&1").c_str()), 0)
      << python << " cannot import ase (scripts/install-deps installs python3-ase)";
  const AtomModel t = grid_model();
  AtomModel g = t.subset({1, 2, 3, 5, 8, 13, 21, 34, 55});
  g.add_atom("Pd", Vec3(1.4, 1.4, 1.4));
  ScoreOptions o;
  o.remove_mean_shift = false;  // a corner subset: its centroid is far from the truth's
  const auto r = score_atoms(t, g, o);
  test::TempDir dir;
  write_xyz(dir / "status.xyz", status_model(t, g, r));
  const std::string cmd = python + " -c \"import ase.io, collections; a = ase.io.read('" + (dir / "status.xyz").string() +
                          "'); s = collections.Counter(a.arrays['status']); "
                          "print(len(a), s['matched'], s['missed'], s['false'], a.arrays['error_A'].shape[1])\" > " +
                          (dir / "ase.txt").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(test::read_text(dir / "ase.txt"), "65 9 55 1 3\n");
}

TEST(Score, ExactAtomsExplainTheImagesBetterThanJitteredOnes) {
  // A noise-free simulation (no thermal motion, film or misalignment) of a
  // small particle, scored with its own atoms (a perfect trace) and with
  // every atom moved 10 pm in a random direction: the atomic image model
  // fits the exact positions better.
  const AtomModel t = small_to();
  sim::SimConfig c = sim::ideal_preset();
  c.tilts.n_tilts = 9;
  c.tilts.frames_per_tilt = 1;
  c.nx = c.ny = 96;
  const auto series = sim::simulate(t, c, std::uint64_t(1)).series;
  AtomModel jittered = t;
  boost::random::mt19937 rng(11);
  boost::random::uniform_on_sphere<double> dir(3);
  for (auto& p : jittered.positions()) {
    const auto d = dir(rng);
    p += 0.1 * Vec3(d[0], d[1], d[2]);
  }
  const auto exact = score_against_images(t, series);
  const auto off = score_against_images(jittered, series);
  EXPECT_EQ(exact.images, 9);
  EXPECT_LT(exact.r_factor, off.r_factor);
  EXPECT_LT(exact.relative_residual, off.relative_residual);
  // Pt (Z 78) scatters more than Pd (Z 46) into the ADF detector.
  EXPECT_GT(exact.species.at("Pt").integral_px2, exact.species.at("Pd").integral_px2);
  const auto j = to_json(exact);
  EXPECT_EQ(j["r_factor"].get<double>(), exact.r_factor);
  EXPECT_THROW(score_against_images(AtomModel(), series), Error);
}

TEST(Score, RealisationsGiveMeanAndSampleSd) {
  // Three runs: recall 0.9, 1.0, 0.95 -> mean 0.95, sd 0.05; a key missing
  // from one run and a string are left out; arrays go element by element.
  const std::vector<nlohmann::json> runs{
      {{"recall", 0.9}, {"shift", {1.0, 2.0}}, {"name", "a"}, {"only_here", 1.0}, {"nested", {{"x", 1}}}},
      {{"recall", 1.0}, {"shift", {3.0, 2.0}}, {"name", "b"}, {"nested", {{"x", 1}}}},
      {{"recall", 0.95}, {"shift", {2.0, 2.0}}, {"name", "c"}, {"nested", {{"x", 1}}}}};
  const auto s = summarise_realisations(runs);
  EXPECT_TRUE(test::near(s["recall"]["mean"].get<double>(), 0.95, 1e-12));
  EXPECT_TRUE(test::near(s["recall"]["sd"].get<double>(), 0.05, 1e-12));
  EXPECT_EQ(s["recall"]["n"], 3);
  EXPECT_TRUE(test::near(s["shift"][0]["sd"].get<double>(), 1.0, 1e-12));
  EXPECT_EQ(s["shift"][1]["sd"].get<double>(), 0.0);
  EXPECT_EQ(s["nested"]["x"]["mean"].get<double>(), 1.0);
  EXPECT_FALSE(s.contains("name"));
  EXPECT_FALSE(s.contains("only_here"));
  EXPECT_THROW(summarise_realisations({}), Error);
}

TEST(Score, BadInput) {
  EXPECT_THROW(score_atoms(AtomModel(), grid_model()), Error);
  ScoreOptions o;
  o.match_radius_A = 0;
  EXPECT_THROW(score_atoms(grid_model(), grid_model(), o), Error);
  const auto r = score_atoms(grid_model(), AtomModel());
  EXPECT_EQ(r.recall, 0.0);
}

}  // namespace
}  // namespace aet::validation
