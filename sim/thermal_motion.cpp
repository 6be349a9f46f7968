#include "sim/thermal_motion.hpp"

#include <boost/random/normal_distribution.hpp>
#include <map>

namespace aet::sim {

double default_thermal_rms_A(const std::string& symbol) {
  if (symbol == "Pd") return 0.075;
  if (symbol == "Pt") return 0.064;
  return 0.08;
}

std::vector<double> thermal_rms_per_atom(const std::vector<std::string>& species, const ThermalConfig& config) {
  std::vector<double> out(species.size(), 0.0);
  if (!config.enabled) return out;
  std::map<std::string, double> cache;
  for (std::size_t a = 0; a < species.size(); ++a) {
    auto it = cache.find(species[a]);
    if (it == cache.end()) {
      auto c = config.rms_A.find(species[a]);
      it = cache.emplace(species[a], c != config.rms_A.end() ? c->second : default_thermal_rms_A(species[a])).first;
    }
    out[a] = it->second;
  }
  return out;
}

void displace(std::vector<Vec3>& positions, const std::vector<double>& rms, boost::random::mt19937& rng) {
  boost::random::normal_distribution<double> gauss(0.0, 1.0);
  for (std::size_t a = 0; a < positions.size(); ++a) {
    if (rms[a] == 0.0) continue;
    for (int c = 0; c < 3; ++c) positions[a][c] += rms[a] * gauss(rng);
  }
}

}  // namespace aet::sim
