#include "sim/adf_image.hpp"

#include <algorithm>
#include <cmath>

#include "core/fft.hpp"

namespace aet::sim {

void add_atoms(std::span<double> fraction, int ny, int nx, double pixel_A, const Mat3& rotation,
               const std::array<double, 2>& shift_px, const std::vector<Vec3>& positions,
               const std::vector<double>& sigma, const ProbeProfile& probe, std::span<const double> row_offset) {
  const double rc = probe.core_radius_A() / pixel_A;  // cut-off in pixels
  const double p2 = pixel_A * pixel_A;
  const bool jitter = !row_offset.empty();
  for (std::size_t a = 0; a < positions.size(); ++a) {
    const Vec3 q = rotation * positions[a];
    // Continuous pixel coordinates: x = (j - nx/2) p  =>  j = x / p + nx/2.
    const double jc = q.x() / pixel_A + nx / 2 + shift_px[0];
    const double ic = q.y() / pixel_A + ny / 2 + shift_px[1];
    const int i0 = std::max(0, int(std::ceil(ic - rc))), i1 = std::min(ny - 1, int(std::floor(ic + rc)));
    const double s = sigma[a];
    for (int i = i0; i <= i1; ++i) {
      const double di = i - ic, di2 = di * di;
      const double half = std::sqrt(std::max(0.0, rc * rc - di2));
      // Row i's probe positions sit at x = (j - nx/2 + offset_i) p: the atom appears at jc - offset_i.
      const double jr = jitter ? jc - row_offset[std::size_t(i)] : jc;
      const int j0 = std::max(0, int(std::ceil(jr - half))), j1 = std::min(nx - 1, int(std::floor(jr + half)));
      double* row = fraction.data() + std::size_t(i) * std::size_t(nx);
      for (int j = j0; j <= j1; ++j) {
        const double dj = j - jr;
        row[j] += s * probe.core_at_r2((dj * dj + di2) * p2);
      }
    }
  }
}

namespace {

/// Smallest n' >= n whose prime factors are 2, 3, 5, 7 (fast FFT sizes).
int fft_size(int n) {
  for (;; ++n) {
    int m = n;
    for (int f : {2, 3, 5, 7})
      while (m % f == 0) m /= f;
    if (m == 1) return n;
  }
}

}  // namespace

ProbeTail::ProbeTail(const ProbeProfile& probe, int ny, int nx, double pixel_A)
    : ny_(ny), nx_(nx), pad_(int(std::ceil(probe.radius_A() / pixel_A)) + 1), pixel_A_(pixel_A) {
  n0_ = fft_size(ny + 2 * pad_);
  n1_ = fft_size(nx + 2 * pad_);
  std::vector<double> k(std::size_t(n0_) * n1_, 0.0);
  for (int i = 0; i < n0_; ++i)
    for (int j = 0; j < n1_; ++j) {
      const double di = fft::frequency(i, n0_) * pixel_A, dj = fft::frequency(j, n1_) * pixel_A;
      k[std::size_t(i) * n1_ + j] = probe.tail_at(std::hypot(di, dj)) / (double(n0_) * n1_);
    }
  kernel_.resize(std::size_t(n0_) * (n1_ / 2 + 1));
  fft::real_to_complex_2d(k, kernel_, n0_, n1_);
}

ProbeTail::~ProbeTail() = default;

void ProbeTail::add(std::span<double> fraction, const Mat3& rotation, const std::array<double, 2>& shift_px,
                    const std::vector<Vec3>& positions, const std::vector<double>& sigma) const {
  std::vector<double> grid(std::size_t(n0_) * n1_, 0.0);
  for (std::size_t a = 0; a < positions.size(); ++a) {
    const Vec3 q = rotation * positions[a];
    const double x = q.x() / pixel_A_ + nx_ / 2 + shift_px[0] + pad_;
    const double y = q.y() / pixel_A_ + ny_ / 2 + shift_px[1] + pad_;
    const double fx = std::floor(x), fy = std::floor(y);
    const int j = int(fx), i = int(fy);
    if (i < 0 || j < 0 || i + 1 >= n0_ || j + 1 >= n1_) continue;
    const double tx = x - fx, ty = y - fy, s = sigma[a];
    double* r0 = grid.data() + std::size_t(i) * n1_ + j;
    double* r1 = r0 + n1_;
    r0[0] += s * (1 - tx) * (1 - ty);
    r0[1] += s * tx * (1 - ty);
    r1[0] += s * (1 - tx) * ty;
    r1[1] += s * tx * ty;
  }
  std::vector<std::complex<double>> spec(kernel_.size());
  fft::real_to_complex_2d(grid, spec, n0_, n1_);
  for (std::size_t t = 0; t < spec.size(); ++t) spec[t] *= kernel_[t];
  fft::complex_to_real_2d(spec, grid, n0_, n1_);
  for (int i = 0; i < ny_; ++i)
    for (int j = 0; j < nx_; ++j)
      fraction[std::size_t(i) * nx_ + j] += grid[std::size_t(i + pad_) * n1_ + j + pad_];
}

}  // namespace aet::sim
