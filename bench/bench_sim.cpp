// Simulator throughput. BM_SimulatePaper is the paper-scale target: the PB
// particle (data/reference/PB.xyz, 12038 atoms), 67 tilts x 3 frames of
// 256 x 256 with the paper preset, <= 20 s on 2 cores. The scaling benchmarks vary one of
// atoms, image size and tilts; items/s are atom-frames or pixel-frames.
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>

#include "core/xyz.hpp"
#include "sim/probe.hpp"
#include "sim/simulate.hpp"

namespace {

using namespace aet;

/// fcc Pd@Pt ball (a = 3.92 Å) with about `n` atoms; Pd inside 60 % of the radius.
AtomModel fcc_ball(int n) {
  const double a = 3.92, radius = std::cbrt(3.0 * n / (4.0 * 3.14159265 * 4.0 / (a * a * a)));
  const int m = int(radius / a) + 2;
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  AtomModel model;
  for (int i = -m; i <= m; ++i)
    for (int j = -m; j <= m; ++j)
      for (int k = -m; k <= m; ++k)
        for (const auto& b : basis) {
          const Vec3 r((i + b[0]) * a, (j + b[1]) * a, (k + b[2]) * a);
          if (r.norm() <= radius) model.add_atom(r.norm() < 0.6 * radius ? "Pd" : "Pt", r);
        }
  return model;
}

AtomModel pb_model() { return read_xyz(std::filesystem::path(AET_DATA_DIR) / "reference" / "PB.xyz"); }

void run(benchmark::State& state, const AtomModel& model, const sim::SimConfig& c) {
  for (auto _ : state) benchmark::DoNotOptimize(sim::simulate(model, c, std::uint64_t(1)));
  const double frames = double(sim::tilt_count(c.tilts)) * c.tilts.frames_per_tilt;
  state.counters["atoms"] = double(model.size());
  state.counters["frames"] = frames;
  state.counters["atom_frames/s"] =
      benchmark::Counter(frames * double(model.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["pixel_frames/s"] =
      benchmark::Counter(frames * c.nx * c.ny * double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_SimulatePaper(benchmark::State& state) {
  static const AtomModel model = pb_model();
  run(state, model, sim::paper_preset());
}
BENCHMARK(BM_SimulatePaper)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

/// 11 tilts x 1 frame, 256 x 256, atoms varied.
void BM_ScaleAtoms(benchmark::State& state) {
  const AtomModel model = fcc_ball(int(state.range(0)));
  sim::SimConfig c = sim::paper_preset();
  c.tilts.n_tilts = 11;
  c.tilts.frames_per_tilt = 1;
  run(state, model, c);
}
BENCHMARK(BM_ScaleAtoms)->Arg(1500)->Arg(6000)->Arg(12000)->Arg(24000)->Unit(benchmark::kMillisecond)->UseRealTime();

/// 12k atoms, 11 tilts x 1 frame, image side varied (pixel scaled to keep the field of view).
void BM_ScalePixels(benchmark::State& state) {
  static const AtomModel model = fcc_ball(12000);
  sim::SimConfig c = sim::paper_preset();
  c.nx = c.ny = int(state.range(0));
  c.pixel_A = 0.343 * 256.0 / double(state.range(0));
  c.tilts.n_tilts = 11;
  c.tilts.frames_per_tilt = 1;
  run(state, model, c);
}
BENCHMARK(BM_ScalePixels)->Arg(128)->Arg(256)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();

/// 12k atoms, 256 x 256, 1 frame per tilt, tilts varied.
void BM_ScaleTilts(benchmark::State& state) {
  static const AtomModel model = fcc_ball(12000);
  sim::SimConfig c = sim::paper_preset();
  c.tilts.n_tilts = int(state.range(0));
  c.tilts.frames_per_tilt = 1;
  run(state, model, c);
}
BENCHMARK(BM_ScaleTilts)->Arg(11)->Arg(33)->Arg(67)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Probe(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(sim::ProbeProfile(sim::ProbeConfig{}));
}
BENCHMARK(BM_Probe)->Unit(benchmark::kMillisecond);

}  // namespace
