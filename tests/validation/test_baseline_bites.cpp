// The regression check bites: a deliberately worse pipeline (no denoising,
// a tenth of the RESIRE iterations) on the small truncated octahedron fails
// `aetbench baseline check`, exits 1 and names the metrics that fell.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "pipeline/pipeline.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

TEST(BaselineBites, AWorsePipelineFailsTheCheckAndNamesWhatFell) {
  test::TempDir dir;
  const auto json_path = dir / "check.json";
  const auto r = test::run_aetbench(dir, "baseline check --baselines " + std::string(AET_BASELINES_DIR) +
                                             " --case small-to --no-denoise --no-refine --iterations 10 --out " +
                                             json_path.string());
  EXPECT_EQ(r.rc, 1);
  const auto at = r.err.find("aetbench: error: baseline check: ");
  ASSERT_NE(at, std::string::npos) << r.err;
  const std::string line = r.err.substr(at, r.err.find('\n', at) - at);
  EXPECT_NE(r.out.find("REGRESSION"), std::string::npos) << r.out;
  // The JSON says the same as the error line: every metric it calls a
  // regression is named there.
  std::ifstream in(json_path);
  const auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j["cases"].size(), 1u);
  std::set<std::string> fell;
  for (const auto& m : j["cases"][0]["metrics"])
    if (m["verdict"] == "REGRESSION") fell.insert(m["metric"].get<std::string>());
  EXPECT_FALSE(fell.empty());
  EXPECT_EQ(j["regressions"].get<std::size_t>(), fell.size());
  for (const auto& m : fell) EXPECT_NE(line.find("small-to " + m), std::string::npos) << m << ": " << line;
  // Without denoising or angular refinement and with 10 iterations from
  // zero the atoms are placed worse and the reconstruction fits worse: RMSD
  // and R both rise far beyond their measured tolerances.
  EXPECT_TRUE(fell.count("rmsd_pm")) << line;
  EXPECT_TRUE(fell.count("r_factor")) << line;
  // The parameters it ran with are reported beside the table.
  const int iterations = pipeline::default_pipeline_config().recon.stop.iterations;
  EXPECT_NE(r.out.find("iterations: " + std::to_string(iterations) + " -> 10"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace aet
