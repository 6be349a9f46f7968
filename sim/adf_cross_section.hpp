#pragma once
// How strongly each element scatters into the annular dark-field detector.
//
// Model (default, AdfModel::Kirkland): in the incoherent ADF imaging model
// each atom contributes its ADF cross-section sigma times the probe
// intensity centred on it (Kirkland, Advanced Computing in Electron
// Microscopy, 2nd ed., Springer 2010, sect. 6.5, "incostem"). sigma is the
// relativistically corrected screened scattering |gamma f(q)|² of an
// isolated atom integrated over the detector annulus,
//   sigma = ∫_{inner}^{outer} |gamma f(theta / lambda)|² 2 pi theta d theta,
// with f(q) from Kirkland's fit to Hartree-Fock electron scattering factors
// (ibid., Appendix C: three Lorentzians and three Gaussians in q = 1/d).
// With the paper's 300 kV, 39.4-200 mrad detector this gives sigma(Pt) =
// 0.0234 Å², sigma(Pd) = 0.0089 Å², a ratio of 2.63 (= (78/46)^1.83).
// Isolated-atom cross-sections: channelling along zone axes and the
// Debye-Waller redistribution into TDS are not modelled.
//
// Alternative (AdfModel::PowerLaw): sigma = sigma_Kirkland(Pt) (Z/78)^n,
// the "Z-contrast" power law with n ≈ 1.6-1.8 for HAADF (Hartel, Rose & Dinges,
// Ultramicroscopy 63 (1996) 93; Krivanek et al., Nature 464 (2010) 571).
#include <string>
#include <vector>

#include "sim/config.hpp"

namespace aet::sim {

/// Kirkland's electron scattering factor f(q) in Å (non-relativistic), q = 1/d in 1/Å.
/// aet::Error when the element has no parameters here.
double kirkland_scattering_factor_A(const std::string& symbol, double q_per_A);
/// Elements with Kirkland parameters in this file.
std::vector<std::string> kirkland_elements();

/// ADF cross-section in Å² of one isolated atom for the detector and model of
/// `detector` at `voltage_kV`.
double adf_cross_section_A2(const std::string& symbol, double voltage_kV, const DetectorConfig& detector);

}  // namespace aet::sim
