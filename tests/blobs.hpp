#pragma once
// Test helper: 3D Gaussian blobs at known positions, the simplest stand-in
// for atoms whose truth is exactly known, rendered into a volume (tracing
// tests) or projected analytically (reconstruction tests; no code shared
// with the projector). A blob of peak density A and width σ (Å) at r0
// integrates along the beam to A σ √(2π) exp(−|(u, v) − (u0, v0)|² / 2σ²)
// (Å · density); the projector sums voxels (units of voxels), so the
// analytic image is that over the pixel size.
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <vector>

#include "core/tilt_series.hpp"
#include "core/volume.hpp"
#include "lattices.hpp"

namespace aet::test {

struct Blob {
  Vec3 r_A;
  double amplitude;  ///< peak density
  double sigma_A;
};

/// Renders blobs into a zero volume (each blob within 4 sigma, where it has
/// fallen to 3e-4 of its peak), then adds Gaussian noise of standard
/// deviation noise (0 = none).
inline Volume render_blobs(const VolumeGeometry& g, const std::vector<Blob>& blobs, double noise = 0.0,
                           unsigned seed = 1) {
  Volume v(g);
  for (const Blob& b : blobs) {
    const Vec3 c = g.to_voxel(b.r_A);
    const int reach = int(std::ceil(4 * b.sigma_A / g.voxel_A));
    for (int k = int(c[0]) - reach; k <= int(c[0]) + reach + 1; ++k)
      for (int i = int(c[1]) - reach; i <= int(c[1]) + reach + 1; ++i)
        for (int j = int(c[2]) - reach; j <= int(c[2]) + reach + 1; ++j) {
          if (k < 0 || i < 0 || j < 0 || k >= g.nz || i >= g.ny || j >= g.nx) continue;
          const double d2 = (g.position(k, i, j) - b.r_A).squaredNorm();
          v.at(k, i, j) += float(b.amplitude * std::exp(-d2 / (2 * b.sigma_A * b.sigma_A)));
        }
  }
  if (noise > 0) {
    boost::random::mt19937 rng(seed);
    boost::random::normal_distribution<double> n(0.0, noise);
    for (float& x : v.data()) x += float(n(rng));
  }
  return v;
}

/// The blobs' exact projections (ny x nx pixels) at every tilt of `tilts`.
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

/// Blobs (σ = 0.6 Å) 2.5 Å apart or more, inside a 10 Å ball: a toy particle.
inline std::vector<Blob> toy_particle() {
  return {{{0.0, 0.0, 0.0}, 1.0, 0.6},   {{2.6, 0.4, -0.3}, 1.0, 0.6}, {{-2.5, 1.1, 0.8}, 0.8, 0.6},
          {{0.7, -2.8, 1.9}, 1.2, 0.6},  {{-1.2, 2.4, -2.6}, 1.0, 0.6}, {{3.1, 3.0, 2.2}, 0.9, 0.6},
          {{-3.3, -2.6, -1.7}, 1.1, 0.6}, {{1.4, 1.9, 3.9}, 1.0, 0.6}};
}

/// fcc sites (a = 3.9 Å) within radius_A of the origin, shifted by offset_A
/// (off the voxel grid, so that fits see sub-voxel positions).
inline std::vector<Vec3> off_grid_fcc_ball(double radius_A, const Vec3& offset_A = Vec3(0.13, -0.21, 0.07)) {
  std::vector<Vec3> out = fcc_ball(3.9, radius_A);
  for (auto& r : out) r += offset_A;
  return out;
}

}  // namespace aet::test
