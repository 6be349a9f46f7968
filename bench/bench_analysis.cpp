// Full analysis (every measurement of analysis/analyze) of the paper-scale
// PB: the published reference model data/reference/PB.xyz (12038 atoms). Target: <= 10 s on 2 cores (OMP_NUM_THREADS=2).
// Throughput in atoms/s; per-step times as counters (seconds).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "analysis/analyze.hpp"
#include "core/xyz.hpp"

namespace {

void BM_AnalyzeReferencePB(benchmark::State& state) {
  const aet::AtomModel model = aet::read_xyz(std::filesystem::path(AET_DATA_DIR) / "reference" / "PB.xyz");
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
