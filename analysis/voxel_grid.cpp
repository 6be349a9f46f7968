#include "analysis/voxel_grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace aet::analysis {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

/// 1D squared distance transform of sampled function f (Felzenszwalb & Huttenlocher 2012).
void dt1d(const float* f, float* d, int n, std::vector<int>& v, std::vector<float>& z) {
  int k = 0;
  int first = -1;
  for (int q = 0; q < n; ++q)
    if (f[q] < kInf) {
      first = q;
      break;
    }
  if (first < 0) {
    std::fill(d, d + n, kInf);
    return;
  }
  v[0] = first;
  z[0] = -kInf;
  z[1] = kInf;
  for (int q = first + 1; q < n; ++q) {
    if (!(f[q] < kInf)) continue;
    float s = 0.0F;
    while (true) {
      const int p = v[std::size_t(k)];
      s = ((f[q] + float(q) * float(q)) - (f[p] + float(p) * float(p))) / (2.0F * float(q - p));
      if (s <= z[std::size_t(k)] && k > 0) --k;
      else break;
    }
    if (s <= z[std::size_t(k)]) {  // k == 0 and the new parabola dominates
      v[0] = q;
      z[0] = -kInf;
      z[1] = kInf;
      continue;
    }
    ++k;
    v[std::size_t(k)] = q;
    z[std::size_t(k)] = s;
    z[std::size_t(k) + 1] = kInf;
  }
  k = 0;
  for (int q = 0; q < n; ++q) {
    while (z[std::size_t(k) + 1] < float(q)) ++k;
    const int p = v[std::size_t(k)];
    d[q] = float(q - p) * float(q - p) + f[p];
  }
}

/// Applies a 1D pass along one axis (0 = x, 1 = y, 2 = z) to all lines.
template <class F>
void for_lines(const VoxelGrid& g, int axis, F&& fn) {
  const int n = axis == 0 ? g.nx : axis == 1 ? g.ny : g.nz;
  const std::ptrdiff_t stride = axis == 0 ? 1 : axis == 1 ? g.nx : std::ptrdiff_t(g.nx) * g.ny;
  const int a = axis == 0 ? g.ny : g.nx;
  const int b = axis == 2 ? g.ny : g.nz;
  const std::ptrdiff_t lines = std::ptrdiff_t(a) * b;
#pragma omp parallel
  {
    std::vector<float> in(static_cast<std::size_t>(n)), out(static_cast<std::size_t>(n));
#pragma omp for schedule(static)
    for (std::ptrdiff_t line = 0; line < lines; ++line) {
      const int ia = int(line % a), ib = int(line / a);
      std::size_t start = 0;
      if (axis == 0) start = g.index(ib, ia, 0);
      else if (axis == 1) start = g.index(ib, 0, ia);
      else start = g.index(0, ib, ia);
      fn(start, stride, n, in, out);
    }
  }
}

}  // namespace

std::size_t VoxelGrid::nearest(const Vec3& r) const {
  const Vec3 v = to_voxel(r);
  const int j = std::clamp(int(std::lround(v.x())), 0, nx - 1);
  const int i = std::clamp(int(std::lround(v.y())), 0, ny - 1);
  const int k = std::clamp(int(std::lround(v.z())), 0, nz - 1);
  return index(k, i, j);
}

VoxelGrid grid_around(const std::vector<Vec3>& points_A, double voxel_A, double margin_A) {
  if (points_A.empty()) throw Error("voxel grid: no points");
  if (!(voxel_A > 0.0)) throw Error(fmt::format("voxel grid: voxel size must be > 0 Å, got {}", voxel_A));
  Vec3 lo = points_A[0], hi = lo;
  for (const auto& p : points_A) {
    lo = lo.cwiseMin(p);
    hi = hi.cwiseMax(p);
  }
  lo.array() -= margin_A;
  hi.array() += margin_A;
  VoxelGrid g;
  g.voxel_A = voxel_A;
  g.origin_A = lo;
  const Vec3 n = ((hi - lo) / voxel_A).array().ceil() + 1.0;
  g.nx = int(n.x());
  g.ny = int(n.y());
  g.nz = int(n.z());
  if (double(g.nx) * g.ny * g.nz > 4e8) throw Error("voxel grid: more than 4e8 voxels; model too large for the voxel size");
  return g;
}

Mask point_voxels(const VoxelGrid& grid, const std::vector<Vec3>& points_A) {
  Mask m(grid.size(), 0);
  for (const auto& p : points_A) m[grid.nearest(p)] = 1;
  return m;
}

std::vector<float> distance_transform(const VoxelGrid& grid, const Mask& mask) {
  std::vector<float> d(grid.size());
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = mask[i] ? 0.0F : kInf;
  // Along x: contiguous lines.
  {
    const std::ptrdiff_t lines = std::ptrdiff_t(grid.ny) * grid.nz;
    const int n = grid.nx;
#pragma omp parallel
    {
      std::vector<float> out(std::size_t(n) + 0);
      std::vector<int> v(std::size_t(n) + 1);
      std::vector<float> z(std::size_t(n) + 2);
#pragma omp for schedule(static)
      for (std::ptrdiff_t line = 0; line < lines; ++line) {
        float* row = d.data() + std::size_t(line) * std::size_t(n);
        dt1d(row, out.data(), n, v, z);
        std::copy(out.begin(), out.end(), row);
      }
    }
  }
  // Along y and z: blocks of kB neighbouring x lines, gathered for cache locality.
  constexpr int kB = 16;
  for (int axis = 1; axis < 3; ++axis) {
    const int n = axis == 1 ? grid.ny : grid.nz;
    const std::size_t stride = axis == 1 ? std::size_t(grid.nx) : std::size_t(grid.nx) * std::size_t(grid.ny);
    const int other = axis == 1 ? grid.nz : grid.ny;
    const int xblocks = (grid.nx + kB - 1) / kB;
    const std::ptrdiff_t jobs = std::ptrdiff_t(other) * xblocks;
#pragma omp parallel
    {
      std::vector<float> in(static_cast<std::size_t>(n) * kB);
      std::vector<float> out(static_cast<std::size_t>(n));
      std::vector<int> v(std::size_t(n) + 1);
      std::vector<float> z(std::size_t(n) + 2);
#pragma omp for schedule(static)
      for (std::ptrdiff_t job = 0; job < jobs; ++job) {
        const int o = int(job / xblocks), j0 = int(job % xblocks) * kB;
        const int nb = std::min(kB, grid.nx - j0);
        const std::size_t base = axis == 1 ? grid.index(o, 0, j0) : grid.index(0, o, j0);
        for (int q = 0; q < n; ++q) {
          const float* src = d.data() + base + std::size_t(q) * stride;
          for (int b = 0; b < nb; ++b) in[std::size_t(b) * std::size_t(n) + std::size_t(q)] = src[b];
        }
        for (int b = 0; b < nb; ++b) {
          float* line = in.data() + std::size_t(b) * std::size_t(n);
          dt1d(line, out.data(), n, v, z);
          std::copy(out.begin(), out.end(), line);
        }
        for (int q = 0; q < n; ++q) {
          float* dst = d.data() + base + std::size_t(q) * stride;
          for (int b = 0; b < nb; ++b) dst[b] = in[std::size_t(b) * std::size_t(n) + std::size_t(q)];
        }
      }
    }
  }
  const auto h = float(grid.voxel_A);
  for (auto& x : d) x = std::sqrt(x) * h;
  return d;
}

std::vector<int> chessboard_transform(const VoxelGrid& g, const Mask& mask) {
  constexpr int kFar = 1 << 28;
  std::vector<int> d(g.size());
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = mask[i] ? 0 : kFar;
  // Forward pass: the 13 neighbours before (k, i, j) in raster order; backward: the 13 after.
  for (int pass = 0; pass < 2; ++pass) {
    const int s = pass == 0 ? -1 : 1;
    const int k0 = pass == 0 ? 0 : g.nz - 1, i0 = pass == 0 ? 0 : g.ny - 1, j0 = pass == 0 ? 0 : g.nx - 1;
    for (int k = k0; k >= 0 && k < g.nz; k -= s)
      for (int i = i0; i >= 0 && i < g.ny; i -= s)
        for (int j = j0; j >= 0 && j < g.nx; j -= s) {
          int& v = d[g.index(k, i, j)];
          if (v == 0) continue;
          int best = v;
          // Neighbours already visited: (k+s, *, *), (k, i+s, *), (k, i, j+s).
          const int kk = k + s;
          if (kk >= 0 && kk < g.nz)
            for (int di = -1; di <= 1; ++di)
              for (int dj = -1; dj <= 1; ++dj) {
                const int ii = i + di, jj = j + dj;
                if (ii < 0 || ii >= g.ny || jj < 0 || jj >= g.nx) continue;
                best = std::min(best, d[g.index(kk, ii, jj)] + 1);
              }
          const int ii = i + s;
          if (ii >= 0 && ii < g.ny)
            for (int dj = -1; dj <= 1; ++dj) {
              const int jj = j + dj;
              if (jj < 0 || jj >= g.nx) continue;
              best = std::min(best, d[g.index(k, ii, jj)] + 1);
            }
          const int jj = j + s;
          if (jj >= 0 && jj < g.nx) best = std::min(best, d[g.index(k, i, jj)] + 1);
          v = best;
        }
  }
  return d;
}

Mask alpha_hull(const VoxelGrid& grid, const std::vector<Vec3>& points_A, double alpha_A) {
  if (!(alpha_A > 0.0)) throw Error(fmt::format("alpha hull: alpha must be > 0 Å, got {}", alpha_A));
  const auto to_points = distance_transform(grid, point_voxels(grid, points_A));
  Mask centres(grid.size(), 0);
  for (std::size_t i = 0; i < centres.size(); ++i) centres[i] = to_points[i] >= alpha_A ? 1 : 0;
  const auto to_centres = distance_transform(grid, centres);
  Mask hull(grid.size(), 0);
  for (std::size_t i = 0; i < hull.size(); ++i) hull[i] = to_centres[i] >= alpha_A ? 1 : 0;
  return hull;
}

namespace {

Mask cube_filter(const VoxelGrid& grid, const Mask& mask, int radius, bool dilate) {
  Mask m = mask;
  if (radius <= 0) return m;
  for (int axis = 0; axis < 3; ++axis) {
    Mask src = m;
    for_lines(grid, axis, [&](std::size_t start, std::ptrdiff_t stride, int n, std::vector<float>&,
                              std::vector<float>&) {
      // Running count of set voxels in the window [q - radius, q + radius].
      int count = 0;
      auto at = [&](int q) { return int(src[start + std::size_t(q * stride)]); };
      for (int q = 0; q <= std::min(radius, n - 1); ++q) count += at(q);
      for (int q = 0; q < n; ++q) {
        const int lo = q - radius, hi = q + radius;
        const int width = std::min(hi, n - 1) - std::max(lo, 0) + 1;
        // Outside the grid counts as empty: erosion at the border removes.
        const bool full = count == 2 * radius + 1 && width == 2 * radius + 1;
        m[start + std::size_t(q * stride)] = dilate ? (count > 0 ? 1 : 0) : (full ? 1 : 0);
        if (lo >= 0) count -= at(lo);
        if (hi + 1 < n) count += at(hi + 1);
      }
    });
  }
  return m;
}

}  // namespace

Mask dilate_cube(const VoxelGrid& grid, const Mask& mask, int radius) { return cube_filter(grid, mask, radius, true); }
Mask erode_cube(const VoxelGrid& grid, const Mask& mask, int radius) { return cube_filter(grid, mask, radius, false); }

double sample(const VoxelGrid& grid, const std::vector<float>& field, const Vec3& r) {
  const Vec3 v = grid.to_voxel(r);
  const double x = std::clamp(v.x(), 0.0, double(grid.nx - 1));
  const double y = std::clamp(v.y(), 0.0, double(grid.ny - 1));
  const double z = std::clamp(v.z(), 0.0, double(grid.nz - 1));
  const int j0 = std::min(int(x), grid.nx - 2), i0 = std::min(int(y), grid.ny - 2), k0 = std::min(int(z), grid.nz - 2);
  const double fx = x - j0, fy = y - i0, fz = z - k0;
  double s = 0.0;
  for (int dk = 0; dk < 2; ++dk)
    for (int di = 0; di < 2; ++di)
      for (int dj = 0; dj < 2; ++dj) {
        const double w = (dk ? fz : 1 - fz) * (di ? fy : 1 - fy) * (dj ? fx : 1 - fx);
        s += w * double(field[grid.index(k0 + dk, i0 + di, j0 + dj)]);
      }
  return s;
}

}  // namespace aet::analysis
