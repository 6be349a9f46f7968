// The whole chain on a small truncated octahedron whose truth is known:
// build → simulate → pipeline (no truth) → score.
#include "validation/demo.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "pipeline/pipeline.hpp"
#include "validation/score.hpp"

#include <cmath>
#include <cstdio>

#include <string>

namespace aet::validation {
namespace {

TEST(Demo, IdealAcquisitionIsTracedExactly) {
  // No noise, thermal motion, film or misalignment: every atom must be found
  // with its species. The residual error is the reconstruction's (finite
  // iterations, missing wedge) and the fit's: measured 2.5 pm at 100
  // iterations; 5 pm bounds it at 60.
  DemoConfig c;
  c.ideal = true;
  c.image_px = 80;
  c.iterations = 60;
  c.refine_angles = false;
  const DemoResult r = run_demo(c);
  EXPECT_EQ(r.score.recall, 1.0);
  EXPECT_EQ(r.score.precision, 1.0);
  EXPECT_LT(r.score.rmsd_shift_removed_A, 0.05);
  EXPECT_EQ(r.score.species_accuracy, 1.0);
  EXPECT_TRUE(r.report.contains("score"));
  // The paper's measurements on both: with every atom found within 5 pm the
  // mean bond length agrees to well under 0.01 Å.
  ASSERT_TRUE(r.report.contains("analysis"));
  const auto& bond = r.report["analysis"]["mean_bond_length_A"];
  ASSERT_TRUE(bond["difference"].is_number());
  EXPECT_LT(std::fabs(bond["difference"].get<double>()), 0.01);
  EXPECT_EQ(r.report["analysis"]["grains"]["difference"].get<double>(), 0.0);
}

// The bar at the paper's acquisition (dose 6.4e5 e/Å², +-76 deg, film,
// thermal motion, misalignment): recall and precision >= 0.99, RMSD <= 20 pm,
// species >= 0.97, on a small TO, a small decahedron (five twins), and the
// lattice-free icosahedron and amorphous particle.
// Measured with seeds 1-3 (aetbench sweep).
DemoResult expect_paper_bar(const std::string& particle) {
  DemoConfig c;
  c.particle = particle;
  c.seed = 1;
  DemoResult r = run_demo(c);
  EXPECT_GE(r.score.recall, 0.99) << particle;
  EXPECT_GE(r.score.precision, 0.99) << particle;
  EXPECT_LE(r.score.rmsd_shift_removed_A, 0.20) << particle;
  EXPECT_GE(r.score.species_accuracy, 0.97) << particle;
  // A correct run says so: R within the noise's allowance, no edge warning.
  EXPECT_EQ(r.report["status"], "ok") << particle << " " << r.report["status_reasons"].dump();
  return r;
}

// The run's frame (docs/conventions.md): report.json's frame maps the traced
// atoms into the frame of the images as given, which for a simulated series
// is off the truth's by the least-squares 3D mean of the simulated shifts
// (demo.images_frame_offset_A; no image shows it). Mapped, the atoms' mean
// shift from the truth is that mean: measured (-0.267, -0.108, -0.310) Å
// against (-0.268, -0.110, -0.305) Å, 0.006 Å apart; bound 0.05 Å, ~ten
// times that (the mean of 225 atoms' 3 pm errors is ~0.2 pm; the rest is
// the refined shifts' error). Without the offset the atoms would be 0.47 Å
// off that mean, with it negated 0.9 Å.
TEST(Demo, SmallTruncatedOctahedronAtPaperDoseMeetsTheBar) {
  const DemoResult r = expect_paper_bar("small-to");
  const Vec3 images = pipeline::atom_frame(r.simulation.frames).offset_A;
  const auto& e = r.report["demo"]["images_frame_offset_A"];
  ASSERT_EQ(e.size(), 3u);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(e[std::size_t(k)].get<double>(), images[k]);
  ScoreOptions keep;
  keep.remove_mean_shift = false;
  const ScoreReport s = score_atoms(r.truth, pipeline::in_input_frame(r.pipeline.atoms, r.pipeline.frame), keep);
  ASSERT_EQ(s.matched, r.truth.size());
  const Vec3 residual = s.mean_shift_A - images;
  std::printf("frame offset (%.3f, %.3f, %.3f) Å; mapped atoms' mean shift (%.3f, %.3f, %.3f) Å; the simulated "
              "shifts' 3D mean (%.3f, %.3f, %.3f) Å; %.3f Å apart\n",
              r.pipeline.frame.offset_A.x(), r.pipeline.frame.offset_A.y(), r.pipeline.frame.offset_A.z(),
              s.mean_shift_A.x(), s.mean_shift_A.y(), s.mean_shift_A.z(), images.x(), images.y(), images.z(),
              residual.norm());
  EXPECT_TRUE(residual.norm() <= 0.05);
}

TEST(Demo, SmallDecahedronAtPaperDoseMeetsTheBar) { expect_paper_bar("small-decahedron"); }

// The pipeline assumes no lattice: a Mackay icosahedron (twenty strained
// tetrahedra) and an amorphous packing trace as well as the fcc particle.
TEST(Demo, SmallIcosahedronAtPaperDoseMeetsTheBar) { expect_paper_bar("small-ico"); }

TEST(Demo, SmallAmorphousParticleAtPaperDoseMeetsTheBar) { expect_paper_bar("small-amorphous"); }

// Low dose: at a tenth of the paper's dose the reconstruction grows a ghost
// shell of dim peaks outside the surface, which the classifier's non-atom
// test must catch (they were a third of the traced atoms, all called Pd,
// and moved the interface thicknesses by up to 1.9 Å), and the labels must
// not read the neighbours' tails (the 7^3 box integral read 3 of small-to's
// 225 and 14 of the small decahedron's 307 wrong at a tenth of the dose,
// seed 1; the joint blob fit 1 and 0). Bars: no false atom beyond 0.2 % of
// the atoms, recall 1, species >= 0.99, and the thicknesses within the
// issue's 0.3 Å of the truth's: measured with the fit (seed 1, x0.1 and
// x0.25) paper's definition +0.05, -0.01 (small-to), -0.01, -0.12 (small
// decahedron); true distance -0.01, -0.00 (small-to). The small decahedron's
// true-distance figure is not held: it rests on a 58-atom core whose fit
// collapses towards a step (0.49 Å on the truth for a built 2 Å), and the
// truth's own figure moves by -0.48..+0.03 Å with its atoms moved by the
// traced RMSD (score --sensitivity). One seed (the README's low-dose table
// has three).
void expect_low_dose_bar(const std::string& particle, double dose_factor, bool true_distance) {
  DemoConfig c;
  c.particle = particle;
  c.seed = 1;
  c.dose_factor = dose_factor;
  const DemoResult r = run_demo(c);
  std::size_t false_atoms = 0;
  for (const auto& shell : r.score.by_depth) false_atoms += shell.false_atoms;
  EXPECT_LE(double(false_atoms), 0.002 * double(r.score.truth_atoms)) << particle << " " << dose_factor;
  EXPECT_GE(r.score.recall, 0.997) << particle << " " << dose_factor;
  EXPECT_GE(r.score.species_accuracy, 0.99) << particle << " " << dose_factor;
  EXPECT_EQ(r.report["status"], "ok") << particle << " " << dose_factor << " " << r.report["status_reasons"].dump();
  const auto& a = r.report["analysis"];
  ASSERT_TRUE(a["interface/thickness_A"]["difference"].is_number()) << particle << " " << dose_factor;
  EXPECT_LE(std::fabs(a["interface/thickness_A"]["difference"].get<double>()), 0.3) << particle << " " << dose_factor;
  if (true_distance) {
    ASSERT_TRUE(a["interface/thickness_true_A"]["difference"].is_number());
    EXPECT_LE(std::fabs(a["interface/thickness_true_A"]["difference"].get<double>()), 0.3)
        << particle << " " << dose_factor;
  }
}

TEST(Demo, SmallTruncatedOctahedronAtLowDoseHasNoFalseSurfaceAtoms) {
  expect_low_dose_bar("small-to", 0.1, true);
  expect_low_dose_bar("small-to", 0.25, true);
}

TEST(Demo, SmallDecahedronAtLowDoseHasNoFalseSurfaceAtoms) {
  expect_low_dose_bar("small-decahedron", 0.1, false);
  expect_low_dose_bar("small-decahedron", 0.25, false);
}

// Where the 0.3 Å bar is testable: the 1,403-atom medium decahedron, whose
// interface holds enough atoms that the truth's own estimate does not move
// by that much under the traced RMSD (on the ~300-atom presets above it
// does, by up to 1.7 Å). Measured, seed 1: paper's definition +0.15 (x0.1)
// and +0.06 (x0.25), true distance -0.07 and -0.02 Å; three seeds in the
// README. About 20 s a dose.
TEST(Demo, MediumDecahedronAtLowDoseHoldsBothThicknesses) {
  expect_low_dose_bar("medium-decahedron", 0.1, true);
  expect_low_dose_bar("medium-decahedron", 0.25, true);
}

// The case the non-atom tests miss: small-amorphous at a tenth of the dose,
// seed 2, keeps two false Pd (one on the outermost layer: 0.30 % of 330,
// over the 0.2 % bar) whose peak heights and fitted amplitudes in the
// volume lie among the true Pd's. Their amplitudes in the undenoised
// images do not (measured 0.03 and 0.42 of the Pd median; the true Pd of
// the 24 low-dose points 0.54 and up): with --support-min 0.5 both go and
// no true atom does. Without it the same run keeps both (the control).
TEST(Demo, AmorphousAtATenthOfTheDoseLosesItsFalseAtomsToProjectionSupport) {
  DemoConfig c;
  c.particle = "small-amorphous";
  c.seed = 2;
  c.dose_factor = 0.1;
  pipeline::PipelineConfig p = demo_pipeline_config(c);
  p.projection_support = true;
  c.pipeline = p;
  const DemoResult kept = run_demo(c);
  std::size_t false_kept = 0;
  for (const auto& shell : kept.score.by_depth) false_kept += shell.false_atoms;
  p.support.min_fraction = 0.5;
  c.pipeline = p;
  const DemoResult r = run_demo(c);
  std::size_t false_atoms = 0;
  for (const auto& shell : r.score.by_depth) false_atoms += shell.false_atoms;
  std::printf("false atoms: %zu without the floor, %zu with it (%zu removed); recall %.4f\n", false_kept, false_atoms,
              r.pipeline.projection_support->removed, r.score.recall);
  EXPECT_GE(false_kept, 1u);
  EXPECT_EQ(false_atoms, 0u);
  EXPECT_EQ(r.score.recall, 1.0);
  EXPECT_EQ(r.pipeline.projection_support->removed, false_kept);
  EXPECT_GE(r.score.species_accuracy, 0.99);
}

TEST(Demo, NoiseRealisationsGiveErrorBars) {
  // Two noise realisations of one truth (a short reconstruction: the spread,
  // not the accuracy, is under test): the summary's mean and sample sd are
  // those of the two runs, and two noise draws do not trace identically.
  DemoConfig c;
  c.iterations = 20;
  c.refine_angles = false;
  const DemoResult first = run_demo(c);
  const nlohmann::json r = run_realisations(c, first, 2);
  EXPECT_EQ(r["count"], 2);
  EXPECT_EQ(r["noise_seeds"], (nlohmann::json{1, 2}));
  const auto& rmsd = r["summary"]["score"]["rmsd_shift_removed_A"];
  ASSERT_EQ(rmsd["n"], 2);
  const double a = first.score.rmsd_shift_removed_A, mean = rmsd["mean"].get<double>();
  const double b = 2 * mean - a, sd = rmsd["sd"].get<double>();
  EXPECT_GT(sd, 0.0);
  EXPECT_LE(std::fabs(sd - std::fabs(a - b) / std::sqrt(2.0)), 1e-12) << a << " " << b << " " << sd;
  EXPECT_EQ(r["summary"]["r_factor"]["n"], 2);
  EXPECT_THROW(run_realisations(c, first, 1), Error);
}

}  // namespace
}  // namespace aet::validation
