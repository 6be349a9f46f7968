#pragma once
// The STEM probe: the intensity of the focused electron wave, computed from
// the objective aperture with FFTW, convolved with a Gaussian source.
//
//   psi(k) = A(k) exp(-i chi(k)),   A = 1 for lambda |k| <= alpha,
//   chi(k) = pi lambda k^2 (-defocus) + pi/2 C3 lambda^3 k^4 + pi/3 C5 lambda^5 k^6,
//   P(r) = |IFFT psi|^2 (x) Gaussian(source FWHM), normalised to integral 1 (1/Å²).
//
// (Kirkland, Advanced Computing in Electron Microscopy, 2nd ed., Springer
// 2010, ch. 3 and 5.) Aberrations are round, so P depends on |r| only; it is
// kept as a radial table indexed by r² for rendering atoms at any sub-pixel
// position without aliasing.
#include <cmath>
#include <vector>

#include "sim/config.hpp"

namespace aet::sim {

/// Relativistic electron wavelength in Å at `voltage_kV` (0.019687 Å at 300 kV).
double electron_wavelength_A(double voltage_kV);

/// FWHM in Å of the aberration-free diffraction-limited probe (Airy
/// intensity): 0.5145 lambda / alpha (0.338 Å at 300 kV and 30 mrad).
double airy_fwhm_A(double voltage_kV, double convergence_mrad);

class ProbeProfile {
 public:
  /// Computes the probe on a fine grid with FFTW. Throws aet::Error on a bad config.
  explicit ProbeProfile(const ProbeConfig& config);

  /// Intensity at distance r from the centre, in 1/Å² (integral over the plane = 1);
  /// 0 beyond radius_A().
  double at(double r_A) const { return at_r2(r_A * r_A); }
  double at_r2(double r2_A2) const { return lookup(table_, r2_A2, r2_max_, inv_dr2_); }

  /// The probe split for rendering: a sharp core P w(r) evaluated at every
  /// atom's exact position, and a smooth tail P (1 - w(r)) (the far Airy
  /// rings, ~3 % of the intensity) applied by FFT convolution. w is 1 inside
  /// core_inner_A(), 0 beyond core_radius_A(), a raised cosine between.
  double core_at_r2(double r2_A2) const { return lookup(core_, r2_A2, r2_core_, inv_dr2_core_); }
  double tail_at(double r_A) const;
  double core_inner_A() const { return core_inner_A_; }
  double core_radius_A() const { return std::sqrt(r2_core_); }

  /// Radius beyond which the probe is cut off (99.5 % of its intensity inside;
  /// the hard aperture's Airy tail falls only as r^-3).
  double radius_A() const { return radius_A_; }
  /// Full width at half maximum, measured on the computed profile.
  double fwhm_A() const { return fwhm_A_; }
  double peak() const { return table_.front(); }
  /// Fraction of the intensity within radius_A() before renormalisation.
  double enclosed_fraction() const { return enclosed_; }
  /// Fraction of the (renormalised) intensity in the core P w.
  double core_fraction() const { return core_fraction_; }

 private:
  static double lookup(const std::vector<double>& t, double r2, double r2_max, double inv_dr2) {
    if (r2 >= r2_max) return 0.0;
    const double s = r2 * inv_dr2;
    const auto k = static_cast<std::size_t>(s);
    const double f = s - double(k);
    return t[k] + f * (t[k + 1] - t[k]);
  }
  double taper(double r_A) const;
  /// The radial table of the normalised cut (radius_A_ set), renormalised to
  /// integral 1 within the cut-off.
  void fill_table(const std::vector<double>& cut, double dx);
  /// The core P w and its fraction (table_ and fwhm_A_ set).
  void split_core();
  std::vector<double> table_;  // P at r² = i * dr2, i = 0..n
  std::vector<double> core_;   // P w on [0, r2_core]
  double inv_dr2_ = 0.0, r2_max_ = 0.0, inv_dr2_core_ = 0.0, r2_core_ = 0.0;
  double radius_A_ = 0.0, fwhm_A_ = 0.0, enclosed_ = 0.0, core_inner_A_ = 0.0, core_fraction_ = 0.0;
};

}  // namespace aet::sim
