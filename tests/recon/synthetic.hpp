#pragma once
// Test helper: Gaussian blobs, voxelised and projected analytically. A blob
// of peak density A and width σ (Å) at r0 integrates along the beam to
// A σ √(2π) exp(−|(u, v) − (u0, v0)|² / 2σ²) (Å · density); the projector
// sums voxels (units of voxels), so the analytic image is that over p.
#include <cmath>
#include <vector>

#include "core/tilt_series.hpp"
#include "core/volume.hpp"

namespace aet::test {

struct Blob {
  Vec3 r_A;
  double sigma_A;
  double amplitude;
};

inline Volume voxelise(const VolumeGeometry& g, const std::vector<Blob>& blobs) {
  Volume v(g);
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.ny; ++i)
      for (int j = 0; j < g.nx; ++j) {
        double s = 0;
        for (const auto& b : blobs)
          s += b.amplitude * std::exp(-(g.position(k, i, j) - b.r_A).squaredNorm() / (2 * b.sigma_A * b.sigma_A));
        v.at(k, i, j) = float(s);
      }
  return v;
}

inline TiltSeries project_blobs(int ny, int nx, double pixel_A, const TiltGeometry& tilts,
                                const std::vector<Blob>& blobs) {
  TiltSeries s(ny, nx, pixel_A, tilts);
  for (int a = 0; a < s.nt(); ++a) {
    const auto& im = tilts.images[std::size_t(a)];
    const Mat3 R = im.rotation();
    for (const auto& b : blobs) {
      const Vec3 q = R * b.r_A;
      const double u0 = q.x() + im.shift_px[0] * pixel_A, v0 = q.y() + im.shift_px[1] * pixel_A;
      const double peak = b.amplitude * b.sigma_A * std::sqrt(2 * kPi) / pixel_A;
      for (int i = 0; i < ny; ++i)
        for (int j = 0; j < nx; ++j) {
          const double du = (j - nx / 2) * pixel_A - u0, dv = (i - ny / 2) * pixel_A - v0;
          s.at(a, i, j) += float(peak * std::exp(-(du * du + dv * dv) / (2 * b.sigma_A * b.sigma_A)));
        }
    }
  }
  return s;
}

/// Blobs 2.5 Å apart or more, inside a 10 Å ball: a toy particle.
inline std::vector<Blob> toy_particle() {
  return {{{0.0, 0.0, 0.0}, 0.6, 1.0},   {{2.6, 0.4, -0.3}, 0.6, 1.0}, {{-2.5, 1.1, 0.8}, 0.6, 0.8},
          {{0.7, -2.8, 1.9}, 0.6, 1.2},  {{-1.2, 2.4, -2.6}, 0.6, 1.0}, {{3.1, 3.0, 2.2}, 0.6, 0.9},
          {{-3.3, -2.6, -1.7}, 0.6, 1.1}, {{1.4, 1.9, 3.9}, 0.6, 1.0}};
}

}  // namespace aet::test
