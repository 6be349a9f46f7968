// Filtered back-projection (recon/filtered_backprojection.hpp).
#include "recon/filtered_backprojection.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>

#include "core/error.hpp"
#include "core/fft.hpp"

namespace aet::recon {

std::vector<double> angular_weights(const TiltGeometry& tilts) {
  const std::size_t n = tilts.size();
  std::vector<double> w(n, 0.0);
  if (n == 0) return w;
  if (n == 1) {
    w[0] = kPi;
    return w;
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  const auto angle = [&](std::size_t k) { return deg2rad(tilts.images[k].tilt_deg); };
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return angle(a) < angle(b); });
  for (std::size_t q = 0; q < n; ++q) {
    const double lo = q > 0 ? angle(order[q - 1]) : 2 * angle(order[q]) - angle(order[q + 1]);
    const double hi = q + 1 < n ? angle(order[q + 1]) : 2 * angle(order[q]) - angle(order[q - 1]);
    w[order[q]] = 0.5 * (hi - lo);
  }
  return w;
}

void filtered_backprojection(const Projector& op, std::span<const float> measured, std::span<float> volume,
                             const FbpOptions& options) {
  const auto& g = op.geometry();
  if (measured.size() != op.projection_size() || volume.size() != op.volume_size())
    throw Error("filtered_backprojection: buffers do not match the projector");
  int n = 1;
  while (n < 2 * g.nx) n *= 2;  // zero padding: no wrap-around of the ramp's tails
  const int nc = n / 2 + 1;
  // The ramp's transfer function from its real-space kernel (Ram-Lak).
  std::vector<float> transfer(static_cast<std::size_t>(nc));
  {
    std::vector<double> h(std::size_t(n), 0.0);
    for (int m = -n / 2 + 1; m < n / 2; ++m) {
      double v = 0.0;
      if (m == 0) v = 0.25;
      else if (m % 2 != 0) v = -1.0 / (kPi * kPi * double(m) * double(m));
      h[std::size_t((m + n) % n)] = v;
    }
    for (int f = 0; f < nc; ++f) {
      std::complex<double> s = 0;
      for (int m = 0; m < n; ++m) s += h[std::size_t(m)] * std::polar(1.0, -2 * kPi * f * m / n);
      double t = s.real();
      if (options.hann) t *= 0.5 * (1 + std::cos(kPi * f / (n / 2)));
      transfer[std::size_t(f)] = float(t / n);  // FFTW's round trip multiplies by n
    }
  }
  // Planned on one pair of buffers, executed on each thread's own pair.
  fft::Buffer<float> plan_in{std::size_t(n)};
  fft::Buffer<std::complex<float>> plan_out{std::size_t(nc)};
  const auto fwd = fft::Plan<float>::real_to_complex_1d(n, plan_in.data(), plan_out.data());
  const auto inv = fft::Plan<float>::complex_to_real_1d(n, plan_out.data(), plan_in.data());
  const auto weights = angular_weights(g.tilts);
  std::vector<float> filtered(measured.size());
  const int rows = g.nt() * g.ny;
#pragma omp parallel
  {
    fft::Buffer<float> in{std::size_t(n)};
    fft::Buffer<std::complex<float>> out{std::size_t(nc)};
#pragma omp for schedule(static)
    for (int row = 0; row < rows; ++row) {
      const float* src = measured.data() + std::size_t(row) * std::size_t(g.nx);
      std::fill(in.data(), in.data() + n, 0.0f);
      std::copy(src, src + g.nx, in.data());
      fwd.execute(in.data(), out.data());
      for (int f = 0; f < nc; ++f) {
        const float t = transfer[std::size_t(f)];
        out[std::size_t(f)] = {out[std::size_t(f)].real() * t, out[std::size_t(f)].imag() * t};
      }
      inv.execute(out.data(), in.data());
      const float w = float(weights[std::size_t(row / g.ny)]);
      float* dst = filtered.data() + std::size_t(row) * std::size_t(g.nx);
      for (int x = 0; x < g.nx; ++x) dst[x] = w * in[std::size_t(x)];
    }
  }
  op.adjoint(filtered, volume);
}

}  // namespace aet::recon
