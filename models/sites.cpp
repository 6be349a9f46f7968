#include "models/sites.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/metadata.hpp"

namespace aet::models {

void FacetDistances::validate(const std::string& what) const {
  const auto check = [&](double v, const char* name, bool may_be_infinite) {
    if (std::isnan(v) || !(v > 0.0) || (!may_be_infinite && std::isinf(v)))
      throw Error(what + ": " + name + " facet distance must be a positive number of Å" +
                  (may_be_infinite ? " (or none)" : "") + ", got " + format_double(v));
    // Larger is millions of atoms and minutes of work (core/limits.hpp).
    if (std::isfinite(v) && v > limits::kMaxFacetDistance_A)
      throw Error(what + ": " + name + " facet distance " + format_double(v) + " Å is beyond the largest particle, " +
                  format_double(limits::kMaxFacetDistance_A) + " Å");
  };
  check(facet111_A, "{111}", false);
  check(facet100_A, "{100}", true);
  check(facet110_A, "{110}", true);
}

void ParticleSites::reserve(std::size_t n) {
  positions_A.reserve(n);
  grain.reserve(n);
  twin_boundary.reserve(n);
  fivefold_axis.reserve(n);
  depth_A.reserve(n);
  interface_distance_A.reserve(n);
  strain.reserve(n);
}

void ParticleSites::push_back(const Vec3& position, int grain_id, bool on_twin, bool on_axis, double depth,
                              double interface_distance, const Voigt& strain_value) {
  positions_A.push_back(position);
  grain.push_back(grain_id);
  twin_boundary.push_back(on_twin ? 1 : 0);
  fivefold_axis.push_back(on_axis ? 1 : 0);
  depth_A.push_back(depth);
  interface_distance_A.push_back(interface_distance);
  strain.push_back(strain_value);
}

}  // namespace aet::models
