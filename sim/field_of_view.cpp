#include "sim/field_of_view.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/geometry.hpp"
#include "sim/tilt_scheme.hpp"

namespace aet::sim {

int fitting_image_px(const AtomModel& model, double pixel_A, const FieldOfViewRule& rule) {
  if (!(pixel_A > 0.0) || !std::isfinite(pixel_A)) throw Error("field of view: the pixel size must be positive");
  double r = 0.0;
  for (const Vec3& x : model.positions()) r = std::max(r, x.norm());
  const double field_A = 2.0 * r + 2.0 * rule.margin_A;
  return std::max(rule.min_px, rule.multiple_px * int(std::ceil(field_A / pixel_A / rule.multiple_px)));
}

int fitting_image_px(const AtomModel& model, const SimConfig& config, const FieldOfViewRule& rule) {
  const auto& m = config.misalignment;
  FieldOfViewRule r = rule;
  r.margin_A += 3.0 * (m.shift_rms_px + m.drift_rms_px_per_frame * config.tilts.frames_per_tilt) * config.pixel_A;
  return fitting_image_px(model, config.pixel_A, r);
}

std::size_t Clipping::worst() const {
  return atoms_outside.empty() ? 0 : *std::max_element(atoms_outside.begin(), atoms_outside.end());
}

std::size_t Clipping::tilts_clipped() const {
  return std::size_t(std::count_if(atoms_outside.begin(), atoms_outside.end(), [](std::size_t n) { return n > 0; }));
}

Clipping clipped_atoms(const AtomModel& model, const SimConfig& config, const FieldOfViewRule& rule) {
  Clipping c;
  c.tilts_deg = plan_tilts(config.tilts).angles_deg;
  const auto& m = config.misalignment;
  // Shifts (and drift over a tilt's frames) move the content by up to ~3 rms.
  const double shift_px = 3.0 * (m.shift_rms_px + m.drift_rms_px_per_frame * config.tilts.frames_per_tilt);
  const double edge_px = rule.edge_A / config.pixel_A;
  const double half_x = 0.5 * config.nx - edge_px - shift_px, half_y = 0.5 * config.ny - edge_px - shift_px;
  for (const double t_deg : c.tilts_deg) {
    // The simulator's own rotation of each image (misalignment.cpp).
    ImageGeometry g;
    g.tilt_deg = t_deg;
    g.has_euler = true;
    g.euler_deg = {m.axis_rotation_deg, t_deg, -m.axis_rotation_deg};
    const Mat3 rot = g.rotation();
    std::size_t outside = 0;
    for (const Vec3& x : model.positions()) {
      const Vec3 p = rot * x / config.pixel_A;
      if (std::fabs(p.x()) > half_x || std::fabs(p.y()) > half_y) ++outside;
    }
    c.atoms_outside.push_back(outside);
  }
  return c;
}

}  // namespace aet::sim
