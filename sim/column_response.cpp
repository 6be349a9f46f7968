#include "sim/column_response.hpp"

#include <cmath>

#include "sim/adf_cross_section.hpp"

namespace aet::sim {

double column_saturation_signal(const SimConfig& c, double probe_peak_per_A2) {
  const double n_sat = c.column.saturation_atoms;
  if (!(n_sat > 0.0)) return 0.0;
  // Pt: the heavier species sets the scale, so "N_sat atoms" reads as Pt atoms.
  return n_sat * adf_cross_section_A2("Pt", c.probe.voltage_kV, c.detector) * probe_peak_per_A2;
}

void apply_column_response(std::span<double> fraction, double s) {
  if (!(s > 0.0)) return;
  // -expm1 keeps a weak signal exact (f' -> f as f / s -> 0).
  for (double& f : fraction) f = -s * std::expm1(-f / s);
}

}  // namespace aet::sim
