// RESIRE (recon/resire.hpp).
#include "recon/resire.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"

namespace aet::recon {

double largest_eigenvalue(const Projector& op, int iterations) {
  std::vector<float> x(op.volume_size());
  {
    // The constant volume, converted to the internal layout and freed at
    // once (one volume less at the peak of a RESIRE run).
    const std::vector<float> ones(op.geometry().volume.size(), 1.0f);
    op.to_internal(ones, x);
  }
  std::vector<float> y(op.volume_size()), proj(op.projection_size());
  double lambda = 0;
  for (int it = 0; it < iterations; ++it) {
    double xx = 0, xy = 0, yy = 0;
    op.forward(x, proj);
    op.adjoint(proj, y);
    for (std::size_t v = 0; v < x.size(); ++v) {
      xx += double(x[v]) * x[v];
      xy += double(x[v]) * y[v];
      yy += double(y[v]) * y[v];
    }
    if (!(xx > 0 && yy > 0)) return 0.0;
    lambda = xy / xx;  // Rayleigh quotient
    const float scale = float(1.0 / std::sqrt(yy));
    for (std::size_t v = 0; v < x.size(); ++v) x[v] = y[v] * scale;
  }
  return lambda;
}

namespace {

// Σ a·b in double over fixed blocks summed in order: the same bits whatever
// the thread count (the restart test below branches on its sign).
double deterministic_dot(const float* a, const float* b, std::ptrdiff_t n) {
  constexpr int kBlocks = 256;
  std::array<double, kBlocks> part{};
  const std::ptrdiff_t len = (n + kBlocks - 1) / kBlocks;
#pragma omp parallel for schedule(static)
  for (int k = 0; k < kBlocks; ++k) {
    double sum = 0;
    const std::ptrdiff_t end = std::min(n, (k + 1) * len);
    for (std::ptrdiff_t v = k * len; v < end; ++v) sum += double(a[v]) * double(b[v]);
    part[std::size_t(k)] = sum;
  }
  double total = 0;
  for (double p : part) total += p;
  return total;
}

// FISTA with gradient restart. `volume` holds the extrapolated point y that
// iterate() projects; `current` the iterate x_k, copied back at the end.
Report accelerated(const Projector& op, std::span<const float> measured, std::span<float> volume,
                   const ResireOptions& o, const StopCriteria& stop, float alpha, std::vector<float>& residual,
                   std::vector<float>& gradient) {
  std::vector<float> current(volume.begin(), volume.end());
  double tau = 1.0;
  const std::ptrdiff_t n = std::ptrdiff_t(volume.size());
  auto update = [&](std::span<float> r) {
    op.adjoint(r, gradient);
    float* y = volume.data();
    float* x = current.data();
    float* g = gradient.data();  // becomes the step x_{k+1} − x_k
    const std::uint8_t* s = o.support.empty() ? nullptr : o.support.data();
    const bool pos = o.positivity;
    // x_{k+1} = P(y − α∇); g ← x_{k+1} − x_k; y ← y − x_{k+1} (for the test).
#pragma omp parallel for simd schedule(static)
    for (std::ptrdiff_t v = 0; v < n; ++v) {
      float next = y[v] - alpha * g[v];
      if (pos) next = std::max(next, 0.0f);
      if (s && !s[v]) next = 0.0f;
      g[v] = next - x[v];
      y[v] -= next;
      x[v] = next;
    }
    // Restart when (y − x_{k+1}) · (x_{k+1} − x_k) > 0: the momentum points uphill.
    const bool restart = deterministic_dot(y, g, n) > 0.0;
    const double tau_next = restart ? 1.0 : 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * tau * tau));
    const float beta = restart ? 0.0f : float((tau - 1.0) / tau_next);
    tau = tau_next;
#pragma omp parallel for simd schedule(static)
    for (std::ptrdiff_t v = 0; v < n; ++v) {
      float next = x[v] + beta * g[v];
      if (pos) next = std::max(next, 0.0f);
      if (s && !s[v]) next = 0.0f;
      y[v] = next;
    }
  };
  auto finalize = [&] { std::copy(current.begin(), current.end(), volume.begin()); };
  return iterate(op, measured, volume, residual, stop, "resire", update, finalize);
}

}  // namespace

Report resire(const Projector& op, std::span<const float> measured, std::span<float> volume,
              const ResireOptions& o, const StopCriteria& stop) {
  if (measured.size() != op.projection_size() || volume.size() != op.volume_size())
    throw Error("resire: buffers do not match the projector");
  if (!o.support.empty() && o.support.size() != volume.size())
    throw Error("resire: support does not match the volume");
  if (!(o.step > 0.0 && o.step < 2.0)) throw Error(fmt::format("resire: step {} is not in (0, 2)", o.step));
  // The Rayleigh quotient approaches λ from below: 2 % margin keeps t < 2 safe.
  const double lambda = 1.02 * largest_eigenvalue(op);
  if (!(lambda > 0)) throw Error("resire: the volume projects outside every image");
  const float alpha = float(o.step / lambda);
  std::vector<float> residual(op.projection_size()), gradient(op.volume_size());
  // With momentum the step must not exceed 1/λ (FISTA's condition; at
  // t = 1.8 the extrapolation oscillates and R grows).
  if (o.accelerate)
    return accelerated(op, measured, volume, o, stop, float(std::min(o.step, 1.0) / lambda), residual, gradient);
  auto update = [&](std::span<float> r) {
    op.adjoint(r, gradient);
    float* x = volume.data();
    const float* g = gradient.data();
    const std::uint8_t* s = o.support.empty() ? nullptr : o.support.data();
    const bool pos = o.positivity;
    const std::ptrdiff_t n = std::ptrdiff_t(volume.size());
#pragma omp parallel for simd schedule(static)
    for (std::ptrdiff_t v = 0; v < n; ++v) {
      float y = x[v] - alpha * g[v];
      if (pos) y = std::max(y, 0.0f);
      if (s && !s[v]) y = 0.0f;
      x[v] = y;
    }
  };
  return iterate(op, measured, volume, residual, stop, "resire", update);
}

}  // namespace aet::recon
