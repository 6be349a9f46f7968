// Projector + back-projector throughput in voxel-projections per second:
// one Π and one Πᵀ of an n³ volume against 67 tilts (-66°..66°, 2°) count
// n³ · 67 · 2 voxel-projections (the work of one RESIRE/SIRT iteration).
// Args: n, threads.
//
// Peak memory of a RESIRE run (BM_ResirePeakMemory): every heap allocation
// of this executable is counted (operator new/delete replaced below, sizes
// from malloc_usable_size), and the peak of the bytes held from just before
// the measured images and the volume are allocated to the end of the run is
// reported, also as a multiple of (volume + tilt series) (target: at most 4).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <omp.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "recon/projector.hpp"
#include "recon/resire.hpp"

namespace {

std::atomic<long long> g_held{0}, g_peak{0};

void* counted(void* p) {
  if (!p) throw std::bad_alloc();
  const long long now = g_held.fetch_add(static_cast<long long>(malloc_usable_size(p))) +
                        static_cast<long long>(malloc_usable_size(p));
  long long peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
  return p;
}

void uncounted(void* p) noexcept {
  if (!p) return;
  g_held.fetch_sub(static_cast<long long>(malloc_usable_size(p)));
  std::free(p);
}

}  // namespace

void* operator new(std::size_t n) { return counted(std::malloc(n ? n : 1)); }
void* operator new[](std::size_t n) { return counted(std::malloc(n ? n : 1)); }
void* operator new(std::size_t n, std::align_val_t a) {
  const std::size_t al = static_cast<std::size_t>(a);
  return counted(std::aligned_alloc(al, (n + al - 1) / al * al));
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t) noexcept { uncounted(p); }
void operator delete(void* p, std::align_val_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::align_val_t) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { uncounted(p); }

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

/// One RESIRE run (power iteration for λ, then `iterations` iterations) of
/// an n³ volume against 67 tilts on 2 threads; the counters give its peak
/// heap use. Args: n, iterations.
void BM_ResirePeakMemory(benchmark::State& state) {
  const int n = int(state.range(0));
  const int iterations = int(state.range(1));
  const int saved = omp_get_max_threads();
  omp_set_num_threads(2);
  const auto g = geometry(n);
  double peak = 0;
  for (auto _ : state) {
    const long long start = g_held.load();
    g_peak.store(start);
    {
      auto op = aet::recon::make_projector(g);
      std::vector<float> measured(op->projection_size(), 1.0f), volume(op->volume_size(), 0.0f);
      aet::recon::StopCriteria stop;
      stop.iterations = iterations;
      stop.log = false;
      benchmark::DoNotOptimize(aet::recon::resire(*op, measured, volume, {}, stop));
    }
    peak = double(g_peak.load() - start);
  }
  const double volume_bytes = double(n) * n * n * sizeof(float);
  const double series_bytes = double(g.nt()) * n * n * sizeof(float);
  state.counters["peak_MiB"] = peak / (1024.0 * 1024.0);
  state.counters["volume_plus_series_MiB"] = (volume_bytes + series_bytes) / (1024.0 * 1024.0);
  state.counters["peak_over_volume_plus_series"] = peak / (volume_bytes + series_bytes);
  omp_set_num_threads(saved);
}
BENCHMARK(BM_ResirePeakMemory)->Args({128, 2})->Args({256, 2})->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
