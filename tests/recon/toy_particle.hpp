#pragma once
// Shared by the reconstruction tests: the toy particle of blobs.hpp centred,
// its analytic tilt series, and how far a volume's peaks lie from its blobs.
#include <algorithm>
#include <limits>
#include <vector>

#include "blobs.hpp"
#include "core/tilt_series.hpp"
#include "core/volume.hpp"
#include "test_util.hpp"

namespace aet::test {

inline constexpr double kToyPixel_A = 0.4;

/// Evenly spaced tilts lo, lo + step, ..., hi (degrees).
inline TiltGeometry tilt_range(double lo, double hi, double step) {
  std::vector<double> t;
  for (double a = lo; a <= hi + 1e-9; a += step) t.push_back(a);
  return TiltGeometry::from_tilts(t);
}

/// The toy particle's exact projections, 40 x 40 pixels of 0.4 Å.
inline TiltSeries toy_series(double lo = -70, double hi = 70, double step = 5) {
  return project_blobs(40, 40, kToyPixel_A, tilt_range(lo, hi, step), toy_particle());
}

/// The toy particle moved so that its centre of mass (amplitude-weighted,
/// equal σ) is the origin.
inline std::vector<Blob> centred_toy_particle() {
  auto blobs = toy_particle();
  Vec3 c = Vec3::Zero();
  double m = 0;
  for (const auto& b : blobs) {
    c += b.amplitude * b.r_A;
    m += b.amplitude;
  }
  for (auto& b : blobs) b.r_A -= c / m;
  return blobs;
}

/// The worst distance from a blob to its nearest peak (NaN-sticky); the
/// number of peaks (above 0.3 of the maximum) in n_peaks.
inline Worst max_peak_error(const Volume& v, const std::vector<Blob>& blobs, std::size_t& n_peaks) {
  const auto peaks = parabolic_peaks(v, 0.3);
  n_peaks = peaks.size();
  Worst worst;
  for (const auto& b : blobs) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& p : peaks) best = std::min(best, (p.position_A - b.r_A).norm());
    worst.add(best);
  }
  return worst;
}

}  // namespace aet::test
