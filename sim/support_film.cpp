#include "sim/support_film.hpp"

#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <complex>

#include "sim/adf_cross_section.hpp"
#include "core/fft.hpp"

namespace aet::sim {

SupportFilm::SupportFilm(const SupportFilmConfig& c, double voltage_kV, const DetectorConfig& detector,
                         double mid_plane_z_A, boost::random::mt19937& rng)
    : config_(c), mid_z_(mid_plane_z_A) {
  // Si3N4: 3 Si + 4 N per 140.28 g/mol; number density in atoms/Å³.
  const double avogadro = 6.02214076e23;
  const double atoms_per_A3 = c.density_g_cm3 / (140.28 / 7.0) * avogadro * 1e-24;
  const double sigma_avg = (3.0 * adf_cross_section_A2("Si", voltage_kV, detector) +
                            4.0 * adf_cross_section_A2("N", voltage_kV, detector)) /
                           7.0;
  fraction0_ = c.enabled ? atoms_per_A3 * c.thickness_A * sigma_avg : 0.0;

  // Periodic Gaussian random field: white noise filtered by a Gaussian of
  // standard deviation xi (FFT), on a grid of spacing xi/4 and 256 xi wide.
  n_ = 256;
  h_ = c.correlation_A / 4.0;
  std::vector<std::complex<double>> a(std::size_t(n_) * n_);
  boost::random::normal_distribution<double> gauss(0.0, 1.0);
  for (auto& v : a) v = gauss(rng);
  fft::transform_2d(a, n_, n_, fft::Direction::Forward);
  const double dk = 1.0 / (n_ * h_), s = c.correlation_A;
  for (int i = 0; i < n_; ++i)
    for (int j = 0; j < n_; ++j) {
      const double kx = fft::frequency(j, n_) * dk, ky = fft::frequency(i, n_) * dk;
      a[std::size_t(i) * n_ + j] *= std::exp(-2.0 * kPi * kPi * s * s * (kx * kx + ky * ky));
    }
  fft::transform_2d(a, n_, n_, fft::Direction::Backward);
  field_.resize(a.size());
  double sum = 0.0, sum2 = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    field_[i] = a[i].real();
    sum += field_[i];
    sum2 += field_[i] * field_[i];
  }
  const double mean = sum / double(a.size());
  const double sd = std::sqrt(std::max(sum2 / double(a.size()) - mean * mean, 1e-300));
  for (auto& v : field_) v = (v - mean) / sd;
}

double SupportFilm::field(double x, double y) const {
  // Bilinear, periodic.
  const double gx = x / h_, gy = y / h_;
  const double fx = std::floor(gx), fy = std::floor(gy);
  const double tx = gx - fx, ty = gy - fy;
  auto wrap = [this](double v) { return int(((long long)(v) % n_ + n_) % n_); };
  const int j0 = wrap(fx), i0 = wrap(fy), j1 = (j0 + 1) % n_, i1 = (i0 + 1) % n_;
  auto at = [this](int i, int j) { return field_[std::size_t(i) * n_ + j]; };
  return (1 - ty) * ((1 - tx) * at(i0, j0) + tx * at(i0, j1)) + ty * ((1 - tx) * at(i1, j0) + tx * at(i1, j1));
}

double SupportFilm::mean_fraction(const Mat3& r) const { return fraction0_ / std::fabs(r(2, 2)); }

void SupportFilm::add(std::span<double> fraction, int ny, int nx, double pixel_A, const Mat3& r,
                      const std::array<double, 2>& shift_px) const {
  if (fraction0_ == 0.0) return;
  const double mean = mean_fraction(r), rough = config_.roughness;
  for (int i = 0; i < ny; ++i) {
    const double v = (i - ny / 2 - shift_px[1]) * pixel_A;
    for (int j = 0; j < nx; ++j) {
      const double u = (j - nx / 2 - shift_px[0]) * pixel_A;
      // The specimen point s with (R s)_xy = (u, v) on the film's mid-plane s_z = z_mid.
      const double w = (mid_z_ - r(0, 2) * u - r(1, 2) * v) / r(2, 2);
      const double sx = r(0, 0) * u + r(1, 0) * v + r(2, 0) * w;
      const double sy = r(0, 1) * u + r(1, 1) * v + r(2, 1) * w;
      fraction[std::size_t(i) * nx + j] += mean * (1.0 + rough * field(sx, sy));
    }
  }
}

}  // namespace aet::sim
