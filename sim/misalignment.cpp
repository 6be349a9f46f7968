#include "sim/misalignment.hpp"

#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <fmt/format.h>

#include "core/error.hpp"

namespace aet::sim {

MisalignmentConfig scale_misalignment(const MisalignmentConfig& c, double factor) {
  if (!(factor >= 0.0) || !std::isfinite(factor))
    throw Error(fmt::format("misalignment scale {}: must be finite and >= 0", factor));
  MisalignmentConfig s = c;
  s.shift_rms_px *= factor;
  s.drift_rms_px_per_frame *= factor;
  s.axis_rotation_deg *= factor;
  s.angle_error_rms_deg *= factor;
  s.scan_jitter_rms_px *= factor;
  return s;
}

TrueMisalignment draw_misalignment(const MisalignmentConfig& c, const TiltPlan& plan, boost::random::mt19937& rng) {
  const std::size_t n = plan.angles_deg.size();
  TrueMisalignment t;
  t.axis_rotation_deg = c.axis_rotation_deg;
  t.angle_error_deg.assign(n, 0.0);
  t.shift_px.assign(n, {0.0, 0.0});
  t.drift_px_per_frame.assign(n, {0.0, 0.0});
  boost::random::normal_distribution<double> gauss(0.0, 1.0);
  const double rho = c.drift_correlation, innov = std::sqrt(1.0 - rho * rho);
  std::array<double, 2> v{0.0, 0.0};
  for (std::size_t i = 0; i < plan.acquisition.size(); ++i) {
    const auto k = std::size_t(plan.acquisition[i]);
    // Always draw the same number of values so that turning one effect off
    // leaves the others unchanged for a given seed.
    const double e = gauss(rng), sx = gauss(rng), sy = gauss(rng), dx = gauss(rng), dy = gauss(rng);
    t.angle_error_deg[k] = c.angle_error_rms_deg * e;
    t.shift_px[k] = {c.shift_rms_px * sx, c.shift_rms_px * sy};
    if (i == 0) v = {dx, dy};
    else v = {rho * v[0] + innov * dx, rho * v[1] + innov * dy};
    t.drift_px_per_frame[k] = {c.drift_rms_px_per_frame * v[0], c.drift_rms_px_per_frame * v[1]};
  }
  return t;
}

ImageGeometry true_geometry(const TrueMisalignment& t, const TiltPlan& plan, int section, double frame) {
  const auto k = std::size_t(section);
  ImageGeometry g;
  g.tilt_deg = plan.angles_deg[k] + t.angle_error_deg[k];
  g.has_euler = true;
  g.euler_deg = {t.axis_rotation_deg, g.tilt_deg, -t.axis_rotation_deg};
  g.shift_px = {t.shift_px[k][0] + frame * t.drift_px_per_frame[k][0],
                t.shift_px[k][1] + frame * t.drift_px_per_frame[k][1]};
  return g;
}

}  // namespace aet::sim
