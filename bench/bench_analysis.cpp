// Full analysis (every measurement of issue 8) of the paper-scale PB: the
// published reference model ../shared/reference/PB.xyz (12038 atoms; skipped
// when absent). Target: <= 10 s on 2 cores (OMP_NUM_THREADS=2).
// Throughput in atoms/s; per-step times as counters (seconds).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "analysis/analyze.hpp"
#include "core/xyz.hpp"

namespace {

void BM_AnalyzeReferencePB(benchmark::State& state) {
  const auto path = std::filesystem::path(AET_SHARED_DIR) / "reference" / "PB.xyz";
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("reference model absent: " + path.string()).c_str());
    return;
  }
  const aet::AtomModel model = aet::read_xyz(path);
  aet::analysis::AnalysisReport report;
  for (auto _ : state) {
    report = aet::analysis::analyze(model);
    benchmark::DoNotOptimize(report.atoms);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(model.size()));
  for (const auto& [step, s] : report.timings_s) state.counters[step] = s;
}
BENCHMARK(BM_AnalyzeReferencePB)->Unit(benchmark::kSecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(false);

}  // namespace
