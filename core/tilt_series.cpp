#include "core/tilt_series.hpp"

#include <fmt/format.h>

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

}  // namespace aet
