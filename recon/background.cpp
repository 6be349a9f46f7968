// Background subtraction by Laplacian interpolation (recon/background.hpp).
#include "recon/background.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/geometry.hpp"
#include "core/statistics.hpp"

namespace aet::recon {

namespace {

/// The image smoothed by the box filter (separable, clamped at the edges).
std::vector<float> smoothed(std::span<const float> image, int ny, int nx, int smooth_px) {
  const std::size_t n = std::size_t(ny) * std::size_t(nx);
  auto box = [&](const std::vector<float>& in, bool along_x) {
    std::vector<float> out(n);
    const int r = std::max(0, smooth_px);
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) {
        double s = 0;
        int c = 0;
        for (int d = -r; d <= r; ++d) {
          const int ii = along_x ? i : i + d, jj = along_x ? j + d : j;
          if (ii < 0 || ii >= ny || jj < 0 || jj >= nx) continue;
          s += in[std::size_t(ii) * std::size_t(nx) + std::size_t(jj)];
          ++c;
        }
        out[std::size_t(i) * std::size_t(nx) + std::size_t(j)] = float(s / c);
      }
    return out;
  };
  return box(box(std::vector<float>(image.begin(), image.end()), true), false);
}

/// Pixels of `smooth` above `cut`, grown by margin_px (a disc), the image
/// border left out.
std::vector<std::uint8_t> grown_mask(const std::vector<float>& smooth, float cut, int ny, int nx,
                                     const BackgroundOptions& o) {
  const std::size_t n = std::size_t(ny) * std::size_t(nx);
  std::vector<std::uint8_t> mask(n, 0);
  for (std::size_t p = 0; p < n; ++p) mask[p] = smooth[p] > cut;
  // Grow by margin_px (a disc), by distance to the nearest seed pixel, row-wise.
  std::vector<std::uint8_t> grown(n, 0);
  const int m = std::max(0, o.margin_px);
  for (int i = 0; i < ny; ++i)
    for (int j = 0; j < nx; ++j) {
      if (!mask[std::size_t(i) * std::size_t(nx) + std::size_t(j)]) continue;
      for (int di = -m; di <= m; ++di)
        for (int dj = -m; dj <= m; ++dj) {
          const int ii = i + di, jj = j + dj;
          if (di * di + dj * dj > m * m || ii < 0 || ii >= ny || jj < 0 || jj >= nx) continue;
          grown[std::size_t(ii) * std::size_t(nx) + std::size_t(jj)] = 1;
        }
    }
  for (int i = 0; i < ny; ++i) grown[std::size_t(i) * std::size_t(nx)] = grown[std::size_t(i) * std::size_t(nx) + std::size_t(nx - 1)] = 0;
  for (int j = 0; j < nx; ++j) grown[std::size_t(j)] = grown[std::size_t(ny - 1) * std::size_t(nx) + std::size_t(j)] = 0;
  return grown;
}

/// The background's level and robust spread in the smoothed image (peak
/// `top`): the median and median absolute deviation (x 1.4826, a Gaussian's
/// standard deviation) of the whole image, or of its border ring (ring_px
/// wide) when the whole image's median is a particle pixel: above the cut
/// the ring's level would give (background then covers under half the
/// image: a tight crop at zero tilt, a long particle's high tilts, the
/// published PB in 98.8 Å). The image's median would then put the cut
/// inside the particle's dim rim, which would be interpolated from and
/// subtracted. Otherwise the whole image's: the ring holds few pixels, a
/// support film's texture moves it, and a particle cut by the field of view
/// covers it (particle_at_edge's case).
struct Level {
  float median = 0;
  float spread = 0;
  bool from_ring = false;
  /// level + threshold · (top − level): the mask's threshold.
  float cut(float top, double threshold) const { return median + float(threshold) * (top - median); }
};

Level robust_level(std::vector<float> values) {
  Level l;
  l.median = aet::median(values);
  for (float& v : values) v = std::fabs(v - l.median);
  l.spread = 1.4826f * aet::median(values);
  return l;
}

Level background_level(const std::vector<float>& smooth, int ny, int nx, float top, const BackgroundOptions& o) {
  const Level from_image = robust_level(smooth);
  if (o.ring_px <= 0) return from_image;
  const int w = std::min(o.ring_px, std::max(1, std::min(ny, nx) / 2));
  std::vector<float> ring;
  ring.reserve(std::size_t(2 * w) * std::size_t(ny + nx));
  for (int i = 0; i < ny; ++i)
    for (int j = 0; j < nx; ++j)
      if (i < w || j < w || i >= ny - w || j >= nx - w) ring.push_back(smooth[std::size_t(i) * std::size_t(nx) + std::size_t(j)]);
  Level from_ring = robust_level(std::move(ring));
  from_ring.from_ring = true;
  return from_image.median > from_ring.cut(top, o.threshold) ? from_ring : from_image;
}

/// An image smoothed, its peak and its background's level.
struct Smoothed {
  std::vector<float> smooth;
  float top = 0;
  Level level;
};

Smoothed smoothed_with_level(std::span<const float> image, int ny, int nx, const BackgroundOptions& o) {
  const std::size_t n = std::size_t(ny) * std::size_t(nx);
  if (image.size() != n) throw Error("background: image size mismatch");
  Smoothed s;
  s.smooth = smoothed(image, ny, nx, o.smooth_px);
  s.top = *std::max_element(s.smooth.begin(), s.smooth.end());
  s.level = background_level(s.smooth, ny, nx, s.top, o);
  return s;
}

/// particle_mask's, and whether its level was the border ring's.
std::vector<std::uint8_t> mask_of(std::span<const float> image, int ny, int nx, const BackgroundOptions& o,
                                  bool& from_ring) {
  const Smoothed s = smoothed_with_level(image, ny, nx, o);
  from_ring = s.level.from_ring;
  return grown_mask(s.smooth, s.level.cut(s.top, o.threshold), ny, nx, o);
}

}  // namespace

std::vector<std::uint8_t> particle_mask(std::span<const float> image, int ny, int nx, const BackgroundOptions& o) {
  bool from_ring = false;
  return mask_of(image, ny, nx, o, from_ring);
}

std::vector<std::uint8_t> edge_check_mask(std::span<const float> image, int ny, int nx, const BackgroundOptions& o) {
  const Smoothed s = smoothed_with_level(image, ny, nx, o);
  const float cut =
      std::max(s.level.cut(s.top, o.threshold), s.level.median + float(o.edge_background_sigmas) * s.level.spread);
  return grown_mask(s.smooth, cut, ny, nx, o);
}

std::vector<float> laplacian_background(std::span<const float> image, std::span<const std::uint8_t> mask, int ny,
                                        int nx, const BackgroundOptions& o) {
  const std::size_t n = std::size_t(ny) * std::size_t(nx);
  if (image.size() != n || mask.size() != n) throw Error("background: image or mask size mismatch");
  std::vector<float> b(image.begin(), image.end());
  // Start inside the mask from the mean of the pixels outside it.
  double outside = 0;
  std::size_t count = 0, extent = 0;
  for (std::size_t p = 0; p < n; ++p)
    if (!mask[p]) {
      outside += image[p];
      ++count;
    } else {
      ++extent;
    }
  if (extent == 0) return b;
  const float start = count ? float(outside / double(count)) : 0.0f;
  for (std::size_t p = 0; p < n; ++p)
    if (mask[p]) b[p] = start;
  // SOR on the 5-point Laplacian; ω from the mask's size (~ its diameter).
  const double diameter = std::max(2.0, 2.0 * std::sqrt(double(extent) / kPi));
  const double omega = 2.0 / (1.0 + std::sin(kPi / diameter));
  double scale = 0;
  for (float v : image) scale = std::max(scale, double(std::fabs(v)));
  for (int it = 0; it < o.max_iterations; ++it) {
    double change = 0;
    for (int i = 1; i + 1 < ny; ++i)
      for (int j = 1; j + 1 < nx; ++j) {
        const std::size_t p = std::size_t(i) * std::size_t(nx) + std::size_t(j);
        if (!mask[p]) continue;
        const double avg = 0.25 * (double(b[p - 1]) + b[p + 1] + b[p - std::size_t(nx)] + b[p + std::size_t(nx)]);
        const double d = omega * (avg - b[p]);
        b[p] = float(b[p] + d);
        change = std::max(change, std::fabs(d));
      }
    if (change <= o.tolerance * std::max(scale, 1e-30)) break;
  }
  return b;
}

EdgeCheck particle_at_edge(const TiltSeries& s, const BackgroundOptions& o) {
  EdgeCheck c;
  c.images = s.nt();
  std::vector<std::uint8_t> at_edge(std::size_t(std::max(0, s.nt())), 0);
  const int ny = s.ny(), nx = s.nx();
#pragma omp parallel for schedule(dynamic)
  for (int a = 0; a < s.nt(); ++a) {
    const auto mask = edge_check_mask(s.image(a), ny, nx, o);
    // Connected pieces of the mask (4-neighbours): noise and film specks
    // above the threshold make small ones anywhere, the particle the largest.
    std::vector<int> label(mask.size(), -1);
    std::vector<std::size_t> area;
    std::vector<std::size_t> stack;
    for (std::size_t p0 = 0; p0 < mask.size(); ++p0) {
      if (!mask[p0] || label[p0] >= 0) continue;
      const int id = int(area.size());
      area.push_back(0);
      label[p0] = id;
      stack.assign(1, p0);
      while (!stack.empty()) {
        const std::size_t p = stack.back();
        stack.pop_back();
        ++area.back();
        const int i = int(p / std::size_t(nx)), j = int(p % std::size_t(nx));
        const int di[4] = {-1, 1, 0, 0}, dj[4] = {0, 0, -1, 1};
        for (int d = 0; d < 4; ++d) {
          const int ii = i + di[d], jj = j + dj[d];
          if (ii < 0 || jj < 0 || ii >= ny || jj >= nx) continue;
          const std::size_t q = std::size_t(ii) * std::size_t(nx) + std::size_t(jj);
          if (mask[q] && label[q] < 0) {
            label[q] = id;
            stack.push_back(q);
          }
        }
      }
    }
    const std::size_t largest = area.empty() ? 0 : *std::max_element(area.begin(), area.end());
    // Border pixels are never in the mask; the ring just inside them is the
    // last background the interpolation could anchor to. A piece under a
    // tenth of the particle's area there is a speck, not the particle.
    bool edge = false;
    for (int i = 1; i < ny - 1 && !edge; ++i)
      for (int j = 1; j < nx - 1 && !edge; ++j) {
        if (!(i == 1 || j == 1 || i == ny - 2 || j == nx - 2)) continue;
        const int l = label[std::size_t(i) * std::size_t(nx) + std::size_t(j)];
        if (l >= 0 && 10 * area[std::size_t(l)] >= largest) edge = true;
      }
    at_edge[std::size_t(a)] = edge;
  }
  for (int a = 0; a < s.nt(); ++a)
    if (at_edge[std::size_t(a)]) c.images_at_edge.push_back(a);
  return c;
}

BackgroundReport subtract_background(TiltSeries& s, const BackgroundOptions& o) {
  BackgroundReport rep;
  rep.mask_pixels.assign(std::size_t(std::max(0, s.nt())), 0);
  std::vector<std::uint8_t> from_ring(rep.mask_pixels.size(), 0);
#pragma omp parallel for schedule(dynamic)
  for (int a = 0; a < s.nt(); ++a) {
    auto img = s.image(a);
    bool ring = false;
    const auto mask = mask_of(img, s.ny(), s.nx(), o, ring);
    from_ring[std::size_t(a)] = ring;
    rep.mask_pixels[std::size_t(a)] = std::size_t(std::count(mask.begin(), mask.end(), std::uint8_t(1)));
    const auto bg = laplacian_background(img, mask, s.ny(), s.nx(), o);
    for (std::size_t p = 0; p < img.size(); ++p) img[p] -= bg[p];
  }
  for (int a = 0; a < s.nt(); ++a)
    if (from_ring[std::size_t(a)]) rep.ring_level_images.push_back(a);
  return rep;
}

}  // namespace aet::recon
