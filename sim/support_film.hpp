#pragma once
// The amorphous support film (7 nm silicon nitride in the paper) under the
// particle: a slowly varying ADF background. The film is a slab of
// thickness t at z = z_mid in the specimen frame; its atoms scatter
// incoherently (amorphous: no diffraction contrast), so it adds to each
// pixel the scattering probability
//   n_atoms sigma_avg t / |R_zz| (1 + roughness g(x, y)),
// where t / |R_zz| is the path length through the tilted slab, sigma_avg the
// mean ADF cross-section of Si3N4 (sim/adf_cross_section.cpp), and g a
// Gaussian random field of unit variance and correlation length xi fixed to
// the specimen (drawn once per series), sampled where the beam crosses the
// film's mid-plane. At high tilt the background rises as 1/cos(theta), as
// it does in experiments.
#include <boost/random/mersenne_twister.hpp>
#include <span>
#include <vector>

#include "core/geometry.hpp"
#include "sim/config.hpp"

namespace aet::sim {

class SupportFilm {
 public:
  /// `mid_plane_z_A`: the film's mid-plane in the specimen frame. Draws the
  /// thickness field from `rng`.
  SupportFilm(const SupportFilmConfig& config, double voltage_kV, const DetectorConfig& detector,
              double mid_plane_z_A, boost::random::mt19937& rng);

  /// Mean scattering probability per electron of the flat film seen through `rotation`.
  double mean_fraction(const Mat3& rotation) const;
  /// Adds the film's scattering probability to each pixel of an (ny, nx)
  /// image seen through `rotation` with the specimen origin at the image
  /// centre plus `shift_px`.
  void add(std::span<double> fraction, int ny, int nx, double pixel_A, const Mat3& rotation,
           const std::array<double, 2>& shift_px) const;

  /// Scattering probability of the untilted film per electron.
  double fraction_untilted() const { return fraction0_; }

 private:
  double field(double x_A, double y_A) const;
  SupportFilmConfig config_;
  double mid_z_ = 0.0, fraction0_ = 0.0;
  int n_ = 0;
  double h_ = 1.0;  // field grid spacing (Å)
  std::vector<double> field_;
};

}  // namespace aet::sim
