#pragma once
// The core/shell composition of a Pd@Pt particle: a Pd core whose surface
// is the zero of the signed interface distance s (ParticleSites), a diffuse
// interface where each site is Pd with probability p(s), then isolated Pd
// atoms scattered into the Pt shell and a few isolated Pt atoms in the core.
//
// Profiles p(s), each with a 5 %-95 % width w (interface_width_A), i.e.
// p(s95) = 0.95, p(s95 + w) = 0.05:
//   Erf:      p = erfc(s / (sigma sqrt 2)) / 2, sigma = w / (2 * 1.6449);
//             s95 = -w/2, p(0) = 1/2.
//   Logistic: p = 1 / (1 + exp(s / tau)), tau = w / (2 ln 19); s95 = -w/2.
//   TwoStep:  the paper's two-step drop: p falls fast and linearly from 0.95
//             at two_step_start_A (-1.2 Å) to two_step_knee_fraction at
//             two_step_knee_A (0.8 Å), then slowly and exponentially,
//             reaching 0.05 at two_step_start_A + w; inside the core it rises
//             as 1 - 0.05 exp((s - start) / 0.5 Å). Needs start + w > knee.
//
// Isolated atoms (the paper: 82.9 % of isolated atoms/clusters are single Pd
// atoms within 10 Å of the interface, very few isolated Pt in the core):
// each shell site with 0 < s <= isolated_layer_A that is Pt and has no Pd
// neighbour becomes Pd with probability isolated_pd_fraction; each core site
// (s < 0) that is Pd and has no Pt neighbour becomes Pt with probability
// isolated_pt_fraction. The `isolated` flag is then set structurally (see
// columns.hpp), so it also marks minority atoms the profile left isolated.
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/neighbours.hpp"
#include "models/sites.hpp"

namespace aet::models {

enum class InterfaceProfile { Erf, Logistic, TwoStep };

std::string to_string(InterfaceProfile profile);
/// "erf", "logistic" or "two-step"; anything else is an aet::Error.
InterfaceProfile interface_profile_from_string(const std::string& name);

struct CompositionConfig {
  InterfaceProfile profile = InterfaceProfile::Erf;
  /// 5 %-95 % width of the Pd profile (Å); the paper measures 4.2 Å.
  double interface_width_A = 4.2;
  double two_step_start_A = -1.2;
  double two_step_knee_A = 0.8;
  double two_step_knee_fraction = 0.3;
  /// Probability that an eligible shell site becomes an isolated Pd.
  double isolated_pd_fraction = 0.008;
  /// Thickness (Å) of the shell layer, from the interface, that holds them.
  double isolated_layer_A = 10.0;
  /// Probability that an eligible core site becomes an isolated Pt.
  double isolated_pt_fraction = 0.001;
  /// Throws aet::Error (one line) on a width <= 0 or > 50 Å, fractions
  /// outside [0, 1), a negative layer, or an inconsistent two-step profile.
  void validate() const;
};

/// p(s): probability that a site at signed distance s (Å) from the core
/// surface (negative inside) is Pd.
double pd_probability(const CompositionConfig& config, double s_A);

struct Composition {
  std::vector<std::uint8_t> is_pd;
  std::vector<double> pd_probability;
  std::vector<std::uint8_t> isolated;
  std::size_t placed_isolated_pd = 0;
  std::size_t placed_isolated_pt = 0;
};

/// Draws the species of every site (sites in order, one uniform number per
/// site, then one per eligible site for each isolated kind).
Composition assign_composition(const ParticleSites& sites, const NeighbourList& neighbours,
                               const CompositionConfig& config, boost::random::mt19937& rng);

}  // namespace aet::models
