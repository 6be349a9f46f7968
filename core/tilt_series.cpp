#include "core/tilt_series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/volume.hpp"

namespace aet {

namespace {
void validate(int nt, int ny, int nx, double pixel_A, const TiltGeometry& g) {
  check_shape("tilt series", {nt, ny, nx});
  if (!(pixel_A > 0.0) || !std::isfinite(pixel_A))
    throw Error(fmt::format("tilt series: pixel size {} Å is not a positive number", pixel_A));
  for (std::size_t k = 0; k < g.size(); ++k) {
    const auto& im = g.images[k];
    bool finite = std::isfinite(im.tilt_deg) && std::isfinite(im.shift_px[0]) &&
                  std::isfinite(im.shift_px[1]);
    for (double e : im.euler_deg) finite = finite && std::isfinite(e);
    if (!finite) throw Error(fmt::format("tilt series: image {} has a non-finite angle or shift", k));
  }
}
}  // namespace

TiltSeries::TiltSeries(int ny, int nx, double pixel_A, TiltGeometry geometry)
    : ny_(ny), nx_(nx), pixel_A_(pixel_A), geometry_(std::move(geometry)) {
  validate(nt(), ny, nx, pixel_A, geometry_);
  data_.assign(std::size_t(nt()) * image_size(), 0.0f);
}

TiltSeries::TiltSeries(int ny, int nx, double pixel_A, TiltGeometry geometry, std::vector<float> data)
    : ny_(ny), nx_(nx), pixel_A_(pixel_A), geometry_(std::move(geometry)), data_(std::move(data)) {
  validate(nt(), ny, nx, pixel_A, geometry_);
  if (data_.size() != std::size_t(nt()) * image_size())
    throw Error(fmt::format("tilt series: {} values for {} images of {}x{}", data_.size(), nt(), ny, nx));
}

void check_acquisition(const TiltSeries& series, int frames_per_tilt, const std::string& what,
                       const std::string& option) {
  // Angles agreeing to 1e-3 degrees are one tilt: far below any goniometer's
  // step (0.1 degree), far above the rounding of a .tlt file.
  constexpr double kSameAngle_deg = 1e-3;
  const auto& images = series.geometry().images;
  const int n = series.nt(), F = frames_per_tilt;
  for (int k = 0; k < n; ++k)
    if (!(std::fabs(images[std::size_t(k)].tilt_deg) <= 90.0))
      throw Error(fmt::format("{}: image {} is tilted {}°, beyond ±90°", what, k + 1, images[std::size_t(k)].tilt_deg));
  if (F < 1 || n % F != 0)
    throw Error(fmt::format("{}: {} {}: {} images are not a whole number of tilts", what, option, F, n));
  std::vector<std::pair<double, int>> tilts;
  for (int t = 0; t < n / F; ++t) {
    const double a = images[std::size_t(t) * std::size_t(F)].tilt_deg;
    for (int f = 1; f < F; ++f) {
      const double b = images[std::size_t(t * F + f)].tilt_deg;
      if (std::fabs(a - b) > kSameAngle_deg)
        throw Error(fmt::format("{}: {} {} averages images {} ({}°) and {} ({}°) of different tilts", what, option, F,
                                t * F + 1, a, t * F + f + 1, b));
    }
    tilts.emplace_back(a, t * F + 1);
  }
  if (series.geometry().has_euler()) return;
  std::sort(tilts.begin(), tilts.end());
  for (std::size_t t = 1; t < tilts.size(); ++t)
    if (tilts[t].first - tilts[t - 1].first <= kSameAngle_deg)
      throw Error(fmt::format("{}: images {} and {} are both at {}°: each tilt once (give frames of one tilt with {})",
                              what, std::min(tilts[t - 1].second, tilts[t].second),
                              std::max(tilts[t - 1].second, tilts[t].second), tilts[t].first, option));
}

}  // namespace aet
