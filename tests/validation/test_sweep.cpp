// Sweep bookkeeping: validation of the grid, the CSV table and the per-group
// summary (mean and worst over seeds). The runs themselves are the demo's
// (tests/validation/test_demo.cpp).
#include "validation/sweep.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "models/presets.hpp"

namespace aet::validation {
namespace {

SweepRun fake_run(const std::string& particle, double dose, std::uint64_t seed, double recall, double rmsd_A) {
  SweepRun r;
  r.config.particle = particle;
  r.config.dose_factor = dose;
  r.config.seed = seed;
  r.truth_atoms = 100;
  r.score.truth_atoms = 100;
  r.score.traced_atoms = 100;
  r.score.recall = recall;
  r.score.precision = 1.0;
  r.score.species_accuracy = 0.98;
  r.score.rmsd_shift_removed_A = rmsd_A;
  r.r_factor = 0.2;
  // Only the bond length is measured on both (no interface, no axis).
  const double nan = std::nan("");
  r.analysis.quantities = {{"mean_bond_length_A", 2.75, 2.75 + 0.001 * double(seed)},
                           {"interface/thickness_true_A", nan, nan},
                           {"fivefold/theta_deg", nan, 1.0}};
  return r;
}

TEST(Sweep, SummaryIsMeanAndWorstPerGroup) {
  SweepConfig c;
  c.particles = {"small-to", "small-decahedron"};
  c.dose_factors = {1.0, 0.25};
  const std::vector<SweepRun> runs{fake_run("small-to", 1.0, 1, 1.0, 0.04), fake_run("small-to", 1.0, 2, 0.96, 0.06),
                                   fake_run("small-to", 0.25, 1, 0.9, 0.1),
                                   fake_run("small-decahedron", 1.0, 1, 0.99, 0.05)};
  const auto j = sweep_json(c, runs);
  ASSERT_EQ(j["runs"].size(), 4u);
  ASSERT_EQ(j["summary"].size(), 3u);  // (to, 1), (to, 0.25), (decahedron, 1), in first-seen order
  const auto& g = j["summary"][0];
  EXPECT_EQ(g["particle"], "small-to");
  EXPECT_EQ(g["seeds"], 2);
  EXPECT_DOUBLE_EQ(g["recall"]["mean"].get<double>(), 0.98);
  EXPECT_DOUBLE_EQ(g["recall"]["worst"].get<double>(), 0.96);
  EXPECT_DOUBLE_EQ(g["rmsd_pm"]["mean"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(g["rmsd_pm"]["worst"].get<double>(), 6.0);  // worst RMSD is the largest
  EXPECT_EQ(j["summary"][1]["dose_factor"], 0.25);
  EXPECT_EQ(j["summary"][2]["particle"], "small-decahedron");

  const std::string csv = sweep_csv(runs);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);  // header + 4 runs
  EXPECT_NE(csv.find("small-to,0.25,76,1,100,100,0.9000,1.0000,10.00,0.9800,0.2000,"), std::string::npos) << csv;
  // The measurement differences close each line; none where either model lacks it.
  EXPECT_NE(csv.find("bond_diff_A,thickness_true_diff_A,theta_diff_deg\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",0.0020,,\n"), std::string::npos) << csv;  // small-to seed 2
  EXPECT_TRUE(j["runs"][0].contains("analysis"));
  EXPECT_TRUE(j["runs"][0]["analysis"]["fivefold/theta_deg"]["difference"].is_null());
}

TEST(Sweep, BadGridsAreRefusedBeforeAnyWork) {
  SweepConfig c;
  c.particles = {"small-to", "dodecahedron"};
  EXPECT_THROW(c.validate(), Error);
  c.particles = {"small-to"};
  c.seeds.clear();
  EXPECT_THROW(c.validate(), Error);
  c.seeds = {1};
  c.dose_factors = {0.0};
  EXPECT_THROW(c.validate(), Error);
  c.dose_factors = {1.0};
  c.tilt_max_deg = {95.0};
  EXPECT_THROW(c.validate(), Error);
  c.tilt_max_deg = {60.0};
  EXPECT_NO_THROW(c.validate());
  EXPECT_THROW(run_sweep([] { SweepConfig b; b.iterations = 0; return b; }()), Error);
}

TEST(Particles, NamesResolveAndUnknownNamesFail) {
  for (const auto& name : models::scored_particle_names()) EXPECT_NO_THROW(models::preset(name)) << name;
  EXPECT_TRUE(std::holds_alternative<models::DecahedronShape>(models::preset("small-decahedron").shape));
  EXPECT_THROW(models::preset("nope"), Error);
}

}  // namespace
}  // namespace aet::validation
