// FFT cross-correlation (recon/cross_correlation.hpp).
#include "recon/cross_correlation.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

#include "core/error.hpp"
#include "core/fft.hpp"
#include "core/geometry.hpp"

namespace aet::recon {

struct CrossCorrelator::Impl {
  int ny, nx, nc;
  fft::Buffer<float> real;
  fft::Buffer<std::complex<float>> a, b;
  fft::Plan<float> fwd_a, fwd_b, inv;
  std::vector<float> taper;
  Impl(int ny_, int nx_)
      : ny(ny_),
        nx(nx_),
        nc(nx_ / 2 + 1),
        real(std::size_t(ny) * std::size_t(nx)),
        a(std::size_t(ny) * std::size_t(nc)),
        b(std::size_t(ny) * std::size_t(nc)),
        fwd_a(fft::Plan<float>::real_to_complex_2d(ny, nx, real.data(), a.data())),
        fwd_b(fft::Plan<float>::real_to_complex_2d(ny, nx, real.data(), b.data())),
        inv(fft::Plan<float>::complex_to_real_2d(ny, nx, a.data(), real.data())) {
    auto edge = [](int i, int n) {
      const int m = std::max(1, n / 8);
      const int d = std::min(i, n - 1 - i);
      return d >= m ? 1.0 : 0.5 * (1 - std::cos(kPi * (d + 0.5) / m));
    };
    taper.resize(std::size_t(ny) * std::size_t(nx));
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) taper[std::size_t(i) * std::size_t(nx) + std::size_t(j)] = float(edge(i, ny) * edge(j, nx));
  }
  /// Mean-subtracted, tapered copy into `real`; returns its L2 norm.
  double load(std::span<const float> img) {
    double mean = 0;
    for (float v : img) mean += v;
    mean /= double(img.size());
    double norm = 0;
    for (std::size_t p = 0; p < img.size(); ++p) {
      const float v = float((img[p] - mean) * taper[p]);
      real[p] = v;
      norm += double(v) * v;
    }
    return std::sqrt(norm);
  }
};

CrossCorrelator::CrossCorrelator(int ny, int nx) : impl_(std::make_unique<Impl>(ny, nx)) {
  if (ny < 4 || nx < 4) throw Error("cross-correlation: images smaller than 4 x 4");
}
CrossCorrelator::~CrossCorrelator() = default;

ShiftEstimate CrossCorrelator::find_shift(std::span<const float> reference, std::span<const float> image,
                                          double max_shift_px) const {
  auto& m = *impl_;
  const std::size_t n = std::size_t(m.ny) * std::size_t(m.nx);
  if (reference.size() != n || image.size() != n) throw Error("cross-correlation: image size mismatch");
  const double na = m.load(reference);
  m.fwd_a.execute();
  const double nb = m.load(image);
  m.fwd_b.execute();
  // c(d) = Σ_r image(r) reference(r − d): spectrum B · conj(A).
  for (std::size_t q = 0; q < std::size_t(m.ny) * std::size_t(m.nc); ++q) {
    const float ar = m.a[q].real(), ai = m.a[q].imag(), br = m.b[q].real(), bi = m.b[q].imag();
    m.a[q] = {br * ar + bi * ai, bi * ar - br * ai};
  }
  m.inv.execute();
  const double scale = 1.0 / (double(n) * std::max(na * nb, 1e-30));
  auto at = [&](int dy, int dx) {
    const int y = ((dy % m.ny) + m.ny) % m.ny, x = ((dx % m.nx) + m.nx) % m.nx;
    return double(m.real[std::size_t(y) * std::size_t(m.nx) + std::size_t(x)]) * scale;
  };
  const int ry = std::min(int(std::floor(max_shift_px)), m.ny / 2 - 1);
  const int rx = std::min(int(std::floor(max_shift_px)), m.nx / 2 - 1);
  int by = 0, bx = 0;
  double best = -1e300;
  for (int dy = -ry; dy <= ry; ++dy)
    for (int dx = -rx; dx <= rx; ++dx)
      if (at(dy, dx) > best) {
        best = at(dy, dx);
        by = dy;
        bx = dx;
      }
  auto parabola = [](double lo, double c, double hi) {
    const double d = lo - 2 * c + hi;
    return d < 0 ? std::clamp(0.5 * (lo - hi) / d, -0.5, 0.5) : 0.0;
  };
  ShiftEstimate e;
  e.shift_px = {bx + parabola(at(by, bx - 1), best, at(by, bx + 1)), by + parabola(at(by - 1, bx), best, at(by + 1, bx))};
  e.correlation = best;
  return e;
}

void shift_image(std::span<const float> in, std::span<float> out, int ny, int nx, const std::array<double, 2>& s) {
  if (in.size() != std::size_t(ny) * std::size_t(nx) || out.size() != in.size())
    throw Error("shift_image: image size mismatch");
  const double fx = std::floor(s[0]), fy = std::floor(s[1]);
  const int ix = int(fx), iy = int(fy);
  const float wx = float(s[0] - fx), wy = float(s[1] - fy);
  // out(i, j) = in(i − s_y, j − s_x): bilinear between rows i − iy − 1, i − iy
  // and columns j − ix − 1, j − ix with weights (wy, 1 − wy), (wx, 1 − wx).
  auto px = [&](int i, int j) -> float {
    if (i < 0 || i >= ny || j < 0 || j >= nx) return 0.0f;
    return in[std::size_t(i) * std::size_t(nx) + std::size_t(j)];
  };
  for (int i = 0; i < ny; ++i)
    for (int j = 0; j < nx; ++j) {
      const int i0 = i - iy, j0 = j - ix;
      out[std::size_t(i) * std::size_t(nx) + std::size_t(j)] =
          (1 - wy) * ((1 - wx) * px(i0, j0) + wx * px(i0, j0 - 1)) + wy * ((1 - wx) * px(i0 - 1, j0) + wx * px(i0 - 1, j0 - 1));
    }
}

}  // namespace aet::recon
