// Centre-of-mass and common-line alignment (recon/alignment.hpp).
#include "recon/alignment.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"

namespace aet::recon {

namespace {

/// Shift s of profile b relative to a (b(y) ≈ a(y − s)), |s| <= range, sub-pixel.
double profile_shift(const std::vector<double>& a, const std::vector<double>& b, int range) {
  const int n = int(a.size());
  auto corr = [&](int s) {
    double c = 0;
    for (int y = std::max(0, s); y < std::min(n, n + s); ++y) c += b[std::size_t(y)] * a[std::size_t(y - s)];
    return c;
  };
  int best = 0;
  double cb = corr(0);
  for (int s = -range; s <= range; ++s)
    if (corr(s) > cb) {
      cb = corr(s);
      best = s;
    }
  const double lo = corr(best - 1), hi = corr(best + 1), d = lo - 2 * cb + hi;
  return best + (d < 0 ? std::clamp(0.5 * (lo - hi) / d, -0.5, 0.5) : 0.0);
}

}  // namespace

void align_centre_of_mass_common_line(TiltSeries& s, const AlignmentOptions& o) {
  const int nt = s.nt(), ny = s.ny(), nx = s.nx();
  std::vector<std::vector<double>> profiles(std::size_t(nt), std::vector<double>(std::size_t(ny), 0.0));
  for (int a = 0; a < nt; ++a) {
    double m = 0, mx = 0;
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) {
        const double v = std::max(0.0f, s.at(a, i, j));  // negative residue of background subtraction carries no mass
        m += v;
        mx += v * (j - nx / 2);
        profiles[std::size_t(a)][std::size_t(i)] += v;
      }
    if (!(m > 0)) throw Error(fmt::format("alignment: image {} has no positive signal", a));
    s.geometry().images[std::size_t(a)].shift_px[0] = mx / m;
  }
  // Common line: align every profile to the mean of the aligned profiles.
  std::vector<double> shift_y(std::size_t(nt), 0.0);
  const int range = std::max(1, std::min(int(o.max_shift_px), ny / 2 - 1));
  for (int pass = 0; pass < 3; ++pass) {
    std::vector<double> mean(std::size_t(ny), 0.0);
    for (int a = 0; a < nt; ++a)
      for (int i = 0; i < ny; ++i) {
        // profile a moved back by its shift (linear interpolation)
        const double y = i + shift_y[std::size_t(a)];
        const int y0 = int(std::floor(y));
        const double w = y - y0;
        double v = 0;
        if (y0 >= 0 && y0 < ny) v += (1 - w) * profiles[std::size_t(a)][std::size_t(y0)];
        if (y0 + 1 >= 0 && y0 + 1 < ny) v += w * profiles[std::size_t(a)][std::size_t(y0 + 1)];
        mean[std::size_t(i)] += v / nt;
      }
    for (int a = 0; a < nt; ++a) shift_y[std::size_t(a)] = profile_shift(mean, profiles[std::size_t(a)], range);
  }
  // Absolute level: the centre of mass of the mean profile, plus each image's offset.
  double m = 0, my = 0, mean_shift = 0;
  for (int a = 0; a < nt; ++a) mean_shift += shift_y[std::size_t(a)] / nt;
  for (int a = 0; a < nt; ++a)
    for (int i = 0; i < ny; ++i) {
      const double v = profiles[std::size_t(a)][std::size_t(i)];
      m += v;
      my += v * (i - ny / 2);
    }
  const double level = my / m - mean_shift;
  for (int a = 0; a < nt; ++a) s.geometry().images[std::size_t(a)].shift_px[1] = level + shift_y[std::size_t(a)];
}

}  // namespace aet::recon
