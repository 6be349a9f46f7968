// The whole chain on a small truncated octahedron whose truth is known:
// build → simulate → pipeline (no truth) → score.
#include "validation/demo.hpp"

#include <gtest/gtest.h>

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
}

}  // namespace
}  // namespace aet::validation
