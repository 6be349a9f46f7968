// The run report's error overlay against the truth, on a run whose images
// were turned (report.json frame.rotation): the overlay must compare the
// atoms with the truth as the score does, mapped back through the frame.
#include <gtest/gtest.h>

#include <algorithm>

#include "lattices.hpp"
#include "test_util.hpp"
#include "pipeline/pipeline.hpp"
#include "recon/tilt_axis.hpp"
#include "validation/run_report.hpp"
#include "validation/score.hpp"

namespace aet::validation {
namespace {

// The error overlay of a run whose images were turned: its atoms are in the
// tilt axis's frame, the truth in the input's. A perfect trace, turned by 5°
// and moved, shows no error once mapped back as the score maps it; compared
// where they lie, the outer atoms (r ~ 10 Å) would be off by r sin 5° ~ 0.9 Å.
TEST(RunReportFrame, ErrorOverlayMapsTurnedAtomsBackAsTheScoreDoes) {
  const AtomModel truth = test::model_of(test::fcc_ball(test::kA, 10.0));
  pipeline::AtomFrame frame;
  frame.name = "tilt-axis";
  frame.rotation = recon::axis_frame_rotation(5.0);
  frame.offset_A = Vec3(0.4, -0.3, 0.2);
  pipeline::PipelineResult run;
  run.atoms = truth;
  for (auto& p : run.atoms.positions()) p = frame.rotation.transpose() * (p - frame.offset_A);
  const ScoreReport score = score_atoms(truth, pipeline::in_input_frame(run.atoms, frame));
  ASSERT_EQ(score.matched, truth.size());
  RunReportInput in;
  in.result = &run;
  in.truth = &truth;
  in.score = &score;
  in.scored_frame = frame;
  const auto errors = position_errors_pm(in);
  ASSERT_EQ(errors.size(), truth.size());
  for (double e : errors) EXPECT_TRUE(e <= 0.01) << e;  // an exact trace: float rounding only
  // The same atoms compared where they lie: the overlay's fault before.
  in.scored_frame = {};
  test::Worst worst;
  for (double e : position_errors_pm(in)) worst.add(e);
  EXPECT_GT(worst.value(), 50.0);
}

}  // namespace
}  // namespace aet::validation
