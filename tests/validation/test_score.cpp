#include "validation/score.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_on_sphere.hpp>

#include "core/error.hpp"
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
