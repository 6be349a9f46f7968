#pragma once
// Closing the five-fold gap of a decahedron by elastic strain.
//
// Five ideal fcc tetrahedral grains around a common <110> axis each span the
// dihedral angle Theta0 = acos(1/3) = 70.53 deg between their two {111} twin
// planes, leaving a gap of 360 - 5 Theta0 = 7.36 deg. Grain g is built as an
// unstrained wedge and mapped, in cylinder coordinates (r, theta, z) about
// the axis with theta measured from the grain's bisector, by
//
//   theta' = beta_g + k_g theta,          k_g = Theta_g / Theta0,
//   r'     = r (1 + A ln(r/R) + B),       z' = z,
//
// where Theta_g is the grain's wedge angle after closure (twin_angles_deg,
// summing to 360 deg; the paper measures 70.6-74.1 deg) and beta_g its
// bisector. The angular part closes the gap (every twin plane stays a plane
// shared by its two grains). The radial part is de Wit's wedge disclination
// in an isotropic elastic cylinder of radius R (the particle's largest
// distance from the axis) with a free surface, plane strain: with
// w = mean(k_g) - 1 (the Frank angle over 2 pi), lambda/mu = 2 nu/(1 - 2 nu),
//
//   A = w (1 - 2 nu) / (2 (1 - nu)),
//   B = -(lambda (A + w) + 2 mu A) / (2 (lambda + mu))   (sigma_rr(R) = 0),
//
// so that radial equilibrium holds to first order in the strain. The strain
// written per atom is the map's left stretch V - I, whose principal axes are
// e_r, e_theta, e_z at the mapped point:
//
//   eps_rr = A (ln(r/R) + 1) + B,   eps_tt = k_g (1 + A ln(r/R) + B) - 1,
//   eps_zz = 0, no shear in that basis,
//
// an inhomogeneous field (logarithmic in r, rotating with theta, jumping
// between grains of different Theta_g) that is singular on the axis, where it
// is NaN. With GapClosure::Uniform, A = B = 0: only the per-grain azimuthal
// stretch k_g - 1.
#include <array>
#include <string>

#include "core/geometry.hpp"
#include "models/sites.hpp"

namespace aet::models {

enum class GapClosure { Disclination, Uniform };

struct FivefoldTwinConfig {
  /// Wedge angle (deg) of each grain after closure, anticlockwise from the
  /// first twin plane; each in [65, 80], summing to 360.
  std::array<double, 5> twin_angles_deg{72.0, 72.0, 72.0, 72.0, 72.0};
  GapClosure closure = GapClosure::Disclination;
  /// Isotropic Poisson ratio of the disclination field (Pt 0.38, Pd 0.39).
  double poisson_ratio = 0.39;
  /// Throws aet::Error on an angle out of range, a sum other than 360 deg
  /// (within 1e-6), or a Poisson ratio outside (0, 0.5).
  void validate() const;
};

/// acos(1/3) in degrees: the dihedral angle of a regular tetrahedron.
double ideal_wedge_angle_deg();

std::string to_string(GapClosure closure);
/// "disclination" or "uniform"; anything else is an aet::Error.
GapClosure gap_closure_from_string(const std::string& name);

/// The gap-closing map of one decahedron (see above).
struct GapClosureMap {
  std::array<double, 5> angular_scale{};  ///< k_g
  std::array<double, 5> bisector_rad{};   ///< beta_g, grain 0 starting at theta = 0
  double a = 0.0, b = 0.0;                ///< A, B of the radial field
  double radius_A = 1.0;                  ///< R

  /// r' / r at distance r (Å) from the axis.
  double radial_scale(double r_A) const;
  /// Position of grain g's site at (r, theta about its bisector, z).
  Vec3 map(int grain, double r_A, double theta_rad, double z_A) const;
  /// Strain V - I at that site, in the particle frame (Voigt); NaN for r = 0.
  Voigt strain(int grain, double r_A, double theta_rad) const;
};

GapClosureMap gap_closure_map(const FivefoldTwinConfig& config, double radius_A);

/// R e R^T for a strain in Voigt order.
Voigt rotate_strain(const Mat3& rotation, const Voigt& strain);
Mat3 voigt_to_matrix(const Voigt& strain);
Voigt matrix_to_voigt(const Mat3& strain);

}  // namespace aet::models
