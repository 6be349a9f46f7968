// SIRT (recon/sirt.hpp).
#include "recon/sirt.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace aet::recon {

Report sirt(const Projector& op, std::span<const float> measured, std::span<float> volume, const SirtOptions& o,
            const StopCriteria& stop) {
  if (measured.size() != op.projection_size() || volume.size() != op.volume_size())
    throw Error("sirt: buffers do not match the projector");
  if (!(o.relaxation > 0.0 && o.relaxation < 2.0))
    throw Error(fmt::format("sirt: relaxation {} is not in (0, 2)", o.relaxation));
  // Row sums R⁻¹ = Π 1 (per pixel) and column sums C⁻¹ = Πᵀ 1 (per voxel).
  std::vector<float> row(op.projection_size()), col(op.volume_size());
  {
    std::vector<float> ones(op.geometry().volume.size(), 1.0f), internal(op.volume_size());
    op.to_internal(ones, internal);
    op.forward(internal, row);
    std::vector<float> pones(op.projection_size(), 1.0f);
    op.adjoint(pones, col);
  }
  for (auto& r : row) r = r > 1e-6f ? 1.0f / r : 0.0f;
  const float lambda = float(o.relaxation);
  for (auto& c : col) c = c > 1e-6f ? lambda / c : 0.0f;
  std::vector<float> residual(op.projection_size()), correction(op.volume_size());
  auto update = [&](std::span<float> r) {
    // residual = Πx − b: weighted in place (it is rebuilt next iteration).
    float* rr = r.data();
    const std::ptrdiff_t np = std::ptrdiff_t(r.size());
#pragma omp parallel for simd schedule(static)
    for (std::ptrdiff_t p = 0; p < np; ++p) rr[p] *= row[std::size_t(p)];
    op.adjoint(r, correction);
    float* x = volume.data();
    const std::ptrdiff_t n = std::ptrdiff_t(volume.size());
    const bool pos = o.positivity;
#pragma omp parallel for simd schedule(static)
    for (std::ptrdiff_t v = 0; v < n; ++v) {
      float y = x[v] - col[std::size_t(v)] * correction[std::size_t(v)];
      x[v] = pos ? std::max(y, 0.0f) : y;
    }
  };
  return iterate(op, measured, volume, residual, stop, "sirt", update);
}

}  // namespace aet::recon
