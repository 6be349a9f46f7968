#pragma once
// Test helper: local maxima of a volume, refined to sub-voxel precision by a
// 3-point parabola along each axis, in Å in the volume-centre frame.
#include <algorithm>
#include <vector>

#include "core/volume.hpp"

namespace aet::test {

struct Peak {
  Vec3 position_A;
  float value;
};

/// Voxels above `fraction` of the volume's maximum that are >= their 26
/// neighbours, each refined by x_refined = x + (f₋ − f₊) / (2 (f₋ − 2 f₀ + f₊)) per axis.
inline std::vector<Peak> find_peaks(const Volume& v, double fraction) {
  const float top = *std::max_element(v.data().begin(), v.data().end());
  std::vector<Peak> peaks;
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
        auto offset = [](double m, double c, double p) {
          const double d = m - 2 * c + p;
          return d < 0 ? 0.5 * (m - p) / d : 0.0;
        };
        const double ok = offset(v.at(k - 1, i, j), f, v.at(k + 1, i, j));
        const double oi = offset(v.at(k, i - 1, j), f, v.at(k, i + 1, j));
        const double oj = offset(v.at(k, i, j - 1), f, v.at(k, i, j + 1));
        const Vec3 base = v.geometry().position(k, i, j);
        peaks.push_back({base + v.voxel_A() * Vec3(oj, oi, ok), f});
      }
  return peaks;
}

}  // namespace aet::test
