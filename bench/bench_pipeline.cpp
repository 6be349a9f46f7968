// The whole scored demo (build, simulate, pipeline, analyze both models,
// score) at the pipeline's defaults: the small default particle and the
// three paper-scale presets, one repetition each (a paper-scale run takes
// minutes). Every stage's wall time as a counter (seconds), and the scores,
// so that a faster schedule can be seen not to cost accuracy.
//   build/bin/bench_pipeline --benchmark_filter=small
#include <benchmark/benchmark.h>

#include <string>

#include "validation/demo.hpp"

namespace {

void run(benchmark::State& state, const std::string& particle) {
  aet::validation::DemoConfig c;
  c.particle = particle;
  c.seed = 1;
  aet::validation::DemoResult r;
  for (auto _ : state) {
    r = aet::validation::run_demo(c);
    benchmark::ClobberMemory();  // not DoNotOptimize(double    benchmark::ClobberMemory();): with GCC 12 it corrupted the value
  }
  const auto& t = r.report["timings_s"];
  for (auto it = t.begin(); it != t.end(); ++it)
    if (it.value().is_number()) state.counters[it.key()] = it.value().get<double>();
  for (auto it = t["reconstruction_steps"].begin(); it != t["reconstruction_steps"].end(); ++it)
    state.counters["recon." + it.key()] = it.value().get<double>();
  state.counters["recall"] = r.score.recall;
  state.counters["precision"] = r.score.precision;
  state.counters["rmsd_pm"] = 100.0 * r.score.rmsd_shift_removed_A;
  state.counters["species"] = r.score.species_accuracy;
  state.counters["r_factor"] = r.pipeline.reconstruction.report.r_factor;
  state.counters["atoms"] = double(r.truth.size());
}

void BM_DemoSmall(benchmark::State& s) { run(s, "small-to"); }
void BM_DemoPB(benchmark::State& s) { run(s, "pb"); }
void BM_DemoEPB(benchmark::State& s) { run(s, "epb"); }
void BM_DemoTO(benchmark::State& s) { run(s, "to"); }
BENCHMARK(BM_DemoSmall)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_DemoPB)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_DemoEPB)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_DemoTO)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
