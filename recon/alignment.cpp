// Centre-of-mass and common-line alignment (recon/alignment.hpp).
#include "recon/alignment.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"

namespace aet::recon {

namespace {

/// Shift s of profile b relative to a (b(y) ≈ a(y − s)), searched over the
/// integers lo..hi, sub-pixel by a parabola.
double profile_shift(const std::vector<double>& a, const std::vector<double>& b, int lo, int hi) {
  const int n = int(a.size());
  auto corr = [&](int s) {
    double c = 0;
    for (int y = std::max(0, s); y < std::min(n, n + s); ++y) c += b[std::size_t(y)] * a[std::size_t(y - s)];
    return c;
  };
  int best = lo;
  double cb = corr(lo);
  for (int s = lo + 1; s <= hi; ++s)
    if (corr(s) > cb) {
      cb = corr(s);
      best = s;
    }
  const double l = corr(best - 1), h = corr(best + 1), d = l - 2 * cb + h;
  return best + (d < 0 ? std::clamp(0.5 * (l - h) / d, -0.5, 0.5) : 0.0);
}

/// The profile convolved with a normalised Gaussian of σ = sigma_px
/// (truncated at 4σ; zero outside the profile).
std::vector<double> smoothed(const std::vector<double>& p, double sigma_px) {
  if (!(sigma_px > 0)) return p;
  const int n = int(p.size()), r = int(std::ceil(4 * sigma_px));
  std::vector<double> w(std::size_t(2 * r + 1));
  double sum = 0;
  for (int k = -r; k <= r; ++k) sum += w[std::size_t(k + r)] = std::exp(-0.5 * k * k / (sigma_px * sigma_px));
  std::vector<double> out(p.size(), 0.0);
  for (int i = 0; i < n; ++i)
    for (int k = -r; k <= r; ++k)
      if (i + k >= 0 && i + k < n) out[std::size_t(i)] += w[std::size_t(k + r)] / sum * p[std::size_t(i + k)];
  return out;
}

/// The mean of the profiles, each moved back by its shift (linear interpolation).
std::vector<double> mean_profile(const std::vector<std::vector<double>>& profiles, const std::vector<double>& shift) {
  const int nt = int(profiles.size()), ny = int(profiles.front().size());
  std::vector<double> mean(std::size_t(ny), 0.0);
  for (int a = 0; a < nt; ++a)
    for (int i = 0; i < ny; ++i) {
      const double y = i + shift[std::size_t(a)];
      const int y0 = int(std::floor(y));
      const double w = y - y0;
      double v = 0;
      if (y0 >= 0 && y0 < ny) v += (1 - w) * profiles[std::size_t(a)][std::size_t(y0)];
      if (y0 + 1 >= 0 && y0 + 1 < ny) v += w * profiles[std::size_t(a)][std::size_t(y0 + 1)];
      mean[std::size_t(i)] += v / nt;
    }
  return mean;
}

}  // namespace

void align_centre_of_mass_common_line(TiltSeries& s, const AlignmentOptions& o) {
  const int nt = s.nt(), ny = s.ny(), nx = s.nx();
  if (!(o.envelope_sigma_A >= 0))
    throw Error(fmt::format("alignment: envelope_sigma_A {} must be >= 0", o.envelope_sigma_A));
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
  // Common line: every smoothed profile aligned to the mean of the aligned
  // smoothed profiles.
  std::vector<std::vector<double>> envelopes;
  for (const auto& p : profiles) envelopes.push_back(smoothed(p, o.envelope_sigma_A / s.pixel_A()));
  std::vector<double> shift_y(std::size_t(nt), 0.0);
  const int range = std::max(1, std::min(int(o.max_shift_px), ny / 2 - 1));
  for (int pass = 0; pass < 3; ++pass) {
    const auto mean = mean_profile(envelopes, shift_y);
    for (int a = 0; a < nt; ++a) shift_y[std::size_t(a)] = profile_shift(mean, envelopes[std::size_t(a)], -range, range);
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
