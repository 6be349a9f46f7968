#include "models/strain.hpp"

#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "core/metadata.hpp"

namespace aet::models {

void FivefoldTwinConfig::validate() const {
  for (double t : twin_angles_deg)
    if (!std::isfinite(t) || t < 65.0 || t > 80.0)
      throw Error("twin angles must each lie in [65, 80] deg, got " + format_double(t));
  const double sum = std::accumulate(twin_angles_deg.begin(), twin_angles_deg.end(), 0.0);
  if (std::fabs(sum - 360.0) > 1e-6) throw Error("twin angles must sum to 360 deg, got " + format_double(sum));
  if (!std::isfinite(poisson_ratio) || !(poisson_ratio > 0.0) || !(poisson_ratio < 0.5))
    throw Error("Poisson ratio must lie in (0, 0.5), got " + format_double(poisson_ratio));
}

double ideal_wedge_angle_deg() { return rad2deg(std::acos(1.0 / 3.0)); }

std::string to_string(GapClosure closure) {
  return closure == GapClosure::Disclination ? "disclination" : "uniform";
}

GapClosure gap_closure_from_string(const std::string& name) {
  if (name == "disclination") return GapClosure::Disclination;
  if (name == "uniform") return GapClosure::Uniform;
  throw Error("unknown gap closure '" + name + "' (expected disclination or uniform)");
}

GapClosureMap gap_closure_map(const FivefoldTwinConfig& config, double radius_A) {
  config.validate();
  if (!(radius_A > 0.0)) throw Error("decahedron radius must be positive");
  GapClosureMap m;
  m.radius_A = radius_A;
  const double theta0 = ideal_wedge_angle_deg();
  double start = 0.0, mean_k = 0.0;
  for (int g = 0; g < 5; ++g) {
    const double t = config.twin_angles_deg[std::size_t(g)];
    m.angular_scale[std::size_t(g)] = t / theta0;
    m.bisector_rad[std::size_t(g)] = deg2rad(start + 0.5 * t);
    start += t;
    mean_k += 0.2 * t / theta0;
  }
  if (config.closure == GapClosure::Disclination) {
    const double w = mean_k - 1.0;
    const double nu = config.poisson_ratio;
    const double lambda_over_mu = 2.0 * nu / (1.0 - 2.0 * nu);
    m.a = w * (1.0 - 2.0 * nu) / (2.0 * (1.0 - nu));
    m.b = -(lambda_over_mu * (m.a + w) + 2.0 * m.a) / (2.0 * (lambda_over_mu + 1.0));
  }
  return m;
}

double GapClosureMap::radial_scale(double r) const {
  if (!(r > 0.0)) return 1.0 + b;
  return 1.0 + a * std::log(r / radius_A) + b;
}

Vec3 GapClosureMap::map(int grain, double r, double theta, double z) const {
  if (!(r > 0.0)) return {0.0, 0.0, z};
  const auto g = std::size_t(grain);
  const double rp = r * radial_scale(r);
  const double tp = bisector_rad[g] + angular_scale[g] * theta;
  return {rp * std::cos(tp), rp * std::sin(tp), z};
}

Voigt GapClosureMap::strain(int grain, double r, double theta) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(r > 0.0)) return {nan, nan, nan, nan, nan, nan};
  const auto g = std::size_t(grain);
  const double log_r = std::log(r / radius_A);
  const double err = a * (log_r + 1.0) + b;
  const double ett = angular_scale[g] * (1.0 + a * log_r + b) - 1.0;
  const double tp = bisector_rad[g] + angular_scale[g] * theta;
  const double c = std::cos(tp), s = std::sin(tp);
  return {err * c * c + ett * s * s, err * s * s + ett * c * c, 0.0, 0.0, 0.0, (err - ett) * c * s};
}

Mat3 voigt_to_matrix(const Voigt& e) {
  Mat3 m;
  m << e[0], e[5], e[4], e[5], e[1], e[3], e[4], e[3], e[2];
  return m;
}

Voigt matrix_to_voigt(const Mat3& m) { return {m(0, 0), m(1, 1), m(2, 2), m(1, 2), m(0, 2), m(0, 1)}; }

Voigt rotate_strain(const Mat3& rotation, const Voigt& strain) {
  return matrix_to_voigt(rotation * voigt_to_matrix(strain) * rotation.transpose());
}

}  // namespace aet::models
