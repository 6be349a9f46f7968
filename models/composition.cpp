#include "models/composition.hpp"

#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "core/error.hpp"
#include "core/metadata.hpp"

namespace aet::models {

namespace {
constexpr double kZ95 = 1.6448536269514722;  // standard normal 95 % quantile
constexpr double kCoreRise_A = 0.5;          // two-step: approach to 1 inside the core
}  // namespace

std::string to_string(InterfaceProfile p) {
  switch (p) {
    case InterfaceProfile::Erf: return "erf";
    case InterfaceProfile::Logistic: return "logistic";
    case InterfaceProfile::TwoStep: return "two-step";
  }
  return "erf";
}

InterfaceProfile interface_profile_from_string(const std::string& name) {
  if (name == "erf") return InterfaceProfile::Erf;
  if (name == "logistic") return InterfaceProfile::Logistic;
  if (name == "two-step") return InterfaceProfile::TwoStep;
  throw Error("unknown interface profile '" + name + "' (expected erf, logistic or two-step)");
}

void CompositionConfig::validate() const {
  if (!std::isfinite(interface_width_A) || !(interface_width_A > 0.0) || interface_width_A > 50.0)
    throw Error("interface width must be in (0, 50] Å, got " + format_double(interface_width_A));
  const auto fraction = [](double f, const char* what) {
    if (!std::isfinite(f) || f < 0.0 || !(f < 1.0))
      throw Error(std::string(what) + " must be in [0, 1), got " + format_double(f));
  };
  fraction(isolated_pd_fraction, "isolated Pd fraction");
  fraction(isolated_pt_fraction, "isolated Pt fraction");
  if (!std::isfinite(isolated_layer_A) || isolated_layer_A < 0.0)
    throw Error("isolated-atom layer must be >= 0 Å, got " + format_double(isolated_layer_A));
  if (profile == InterfaceProfile::TwoStep) {
    if (!std::isfinite(two_step_start_A) || !std::isfinite(two_step_knee_A) || !(two_step_start_A < two_step_knee_A))
      throw Error("two-step profile: the fast drop must start (" + format_double(two_step_start_A) +
                  " Å) before the knee (" + format_double(two_step_knee_A) + " Å)");
    if (!(two_step_knee_fraction > 0.05) || !(two_step_knee_fraction < 0.95))
      throw Error("two-step profile: knee Pd fraction must be in (0.05, 0.95), got " +
                  format_double(two_step_knee_fraction));
    if (!(two_step_start_A + interface_width_A > two_step_knee_A))
      throw Error("two-step profile: width " + format_double(interface_width_A) +
                  " Å ends before the knee; it must exceed knee - start = " +
                  format_double(two_step_knee_A - two_step_start_A) + " Å");
  }
}

double pd_probability(const CompositionConfig& c, double s) {
  const double w = c.interface_width_A;
  switch (c.profile) {
    case InterfaceProfile::Erf: {
      const double sigma = w / (2.0 * kZ95);
      return 0.5 * std::erfc(s / (sigma * std::sqrt(2.0)));
    }
    case InterfaceProfile::Logistic: {
      const double tau = w / (2.0 * std::log(19.0));
      return 1.0 / (1.0 + std::exp(s / tau));
    }
    case InterfaceProfile::TwoStep: {
      const double s0 = c.two_step_start_A, s1 = c.two_step_knee_A, pk = c.two_step_knee_fraction;
      if (s <= s0) return 1.0 - 0.05 * std::exp((s - s0) / kCoreRise_A);
      if (s <= s1) return 0.95 + (pk - 0.95) * (s - s0) / (s1 - s0);
      const double tail = (s0 + w - s1) / std::log(pk / 0.05);
      return pk * std::exp(-(s - s1) / tail);
    }
  }
  return 0.0;
}

Composition assign_composition(const ParticleSites& sites, const NeighbourList& nb, const CompositionConfig& config,
                               boost::random::mt19937& rng) {
  config.validate();
  const std::size_t n = sites.size();
  if (nb.size() != n) throw Error("composition: neighbour list does not match the sites");
  boost::random::uniform_01<double> uniform;
  Composition c;
  c.is_pd.resize(n);
  c.pd_probability.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double p = pd_probability(config, sites.interface_distance_A[i]);
    c.pd_probability[i] = p;
    c.is_pd[i] = uniform(rng) < p ? 1 : 0;
  }
  const auto has_neighbour_of = [&](std::size_t i, std::uint8_t pd) {
    for (const auto& j : nb[i])
      if (c.is_pd[j.atom] == pd) return true;
    return false;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double s = sites.interface_distance_A[i];
    if (!(s > 0.0 && s <= config.isolated_layer_A)) continue;
    const bool chosen = uniform(rng) < config.isolated_pd_fraction;
    if (chosen && !c.is_pd[i] && !has_neighbour_of(i, 1)) {
      c.is_pd[i] = 1;
      ++c.placed_isolated_pd;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!(sites.interface_distance_A[i] < 0.0)) continue;
    const bool chosen = uniform(rng) < config.isolated_pt_fraction;
    if (chosen && c.is_pd[i] && !has_neighbour_of(i, 0)) {
      c.is_pd[i] = 0;
      ++c.placed_isolated_pt;
    }
  }
  c.isolated.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double s = sites.interface_distance_A[i];
    const bool minority = c.is_pd[i] ? s > 0.0 : s < 0.0;
    c.isolated[i] = (minority && !has_neighbour_of(i, c.is_pd[i])) ? 1 : 0;
  }
  return c;
}

}  // namespace aet::models
