// The FFTW wrapper: transforms against their definitions, plans from many threads.
#include "core/fft.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <thread>
#include <vector>

#include "core/geometry.hpp"

namespace aet {
namespace {

TEST(Fft, FrequencyIndicesWrapAtHalf) {
  EXPECT_EQ(fft::frequency(0, 8), 0);
  EXPECT_EQ(fft::frequency(3, 8), 3);
  EXPECT_EQ(fft::frequency(4, 8), -4);
  EXPECT_EQ(fft::frequency(7, 8), -1);
}

TEST(Fft, ComplexTransformMatchesTheDirectSum) {
  const int n0 = 6, n1 = 5;
  std::vector<std::complex<double>> a(std::size_t(n0 * n1));
  for (std::size_t p = 0; p < a.size(); ++p) a[p] = {std::sin(1.0 + double(p)), std::cos(0.3 * double(p))};
  const auto in = a;
  fft::transform_2d(a, n0, n1, fft::Direction::Forward);
  for (int u = 0; u < n0; ++u)
    for (int v = 0; v < n1; ++v) {
      std::complex<double> s = 0;
      for (int y = 0; y < n0; ++y)
        for (int x = 0; x < n1; ++x)
          s += in[std::size_t(y * n1 + x)] * std::polar(1.0, -2 * kPi * (double(u * y) / n0 + double(v * x) / n1));
      // Double rounding over 30 terms of size <= 1.4: 1e-12.
      EXPECT_LE(std::abs(a[std::size_t(u * n1 + v)] - s), 1e-12);
    }
}

TEST(Fft, RealRoundTripMultipliesByThePointCount) {
  const int n = 16;
  fft::Buffer<float> real{std::size_t(n)};
  fft::Buffer<std::complex<float>> spec{std::size_t(n / 2 + 1)};
  const auto fwd = fft::Plan<float>::real_to_complex_1d(n, real.data(), spec.data());
  const auto inv = fft::Plan<float>::complex_to_real_1d(n, spec.data(), real.data());
  std::vector<float> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) x[std::size_t(i)] = real[std::size_t(i)] = float(std::cos(0.7 * i) + 0.1 * i);
  fwd.execute();
  // The DC bin is the sum.
  double sum = 0;
  for (float v : x) sum += v;
  EXPECT_LE(std::fabs(spec[0].real() - sum), 1e-4);  // float sum of 16 values of size <= 2.5
  inv.execute();
  for (int i = 0; i < n; ++i) EXPECT_LE(std::fabs(real[std::size_t(i)] / n - x[std::size_t(i)]), 1e-5);  // float round trip
}

TEST(Fft, PlansMayBeMadeFromManyThreadsAtOnce) {
  // Each thread plans, executes and destroys its own 2D transform; with the
  // planner unguarded this corrupts FFTW's state (and ASan/TSan see it).
  std::vector<double> dc(8, 0.0);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < dc.size(); ++t)
    pool.emplace_back([&dc, t] {
      for (int rep = 0; rep < 20; ++rep) {
        std::vector<double> in(32 * 32, 1.0);
        std::vector<std::complex<double>> out;
        fft::real_to_complex_2d(in, out, 32, 32);
        dc[t] = out[0].real();
      }
    });
  for (auto& th : pool) th.join();
  for (double v : dc) EXPECT_EQ(v, 1024.0);  // sum of 1024 ones, exact
}

}  // namespace
}  // namespace aet
