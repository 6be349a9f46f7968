#pragma once
// Sublinear column response: a stand-in for channelling and absorption,
// which make the ADF signal of an atomic column grow slower than the number
// of atoms in it (a thick column's electrons are partly scattered out of the
// probe, or to angles outside the detector, before they reach the lower
// atoms). The incoherent model (adf_image.hpp) adds atoms linearly; this
// step maps the noiseless expected signal of the atoms, f, through
//   f' = s (1 - exp(-f / s)),   s = N_sat x sigma_Pt x P(0),
// sigma_Pt P(0) being one Pt atom's peak signal on the probe axis. So a
// column of n Pt atoms saturates at about N_sat atoms' worth; a single atom
// loses a fraction ~1 / (2 N_sat) of its peak; the map is monotonic and
// smooth, so peaks stay where they are. N_sat = 0 (the default) means
// linear, the map is not applied and the images are unchanged byte for
// byte. Applied to the atoms' signal (core and tail) before the support
// film and before noise: the film's weak, thin-sample signal is linear.
#include <span>

#include "sim/config.hpp"

namespace aet::sim {

/// s = N_sat x (one Pt atom's peak signal, sigma_Pt x P(0)); 0 when linear.
double column_saturation_signal(const SimConfig& config, double probe_peak_per_A2);

/// f <- s (1 - exp(-f / s)) in place; nothing when s <= 0.
void apply_column_response(std::span<double> fraction, double saturation_signal);

}  // namespace aet::sim
