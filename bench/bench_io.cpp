// File I/O throughput: parsing MRC stacks and extended-XYZ atom models of
// paper scale (67 tilts of 256 x 256; 12k atoms).
#include <benchmark/benchmark.h>

#include <cstring>
#include <sstream>

#include "core/mrc.hpp"
#include "core/xyz.hpp"

namespace {

std::vector<std::byte> make_mrc_bytes(int n, int nt) {
  std::vector<std::byte> b(1024 + std::size_t(n) * n * nt * 4, std::byte{0});
  const std::int32_t hdr[4] = {n, n, nt, 2};
  std::memcpy(b.data(), hdr, sizeof(hdr));
  std::memcpy(b.data() + 208, "MAP \x44\x44", 6);
  return b;
}

void BM_ParseMrcStack(benchmark::State& state) {
  const int n = int(state.range(0));
  const auto bytes = make_mrc_bytes(n, 67);
  for (auto _ : state) benchmark::DoNotOptimize(aet::parse_mrc(bytes, "bench.mrc"));
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(bytes.size()));
}
BENCHMARK(BM_ParseMrcStack)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);

void BM_ParseXyz(benchmark::State& state) {
  aet::AtomModel m;
  for (int a = 0; a < state.range(0); ++a) m.add_atom(a % 5 ? "Pt" : "Pd", {a * 0.1, -a * 0.2, a * 0.3});
  std::ostringstream out;
  aet::format_xyz(out, m);
  const std::string text = out.str();
  for (auto _ : state) {
    std::istringstream in(text);
    benchmark::DoNotOptimize(aet::parse_xyz(in, "bench.xyz"));
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_ParseXyz)->Arg(12038)->Unit(benchmark::kMillisecond);

}  // namespace
