#pragma once
// Test helper: volumes made of 3D Gaussian blobs at known positions, the
// simplest stand-in for a reconstruction whose truth is exactly known.
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <vector>

#include "core/atom_model.hpp"
#include "core/volume.hpp"
#include "lattices.hpp"

namespace aet::test {

struct Blob {
  Vec3 r_A;
  double amplitude;
  double sigma_A;
};

/// Renders blobs into a zero volume (each blob within 4 sigma), then adds
/// Gaussian noise of standard deviation noise (0 = none).
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

/// fcc sites (a = 3.9 Å) within radius_A of the origin, shifted by offset_A
/// (off the voxel grid, so that fits see sub-voxel positions).
inline std::vector<Vec3> fcc_ball(double radius_A, const Vec3& offset_A = Vec3(0.13, -0.21, 0.07)) {
  std::vector<Vec3> out = fcc_ball(3.9, radius_A);
  for (auto& r : out) r += offset_A;
  return out;
}

}  // namespace aet::test
