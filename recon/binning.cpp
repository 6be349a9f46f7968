// Binning for coarse-to-fine refinement (recon/binning.hpp).
#include "recon/binning.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace aet::recon {

double bin_shift(double s, int n, int f) {
  // A specimen point at full pixel n/2 + s sits at binned (n/2 + s − (f − 1)/2)/f.
  return (double(n / 2) + s - 0.5 * double(f - 1)) / double(f) - double((n / f) / 2);
}

double unbin_shift(double sb, int n, int f) {
  return double(f) * (sb + double((n / f) / 2)) + 0.5 * double(f - 1) - double(n / 2);
}

TiltSeries bin_series(const TiltSeries& s, int f) {
  if (f < 1) throw Error(fmt::format("binning: factor {} is below 1", f));
  if (s.nx() < f || s.ny() < f)
    throw Error(fmt::format("binning: images of {} x {} pixels cannot be binned {}x", s.ny(), s.nx(), f));
  if (f == 1) return s;
  const int ny = s.ny() / f, nx = s.nx() / f, nt = s.nt();
  TiltGeometry g = s.geometry();
  for (auto& im : g.images) {
    im.shift_px[0] = bin_shift(im.shift_px[0], s.nx(), f);
    im.shift_px[1] = bin_shift(im.shift_px[1], s.ny(), f);
  }
  TiltSeries out(ny, nx, s.pixel_A() * f, g);
  const float norm = 1.0f / float(f * f);
#pragma omp parallel for schedule(static)
  for (int a = 0; a < nt; ++a)
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) {
        float sum = 0;
        for (int di = 0; di < f; ++di)
          for (int dj = 0; dj < f; ++dj) sum += s.at(a, f * i + di, f * j + dj);
        out.at(a, i, j) = sum * norm;
      }
  out.metadata() = s.metadata();
  return out;
}

VolumeGeometry bin_volume(const VolumeGeometry& v, int f) {
  if (f < 1) throw Error(fmt::format("binning: factor {} is below 1", f));
  VolumeGeometry b = v;
  b.nz = std::max(1, v.nz / f);
  b.ny = std::max(1, v.ny / f);
  b.nx = std::max(1, v.nx / f);
  b.voxel_A = v.voxel_A * f;
  return b;
}

std::vector<ImageGeometry> unbin_geometry(std::vector<ImageGeometry> g, int f, int ny, int nx) {
  for (auto& im : g) {
    im.shift_px[0] = unbin_shift(im.shift_px[0], nx, f);
    im.shift_px[1] = unbin_shift(im.shift_px[1], ny, f);
  }
  return g;
}

}  // namespace aet::recon
