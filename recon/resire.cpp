// RESIRE (recon/resire.hpp).
#include "recon/resire.hpp"

#include <fmt/format.h>

#include <algorithm>
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
