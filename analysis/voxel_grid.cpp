#include "analysis/voxel_grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace aet::analysis {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

/// 1D squared distance transform of sampled function f (Felzenszwalb & Huttenlocher 2012).
void dt1d(const float* f, float* d, int n, std::vector<int>& v, std::vector<float>& z) {
  // A line of features only (most of a grid far from the points, for the
  // second transform of an alpha hull): all zero, as the envelope would give.
  if (std::all_of(f, f + n, [](float x) { return x == 0.0F; })) {
    std::fill(d, d + n, 0.0F);
    return;
  }
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

namespace {

/// Squared Euclidean distance in voxels (whole numbers held in floats) from
/// every voxel to the nearest set voxel of the mask; +inf when the mask is
/// empty. With a cap, every value >= cap reads +inf instead, the rest stay
/// exact: after each pass a value >= cap is dropped (a minimum below the cap
/// never comes from a term at or above it), so the later passes' envelopes
/// hold fewer parabolas.
std::vector<float> squared_distances(const VoxelGrid& grid, const Mask& mask,
                                     double cap = std::numeric_limits<double>::infinity()) {
  std::vector<float> d(grid.size());
  // Along x, on the binary mask: the squared distance to the nearest set
  // voxel of the line, by a sweep each way (what the parabola envelope gives
  // on 0 / inf input, without it).
  {
    const std::ptrdiff_t lines = std::ptrdiff_t(grid.ny) * grid.nz;
    const int n = grid.nx;
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t line = 0; line < lines; ++line) {
      const std::size_t base = std::size_t(line) * std::size_t(n);
      const std::uint8_t* m = mask.data() + base;
      float* row = d.data() + base;
      int last = -1;  // nearest set voxel at or before q
      for (int q = 0; q < n; ++q) {
        if (m[q]) last = q;
        row[q] = last < 0 ? kInf : float(q - last) * float(q - last);
      }
      last = -1;  // nearest set voxel at or after q
      for (int q = n - 1; q >= 0; --q) {
        if (m[q]) last = q;
        if (last >= 0) row[q] = std::min(row[q], float(last - q) * float(last - q));
        if (double(row[q]) >= cap) row[q] = kInf;
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
          for (int b = 0; b < nb; ++b) {
            const float x = in[std::size_t(b) * std::size_t(n) + std::size_t(q)];
            dst[b] = double(x) >= cap ? kInf : x;
          }
        }
      }
    }
  }
  return d;
}

}  // namespace

std::vector<float> distance_transform(const VoxelGrid& grid, const Mask& mask) {
  std::vector<float> d = squared_distances(grid, mask);
  const auto h = float(grid.voxel_A);
  for (auto& x : d) x = std::sqrt(x) * h;
  return d;
}

namespace {

/// t[j] = min(t[j], r[j - 1], r[j], r[j + 1]) (within the row).
void min3_into(const int* r, int* t, int n) {
  if (n == 1) {
    t[0] = std::min(t[0], r[0]);
    return;
  }
  t[0] = std::min(t[0], std::min(r[0], r[1]));
  for (int j = 1; j < n - 1; ++j) t[j] = std::min(t[j], std::min(r[j - 1], std::min(r[j], r[j + 1])));
  t[n - 1] = std::min(t[n - 1], std::min(r[n - 2], r[n - 1]));
}

}  // namespace

std::vector<int> chessboard_transform(const VoxelGrid& g, const Mask& mask) {
  constexpr int kFar = 1 << 28;
  std::vector<int> d(g.size());
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = mask[i] ? 0 : kFar;
  // Forward pass: the 13 neighbours before (k, i, j) in raster order; backward: the 13 after.
  // Row by row: the 12 neighbours in the previous slice and row are final
  // before the row starts, so their minimum is taken for the whole row at
  // once; only the neighbour along the row itself is sequential.
  std::vector<int> t(std::size_t(g.nx));
  const int nx = g.nx;
  for (int pass = 0; pass < 2; ++pass) {
    const int s = pass == 0 ? -1 : 1;
    const int k0 = pass == 0 ? 0 : g.nz - 1, i0 = pass == 0 ? 0 : g.ny - 1;
    for (int k = k0; k >= 0 && k < g.nz; k -= s)
      for (int i = i0; i >= 0 && i < g.ny; i -= s) {
        std::fill(t.begin(), t.end(), kFar);
        // Neighbours already visited: (k+s, *, *), (k, i+s, *), (k, i, j+s).
        const int kk = k + s;
        if (kk >= 0 && kk < g.nz)
          for (int di = -1; di <= 1; ++di) {
            const int ii = i + di;
            if (ii >= 0 && ii < g.ny) min3_into(d.data() + g.index(kk, ii, 0), t.data(), nx);
          }
        const int ii = i + s;
        if (ii >= 0 && ii < g.ny) min3_into(d.data() + g.index(k, ii, 0), t.data(), nx);
        int* row = d.data() + g.index(k, i, 0);
        for (int j = 0; j < nx; ++j) row[j] = row[j] == 0 ? 0 : std::min(row[j], t[std::size_t(j)] + 1);
        if (pass == 0) {
          for (int j = 1; j < nx; ++j) row[j] = std::min(row[j], row[j - 1] + 1);
        } else {
          for (int j = nx - 2; j >= 0; --j) row[j] = std::min(row[j], row[j + 1] + 1);
        }
      }
  }
  return d;
}

namespace {

/// The least whole x whose distance_transform value sqrt(x) * h (in float)
/// is >= limit_A. Squared distances are whole numbers and x -> sqrt(x) * h
/// is non-decreasing, so "squared distance >= this" is the same test as
/// "distance >= limit_A", without a square root per voxel.
double squared_threshold(const VoxelGrid& grid, double limit_A) {
  const auto h = float(grid.voxel_A);
  const auto passes = [&](std::int64_t x) { return double(std::sqrt(float(x)) * h) >= limit_A; };
  std::int64_t lo = 0, hi = std::int64_t(1) << 50;  // past any grid's squared diagonal
  if (passes(lo)) return 0.0;
  if (!passes(hi)) return std::numeric_limits<double>::infinity();
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    (passes(mid) ? hi : lo) = mid;
  }
  return double(hi);
}

}  // namespace

Mask alpha_hull(const VoxelGrid& grid, const std::vector<Vec3>& points_A, double alpha_A) {
  if (!(alpha_A > 0.0)) throw Error(fmt::format("alpha hull: alpha must be > 0 Å, got {}", alpha_A));
  const double x0 = squared_threshold(grid, alpha_A);
  Mask hull(grid.size(), 0);
  if (points_A.empty()) return hull;  // no points: every voxel a ball centre
  // Both transforms run on the box of the points' voxels grown by m > the
  // radius: the voxels beyond it are ball centres (hull 0), and a voxel in
  // it has a centre at least as near inside it as outside (the nearest
  // point of the box to an outside centre, on the box's face, is one).
  // The clean-Pd core's box is under half the particle's grid.
  const std::size_t nxy = std::size_t(grid.nx) * std::size_t(grid.ny);
  std::array<int, 3> lo{grid.nz, grid.ny, grid.nx}, hi{-1, -1, -1};
  std::vector<std::size_t> voxels(points_A.size());
  for (std::size_t p = 0; p < points_A.size(); ++p) {
    const std::size_t v = grid.nearest(points_A[p]);
    voxels[p] = v;
    const std::array<int, 3> c{int(v / nxy), int(v / std::size_t(grid.nx) % std::size_t(grid.ny)),
                               int(v % std::size_t(grid.nx))};
    for (int a = 0; a < 3; ++a) lo[std::size_t(a)] = std::min(lo[std::size_t(a)], c[std::size_t(a)]);
    for (int a = 0; a < 3; ++a) hi[std::size_t(a)] = std::max(hi[std::size_t(a)], c[std::size_t(a)]);
  }
  const std::array<int, 3> n{grid.nz, grid.ny, grid.nx};
  const int m = std::isfinite(x0) ? int(std::ceil(std::sqrt(x0))) + 1 : std::max({grid.nx, grid.ny, grid.nz});
  for (std::size_t a = 0; a < 3; ++a) {
    lo[a] = std::max(0, lo[a] - m);
    hi[a] = std::min(n[a] - 1, hi[a] + m);
  }
  VoxelGrid box;
  box.nz = hi[0] - lo[0] + 1;
  box.ny = hi[1] - lo[1] + 1;
  box.nx = hi[2] - lo[2] + 1;
  box.voxel_A = grid.voxel_A;
  const auto in_box = [&](std::size_t v) {
    const int k = int(v / nxy), i = int(v / std::size_t(grid.nx) % std::size_t(grid.ny)), j = int(v % std::size_t(grid.nx));
    return box.index(k - lo[0], i - lo[1], j - lo[2]);
  };
  Mask at_points(box.size(), 0);
  for (const std::size_t v : voxels) at_points[in_box(v)] = 1;
  const auto to_points = squared_distances(box, at_points, x0);
  Mask centres(box.size(), 0);
  for (std::size_t i = 0; i < centres.size(); ++i) centres[i] = double(to_points[i]) >= x0 ? 1 : 0;
  const auto to_centres = squared_distances(box, centres, x0);
  for (int k = 0; k < box.nz; ++k)
    for (int i = 0; i < box.ny; ++i) {
      const std::size_t from = box.index(k, i, 0), to = grid.index(k + lo[0], i + lo[1], lo[2]);
      for (int j = 0; j < box.nx; ++j) hull[to + std::size_t(j)] = double(to_centres[from + std::size_t(j)]) >= x0 ? 1 : 0;
    }
  return hull;
}

namespace {

/// Dilation (OR) or erosion (AND) along each axis in turn by a window of
/// 2 radius + 1 voxels; outside the grid counts as empty, so erosion at the
/// border removes. Along y and z whole x rows are combined at once
/// (contiguous, vectorised) rather than walking strided lines.
Mask cube_filter(const VoxelGrid& grid, const Mask& mask, int radius, bool dilate) {
  Mask m = mask;
  if (radius <= 0) return m;
  const std::size_t nx = std::size_t(grid.nx);
  Mask src(m.size());
  // Along x: a running count of set voxels in [q - radius, q + radius].
  {
    src = m;
    const std::ptrdiff_t rows = std::ptrdiff_t(grid.ny) * grid.nz;
    const int n = grid.nx;
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t row = 0; row < rows; ++row) {
      const std::uint8_t* in = src.data() + std::size_t(row) * nx;
      std::uint8_t* out = m.data() + std::size_t(row) * nx;
      int count = 0;
      for (int q = 0; q <= std::min(radius, n - 1); ++q) count += in[q];
      for (int q = 0; q < n; ++q) {
        const int lo = q - radius, hi = q + radius;
        const int width = std::min(hi, n - 1) - std::max(lo, 0) + 1;
        const bool full = count == 2 * radius + 1 && width == 2 * radius + 1;
        out[q] = dilate ? (count > 0 ? 1 : 0) : (full ? 1 : 0);
        if (lo >= 0) count -= in[lo];
        if (hi + 1 < n) count += in[hi + 1];
      }
    }
  }
  // Along y (rows i of a slice k) and z (slices k): rows combined whole.
  for (int axis = 1; axis < 3; ++axis) {
    src = m;
    const int n = axis == 1 ? grid.ny : grid.nz;
    const std::ptrdiff_t rows = std::ptrdiff_t(grid.ny) * grid.nz;
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t row = 0; row < rows; ++row) {
      const int k = int(row / grid.ny), i = int(row % grid.ny);
      const int q = axis == 1 ? i : k;
      const auto at = [&](int qq) {
        return src.data() + (axis == 1 ? grid.index(k, qq, 0) : grid.index(qq, i, 0));
      };
      std::uint8_t* out = m.data() + std::size_t(row) * nx;
      const int lo = q - radius, hi = q + radius;
      if (!dilate && (lo < 0 || hi >= n)) {
        std::fill(out, out + nx, std::uint8_t(0));
        continue;
      }
      const int a = std::max(lo, 0), b = std::min(hi, n - 1);
      std::copy(at(a), at(a) + nx, out);
      for (int qq = a + 1; qq <= b; ++qq) {
        const std::uint8_t* in = at(qq);
        if (dilate)
          for (std::size_t j = 0; j < nx; ++j) out[j] = std::uint8_t(out[j] | in[j]);
        else
          for (std::size_t j = 0; j < nx; ++j) out[j] = std::uint8_t(out[j] & in[j]);
      }
    }
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
