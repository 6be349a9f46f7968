// Building the ground-truth particles of the paper (models/): the PB preset
// (12k atoms) and the others, throughput in atoms/s.
#include <benchmark/benchmark.h>

#include "models/presets.hpp"

namespace {

void BM_BuildPreset(benchmark::State& state, const char* name) {
  const auto config = aet::models::preset(name);
  std::size_t atoms = 0;
  for (auto _ : state) {
    const auto model = aet::models::build_particle(config, 1u);
    atoms = model.size();
    benchmark::DoNotOptimize(model.positions().data());
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(atoms));
  state.counters["atoms"] = double(atoms);
}
BENCHMARK_CAPTURE(BM_BuildPreset, pb, "pb")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BuildPreset, epb, "epb")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BuildPreset, to, "to")->Unit(benchmark::kMillisecond);

}  // namespace
