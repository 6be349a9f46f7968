// Projector + back-projector throughput in voxel-projections per second:
// one Π and one Πᵀ of an n³ volume against 67 tilts (-66°..66°, 2°) count
// n³ · 67 · 2 voxel-projections (the work of one RESIRE/SIRT iteration).
// Args: n, threads.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <vector>

#include "recon/projector.hpp"

namespace {

aet::recon::ProjectionGeometry geometry(int n) {
  std::vector<double> tilts;
  for (int a = 0; a < 67; ++a) tilts.push_back(-66.0 + 2.0 * a);
  aet::recon::ProjectionGeometry g;
  g.volume = {n, n, n, 1.0};
  g.ny = n;
  g.nx = n;
  g.pixel_A = 1.0;
  g.tilts = aet::TiltGeometry::from_tilts(tilts);
  return g;
}

void run(benchmark::State& state, aet::recon::ProjectorPath path) {
  const int n = int(state.range(0));
  const int threads = int(state.range(1));
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  const auto g = geometry(n);
  auto op = aet::recon::make_projector(g, path);
  std::vector<float> vol(op->volume_size(), 1.0f), proj(op->projection_size(), 0.0f);
  for (auto _ : state) {
    op->forward(vol, proj);
    op->adjoint(proj, vol);
    benchmark::DoNotOptimize(vol.data());
    benchmark::ClobberMemory();
  }
  const double vp = double(n) * n * n * double(g.nt()) * 2.0;
  state.SetItemsProcessed(std::int64_t(double(state.iterations()) * vp));
  state.counters["voxel_projections_per_s"] =
      benchmark::Counter(vp * double(state.iterations()), benchmark::Counter::kIsRate);
  omp_set_num_threads(saved);
}

void BM_ProjectBackprojectSingleAxis(benchmark::State& state) { run(state, aet::recon::ProjectorPath::SingleAxis); }
BENCHMARK(BM_ProjectBackprojectSingleAxis)
    ->Args({128, 1})
    ->Args({128, 2})
    ->Args({256, 1})
    ->Args({256, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ProjectBackprojectGeneral(benchmark::State& state) { run(state, aet::recon::ProjectorPath::General); }
BENCHMARK(BM_ProjectBackprojectGeneral)->Args({128, 1})->Args({128, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
