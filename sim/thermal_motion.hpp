#pragma once
// Thermal motion, frozen-phonon style: every frame sees the atoms at fresh
// random displacements, isotropic Gaussian with an rms u per Cartesian
// component (Einstein model, u² = B / 8 pi², B the Debye-Waller factor).
#include <boost/random/mersenne_twister.hpp>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "sim/config.hpp"

namespace aet::sim {

/// Room-temperature rms displacement per component in Å. Pd 0.075 Å and Pt
/// 0.064 Å from B ≈ 0.44 and 0.32 Å² at 293 K (Peng, Ren, Dudarev & Whelan,
/// Acta Cryst. A52 (1996) 456, elemental crystals); 0.08 Å for other elements.
double default_thermal_rms_A(const std::string& symbol);

/// rms per atom: the config's value for the atom's element, else the default;
/// all zero when thermal motion is off.
std::vector<double> thermal_rms_per_atom(const std::vector<std::string>& species, const ThermalConfig& config);

/// Adds an independent N(0, rms²) displacement to each component of each position.
void displace(std::vector<Vec3>& positions_A, const std::vector<double>& rms_A, boost::random::mt19937& rng);

}  // namespace aet::sim
