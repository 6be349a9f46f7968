// The run's status (pipeline/status.hpp): "suspect" for an R-factor far
// above what the noise allows, or a particle at the image edge; else "ok".
#include "pipeline/status.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace aet::pipeline {
namespace {

recon::Reconstruction with_r(double r, double expected) {
  recon::Reconstruction rec;
  rec.report.r_factor = r;
  rec.noise.expected_r_factor = expected;
  return rec;
}

bool has_reason(const RunStatus& s, const std::string& code) {
  for (const auto& reason : s.reasons)
    if (reason.rfind(code + ":", 0) == 0) return true;
  return false;
}

TEST(RunStatus, RFactorFarAboveTheNoiseIsSuspect) {
  const StatusOptions o;
  const recon::EdgeCheck clear{{}, 10};
  // Just under and just over the limit, R above the floor.
  const double e = 0.2;
  EXPECT_TRUE(assess_run(with_r(0.99 * o.max_r_ratio * e, e), clear, o).ok());
  const RunStatus over = assess_run(with_r(1.01 * o.max_r_ratio * e, e), clear, o);
  EXPECT_EQ(over.status, "suspect");
  EXPECT_TRUE(has_reason(over, "r_factor"));
  EXPECT_TRUE(over.r_ratio > o.max_r_ratio);
  // A NaN R-factor is no success.
  EXPECT_FALSE(assess_run(with_r(std::numeric_limits<double>::quiet_NaN(), e), clear, o).ok());
}

TEST(RunStatus, LowRFactorIsNeverSuspectOnItsRatio) {
  // Nearly noiseless images: R far above the noise's in ratio, but under the
  // floor that a correct run's unexplained signal stays below.
  const StatusOptions o;
  const RunStatus s = assess_run(with_r(0.5 * o.min_r_factor, 0.001), recon::EdgeCheck{{}, 10}, o);
  EXPECT_TRUE(s.ok()) << (s.reasons.empty() ? "" : s.reasons.front());
  EXPECT_GT(s.r_ratio, o.max_r_ratio);
}

TEST(RunStatus, ParticleAtTheEdgeIsSuspect) {
  const RunStatus s = assess_run(with_r(0.1, 0.1), recon::EdgeCheck{{3, 4}, 10});
  EXPECT_EQ(s.status, "suspect");
  ASSERT_EQ(s.reasons.size(), 1u);
  EXPECT_TRUE(has_reason(s, "particle_at_edge"));
  StatusOptions off;
  off.flag_edge = false;
  EXPECT_TRUE(assess_run(with_r(0.1, 0.1), recon::EdgeCheck{{3, 4}, 10}, off).ok());
}

}  // namespace
}  // namespace aet::pipeline
