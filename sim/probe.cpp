#include "sim/probe.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <tuple>
#include <utility>

#include "core/error.hpp"
#include "core/geometry.hpp"
#include "core/fft.hpp"

namespace aet::sim {

double electron_wavelength_A(double voltage_kV) {
  // lambda = h c / sqrt(E (2 m c^2 + E)), E = e V (Kirkland eq. 2.5).
  const double hc_keV_A = 12.3984198;  // h c in keV Å
  const double mc2_keV = 510.99895;
  const double e = voltage_kV;
  return hc_keV_A / std::sqrt(e * (2.0 * mc2_keV + e));
}

double airy_fwhm_A(double voltage_kV, double convergence_mrad) {
  // [2 J1(v)/v]^2 = 1/2 at v = 1.616340; v = 2 pi alpha r / lambda.
  return 2.0 * 1.616340 / (2.0 * kPi) * electron_wavelength_A(voltage_kV) / (convergence_mrad * 1e-3);
}

namespace {

/// The sampling of the probe computation: n x n points dx apart, dk in 1/Å.
struct ProbeGrid {
  double dx;
  int n;
  double dk;
};

/// The intensity is band-limited to 2 k_ap; sample it 2x finer than Nyquist
/// (dx = 1 / (8 k_ap), 0.082 Å at 30 mrad) over a window wide enough for the
/// source blur and the Airy tails (>= 40 Å or 8 source FWHMs; 99.5 % of the
/// intensity lies within ~10 Å).
ProbeGrid probe_grid(const ProbeConfig& cfg, double k_ap) {
  const double dx = 1.0 / (8.0 * k_ap);
  const double tail = cfg.source_tail_fraction > 0.0 ? cfg.source_tail_fwhm_A : 0.0;
  const double window = std::max({40.0, 8.0 * cfg.source_fwhm_A, 8.0 * tail, 256.0 * dx});
  int n = 64;
  while (n * dx < window) n *= 2;
  return {dx, n, 1.0 / (n * dx)};
}

/// The probe intensity on the grid (real parts; point 0 is the centre): the
/// aberrated aperture wave transformed to real space, its intensity, then
/// the source blur as a multiplication in Fourier space (a mixture of two
/// Gaussians when the source has a skirt).
std::vector<std::complex<double>> probe_intensity(const ProbeConfig& cfg, const ProbeGrid& grid, double lambda,
                                                  double k_ap, double sigma_src, double tail_fraction,
                                                  double sigma_tail) {
  const int n = grid.n;
  const double dk = grid.dk;
  auto freq = [n](int i) { return fft::frequency(i, n); };
  const double c3 = cfg.c3_mm * 1e7, c5 = cfg.c5_mm * 1e7;  // mm -> Å
  std::vector<std::complex<double>> psi(std::size_t(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double kx = freq(j) * dk, ky = freq(i) * dk, k2 = kx * kx + ky * ky;
      if (k2 > k_ap * k_ap) continue;
      const double chi = kPi * lambda * k2 * (-cfg.defocus_A) + 0.5 * kPi * c3 * std::pow(lambda, 3) * k2 * k2 +
                         kPi / 3.0 * c5 * std::pow(lambda, 5) * k2 * k2 * k2;
      psi[std::size_t(i) * n + j] = std::polar(1.0, -chi);
    }
  fft::transform_2d(psi, n, n, fft::Direction::Backward);
  for (auto& v : psi) v = std::norm(v);
  fft::transform_2d(psi, n, n, fft::Direction::Forward);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double kx = freq(j) * dk, ky = freq(i) * dk, k2 = kx * kx + ky * ky;
      // The source's transform: its core Gaussian and, if any, its skirt.
      const double core = std::exp(-2.0 * kPi * kPi * sigma_src * sigma_src * k2);
      const double skirt = tail_fraction > 0.0 ? std::exp(-2.0 * kPi * kPi * sigma_tail * sigma_tail * k2) : 0.0;
      psi[std::size_t(i) * n + j] *= (1.0 - tail_fraction) * core + tail_fraction * skirt;
    }
  fft::transform_2d(psi, n, n, fft::Direction::Backward);
  return psi;
}

/// The probe is round, so the cut along +x through the centre (grid point 0)
/// is exact at its samples. Normalised to integral 1 (total: the grid's).
std::vector<double> radial_cut(const std::vector<std::complex<double>>& psi, const ProbeGrid& grid, double total) {
  std::vector<double> cut(std::size_t(grid.n / 2));
  for (int j = 0; j < grid.n / 2; ++j) cut[std::size_t(j)] = std::max(0.0, psi[std::size_t(j)].real()) / total;
  return cut;
}

/// Cut-off radius enclosing 99.5 % of the intensity (2D grid, summed by
/// radius), and the fraction it encloses.
std::pair<double, double> enclosing_radius(const std::vector<std::complex<double>>& psi, const ProbeGrid& grid,
                                           double total) {
  const int n = grid.n;
  const double dx = grid.dx;
  auto freq = [n](int i) { return fft::frequency(i, n); };
  std::vector<double> ring(std::size_t(n / 2) + 1, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double r = std::hypot(double(freq(i)), double(freq(j)));
      const auto b = static_cast<std::size_t>(std::lround(r));
      if (b < ring.size()) ring[b] += psi[std::size_t(i) * n + j].real() / total * dx * dx;
    }
  double acc = 0.0;
  std::size_t nb = ring.size() - 1;
  for (std::size_t b = 0; b < ring.size(); ++b) {
    acc += ring[b];
    if (acc >= 0.995) {
      nb = b;
      break;
    }
  }
  return {std::min(double(nb) * dx, (n / 2 - 2) * dx), std::min(acc, 1.0)};
}

/// FWHM from the cut (linear interpolation at half maximum); 0 if it never
/// falls to half.
double cut_fwhm_A(const std::vector<double>& cut, double dx) {
  const double half = 0.5 * cut[0];
  for (std::size_t j = 1; j < cut.size(); ++j)
    if (cut[j] < half) {
      const double f = (cut[j - 1] - half) / (cut[j - 1] - cut[j]);
      return 2.0 * (double(j - 1) + f) * dx;
    }
  return 0.0;
}

constexpr std::size_t kTableSize = 4096;

}  // namespace

ProbeProfile::ProbeProfile(const ProbeConfig& cfg) {
  if (!(cfg.voltage_kV > 0.0) || !(cfg.convergence_mrad > 0.0) || !(cfg.source_fwhm_A >= 0.0))
    throw Error("probe: voltage, convergence angle and source size must be positive");
  const double lambda = electron_wavelength_A(cfg.voltage_kV);
  const double k_ap = cfg.convergence_mrad * 1e-3 / lambda;  // aperture radius in 1/Å
  const double fwhm_to_sigma = 1.0 / (2.0 * std::sqrt(2.0 * std::log(2.0)));
  const double sigma_src = cfg.source_fwhm_A * fwhm_to_sigma;
  if (!(cfg.source_tail_fraction >= 0.0 && cfg.source_tail_fraction <= 1.0) || !(cfg.source_tail_fwhm_A > 0.0))
    throw Error("probe: the source tail's fraction must be in [0, 1] and its size positive");

  const ProbeGrid grid = probe_grid(cfg, k_ap);
  const auto psi = probe_intensity(cfg, grid, lambda, k_ap, sigma_src, cfg.source_tail_fraction,
                                   cfg.source_tail_fwhm_A * fwhm_to_sigma);
  double total = 0.0;
  for (const auto& v : psi) total += v.real();
  total *= grid.dx * grid.dx;
  const std::vector<double> cut = radial_cut(psi, grid, total);
  std::tie(radius_A_, enclosed_) = enclosing_radius(psi, grid, total);
  fill_table(cut, grid.dx);
  fwhm_A_ = cut_fwhm_A(cut, grid.dx);
  split_core();
}

void ProbeProfile::fill_table(const std::vector<double>& cut, double dx) {
  // Table in r² (no square root when rendering), linear interpolation of the cut.
  const std::size_t nt = kTableSize;
  r2_max_ = radius_A_ * radius_A_;
  const double dr2 = r2_max_ / double(nt);
  inv_dr2_ = 1.0 / dr2;
  table_.resize(nt + 2);
  for (std::size_t t = 0; t < table_.size(); ++t) {
    const double r = std::sqrt(double(t) * dr2) / dx;
    const auto j = std::min(static_cast<std::size_t>(r), cut.size() - 2);
    const double f = r - double(j);
    table_[t] = t > nt ? 0.0 : cut[j] + f * (cut[j + 1] - cut[j]);
  }
  // Renormalise what is inside the cut-off to integral 1 (2 pi ∫ P r dr = pi ∫ P d(r²)),
  // so that the total scattered signal is conserved.
  double integral = 0.0;
  for (std::size_t t = 0; t < nt; ++t) integral += 0.5 * (table_[t] + table_[t + 1]) * dr2;
  integral *= kPi;
  for (auto& v : table_) v /= integral;
}

void ProbeProfile::split_core() {
  // Core: w = 1 within max(1.5 Å, 2 FWHM), tapering to 0 over 1.5 Å.
  const std::size_t nt = kTableSize;
  core_inner_A_ = std::min(std::max(1.5, 2.0 * fwhm_A_), 0.5 * radius_A_);
  const double rc = std::min(core_inner_A_ + 1.5, radius_A_);
  r2_core_ = rc * rc;
  const double dr2c = r2_core_ / double(nt);
  inv_dr2_core_ = 1.0 / dr2c;
  core_.resize(nt + 2);
  core_fraction_ = 0.0;
  for (std::size_t t = 0; t < core_.size(); ++t) {
    const double r2 = double(t) * dr2c;
    core_[t] = t > nt ? 0.0 : at_r2(r2) * taper(std::sqrt(r2));
  }
  for (std::size_t t = 0; t < nt; ++t) core_fraction_ += kPi * 0.5 * (core_[t] + core_[t + 1]) * dr2c;
}

double ProbeProfile::taper(double r) const {
  const double r0 = core_inner_A_, r1 = std::sqrt(r2_core_);
  if (r <= r0) return 1.0;
  if (r >= r1) return 0.0;
  return 0.5 * (1.0 + std::cos(kPi * (r - r0) / (r1 - r0)));
}

double ProbeProfile::tail_at(double r) const { return at(r) * (1.0 - taper(r)); }

}  // namespace aet::sim
