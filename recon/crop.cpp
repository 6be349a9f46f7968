// Cropping to the particle's support (recon/crop.hpp).
#include "recon/crop.hpp"

#include <algorithm>
#include <cmath>

namespace aet::recon {

VolumeGeometry cropped_volume(const TiltSeries& s, const CropOptions& o) {
  double rho = 0, ylo = 0, yhi = 0;
  for (int a = 0; a < s.nt(); ++a) {
    const auto mask = particle_mask(s.image(a), s.ny(), s.nx(), o.mask);
    const auto& shift = s.geometry().images[std::size_t(a)].shift_px;
    for (int i = 0; i < s.ny(); ++i)
      for (int j = 0; j < s.nx(); ++j) {
        if (!mask[std::size_t(i) * std::size_t(s.nx()) + std::size_t(j)]) continue;
        rho = std::max(rho, std::fabs(j - s.nx() / 2 - shift[0]));
        ylo = std::min(ylo, i - s.ny() / 2 - shift[1]);
        yhi = std::max(yhi, i - s.ny() / 2 - shift[1]);
      }
  }
  auto even = [](double half, int limit) {
    const int n = 2 * int(std::ceil(half));
    return std::clamp(n, 2, limit);
  };
  const int nx = even(rho + o.margin_px + 1, s.nx());
  const int ny = even(std::max(-ylo, yhi) + o.margin_px + 1, s.ny());
  return VolumeGeometry{nx, ny, nx, s.pixel_A()};
}

}  // namespace aet::recon
