#include "core/volume.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace aet {

void check_shape(const char* what, std::initializer_list<long long> dims) {
  long double total = 1;
  for (long long d : dims) {
    if (d <= 0) throw Error(fmt::format("{}: dimension {} is not positive", what, d));
    total *= static_cast<long double>(d);
  }
  if (total > static_cast<long double>(kMaxElements))
    throw Error(fmt::format("{}: {} elements is an absurd size (limit {})", what,
                            static_cast<double>(total), kMaxElements));
}

namespace {
void check_voxel(double voxel_A) {
  if (!(voxel_A > 0.0) || !std::isfinite(voxel_A))
    throw Error(fmt::format("volume: voxel size {} Å is not a positive number", voxel_A));
}
}  // namespace

Volume::Volume(const VolumeGeometry& geometry) : geometry_(geometry) {
  check_shape("volume", {geometry.nz, geometry.ny, geometry.nx});
  check_voxel(geometry.voxel_A);
  data_.assign(geometry.size(), 0.0f);
}

Volume::Volume(const VolumeGeometry& geometry, std::vector<float> data)
    : geometry_(geometry), data_(std::move(data)) {
  check_shape("volume", {geometry.nz, geometry.ny, geometry.nx});
  check_voxel(geometry.voxel_A);
  if (data_.size() != geometry.size())
    throw Error(fmt::format("volume: {} values for a {}x{}x{} grid", data_.size(), geometry.nz,
                            geometry.ny, geometry.nx));
}

// Separable: three 1D passes of a (2*half+1)-tap kernel. A direct sum
// beats an FFT here: the kernels used (sigma <= 2 voxels) are short.
void gaussian_filter(std::span<float> data, const VolumeGeometry& shape, double sigma, double truncate_sigmas,
                     GaussianEdge edge) {
  if (!std::isfinite(sigma)) throw Error("gaussian filter: sigma is not a number");
  if (!(truncate_sigmas > 0.0)) throw Error("gaussian filter: truncation must be > 0 sigma");
  if (data.size() != shape.size()) throw Error("gaussian filter: data do not match the grid");
  if (sigma <= 0.0 || data.empty()) return;
  const int half = std::max(1, int(std::ceil(truncate_sigmas * sigma)));
  std::vector<double> w(std::size_t(2 * half + 1));
  double sum = 0.0;
  for (int t = -half; t <= half; ++t) sum += w[std::size_t(t + half)] = std::exp(-0.5 * t * t / (sigma * sigma));
  for (double& x : w) x /= sum;
  const int n[3] = {shape.nz, shape.ny, shape.nx};
  const std::ptrdiff_t stride[3] = {std::ptrdiff_t(shape.ny) * shape.nx, shape.nx, 1};
  const bool clamp = edge == GaussianEdge::Clamp;
  std::vector<float> src;
  for (int axis = 0; axis < 3; ++axis) {
    src.assign(data.begin(), data.end());
    const int len = n[axis];
    const std::ptrdiff_t st = stride[axis];
    const std::ptrdiff_t lines = std::ptrdiff_t(data.size()) / len;
    // Line number -> start offset: the two other axes, in memory order.
    const int a0 = axis == 0 ? 1 : 0, a1 = axis == 2 ? 1 : 2;
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t line = 0; line < lines; ++line) {
      const std::ptrdiff_t u = line / n[a1], q = line % n[a1];
      const std::ptrdiff_t start = u * stride[a0] + q * stride[a1];
      // A line of zeros (the empty margin of a sparse volume) stays zeros:
      // every sum would be of +0 terms.
      bool zeros = true;
      for (int c = 0; c < len && zeros; ++c) zeros = src[std::size_t(start + c * st)] == 0.0F;
      if (zeros) {
        for (int c = 0; c < len; ++c) data[std::size_t(start + c * st)] = 0.0F;
        continue;
      }
      for (int c = 0; c < len; ++c) {
        double acc = 0.0;
        if (clamp) {
          for (int t = -half; t <= half; ++t) {
            const int m = std::clamp(c + t, 0, len - 1);
            acc += w[std::size_t(t + half)] * src[std::size_t(start + m * st)];
          }
        } else {
          for (int t = std::max(-half, -c); t <= std::min(half, len - 1 - c); ++t)
            acc += w[std::size_t(t + half)] * src[std::size_t(start + (c + t) * st)];
        }
        data[std::size_t(start + c * st)] = float(acc);
      }
    }
  }
}

Volume gaussian_filter(const Volume& v, double sigma) {
  if (!std::isfinite(sigma)) throw Error("gaussian filter: sigma is not a number");
  Volume out = v;
  gaussian_filter(out.data(), out.geometry(), sigma);
  return out;
}

std::vector<VolumePeak> parabolic_peaks(const Volume& v, double fraction) {
  std::vector<VolumePeak> peaks;
  if (v.size() == 0) return peaks;
  const float top = *std::max_element(v.data().begin(), v.data().end());
  auto offset = [](double m, double c, double p) {
    const double d = m - 2 * c + p;
    return d < 0 ? std::clamp(0.5 * (m - p) / d, -0.5, 0.5) : 0.0;
  };
  for (int k = 1; k + 1 < v.nz(); ++k)
    for (int i = 1; i + 1 < v.ny(); ++i)
      for (int j = 1; j + 1 < v.nx(); ++j) {
        const float f = v.at(k, i, j);
        if (!(f > fraction * top)) continue;
        bool is_max = true;
        for (int dk = -1; dk <= 1 && is_max; ++dk)
          for (int di = -1; di <= 1 && is_max; ++di)
            for (int dj = -1; dj <= 1 && is_max; ++dj)
              if ((dk || di || dj) && v.at(k + dk, i + di, j + dj) > f) is_max = false;
        if (!is_max) continue;
        const double ok = offset(v.at(k - 1, i, j), f, v.at(k + 1, i, j));
        const double oi = offset(v.at(k, i - 1, j), f, v.at(k, i + 1, j));
        const double oj = offset(v.at(k, i, j - 1), f, v.at(k, i, j + 1));
        peaks.push_back({v.geometry().position(k, i, j) + v.voxel_A() * Vec3(oj, oi, ok), f});
      }
  return peaks;
}

}  // namespace aet
