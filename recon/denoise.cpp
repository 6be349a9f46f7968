// Per-image Wiener denoising (recon/denoise.hpp).
#include "recon/denoise.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

#include "core/error.hpp"
#include "core/fft.hpp"

namespace aet::recon {

namespace {

/// The noise estimate of every image of `s` and, with `out` (which may be
/// `s` itself), the filtered images written into it.
DenoiseReport wiener(const TiltSeries& s, TiltSeries* out, const DenoiseOptions& o) {
  if (!(o.noise_band > 0 && o.noise_band < 1)) throw Error("denoise: noise band must be in (0, 1)");
  const int ny = s.ny(), nx = s.nx();
  // Mirrored to (2 ny, 2 nx): the periodic extension has no edge steps.
  const int my = 2 * ny, mx = 2 * nx, mc = mx / 2 + 1;
  DenoiseReport rep;
  rep.noise_power.assign(std::size_t(s.nt()), 0.0);
  rep.filtered_noise_power.assign(std::size_t(s.nt()), 0.0);
  fft::Buffer<float> real(std::size_t(my) * std::size_t(mx));
  fft::Buffer<std::complex<float>> spec(std::size_t(my) * std::size_t(mc));
  const auto fwd = fft::Plan<float>::real_to_complex_2d(my, mx, real.data(), spec.data());
  const auto inv = fft::Plan<float>::complex_to_real_2d(my, mx, spec.data(), real.data());
  const int nbins = int(std::ceil(std::sqrt(0.5) * std::max(my, mx))) + 2;
  std::vector<double> power(static_cast<std::size_t>(nbins)), count(static_cast<std::size_t>(nbins));
  std::vector<float> gain(static_cast<std::size_t>(nbins));
  auto radius = [&](int y, int x) {
    const double fy = double(y <= my / 2 ? y : y - my) / my, fx = double(x) / mx;  // cycles per pixel
    return std::sqrt(fy * fy + fx * fx);
  };
  for (int a = 0; a < s.nt(); ++a) {
    const auto img = s.image(a);
    for (int y = 0; y < my; ++y)
      for (int x = 0; x < mx; ++x) {
        const int sy = y < ny ? y : my - 1 - y, sx = x < nx ? x : mx - 1 - x;
        real[std::size_t(y) * std::size_t(mx) + std::size_t(x)] = img[std::size_t(sy) * std::size_t(nx) + std::size_t(sx)];
      }
    fwd.execute();
    std::fill(power.begin(), power.end(), 0.0);
    std::fill(count.begin(), count.end(), 0.0);
    double noise = 0, noise_n = 0;
    for (int y = 0; y < my; ++y)
      for (int x = 0; x < mc; ++x) {
        const auto& c = spec[std::size_t(y) * std::size_t(mc) + std::size_t(x)];
        const double p = double(c.real()) * c.real() + double(c.imag()) * c.imag();
        const double r = radius(y, x);
        const int b = std::min(nbins - 1, int(r * 2 * std::max(my, mx) / 2));
        power[std::size_t(b)] += p;
        count[std::size_t(b)] += 1;
        if (r > 0.5 * o.noise_band) {
          noise += p;
          noise_n += 1;
        }
      }
    noise = noise_n > 0 ? noise / noise_n : 0.0;
    rep.noise_power[std::size_t(a)] = noise / (double(my) * mx);
    for (int b = 0; b < nbins; ++b) {
      const double pm = count[std::size_t(b)] > 0 ? power[std::size_t(b)] / count[std::size_t(b)] : 0.0;
      gain[std::size_t(b)] = pm > 0 ? float(std::max(0.0, 1.0 - noise / pm)) : 0.0f;
    }
    gain[0] = 1.0f;  // the mean is kept
    const float norm = 1.0f / float(std::size_t(my) * std::size_t(mx));
    double gain2 = 0;  // Σ H² over the half spectrum, each column but x = 0 (and Nyquist) standing for two
    double weight = 0;
    for (int y = 0; y < my; ++y)
      for (int x = 0; x < mc; ++x) {
        const int b = std::min(nbins - 1, int(radius(y, x) * 2 * std::max(my, mx) / 2));
        auto& c = spec[std::size_t(y) * std::size_t(mc) + std::size_t(x)];
        c = {c.real() * (gain[std::size_t(b)] * norm), c.imag() * (gain[std::size_t(b)] * norm)};
        const double w = (x == 0 || 2 * x == mx) ? 1.0 : 2.0;
        gain2 += w * double(gain[std::size_t(b)]) * gain[std::size_t(b)];
        weight += w;
      }
    rep.filtered_noise_power[std::size_t(a)] = rep.noise_power[std::size_t(a)] * gain2 / weight;
    if (!out) continue;
    inv.execute();
    auto filtered = out->image(a);
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x)
        filtered[std::size_t(y) * std::size_t(nx) + std::size_t(x)] =
            real[std::size_t(y) * std::size_t(mx) + std::size_t(x)];
  }
  return rep;
}

}  // namespace

DenoiseReport denoise(TiltSeries& s, const DenoiseOptions& o) { return wiener(s, &s, o); }

DenoiseReport estimate_noise(const TiltSeries& s, const DenoiseOptions& o) { return wiener(s, nullptr, o); }

}  // namespace aet::recon
