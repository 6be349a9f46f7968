#include "validation/particles.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/error.hpp"
#include "models/presets.hpp"

namespace aet::validation {

std::vector<std::string> particle_names() {
  std::vector<std::string> names{"small-to", "small-decahedron", "small-ico", "small-amorphous", "medium-decahedron"};
  for (const auto& p : models::preset_names()) names.push_back(p);
  return names;
}

models::ParticleConfig particle_config(std::string_view name) {
  models::ParticleConfig p;
  p.name = std::string(name);
  if (name == "small-to") {
    // A small truncated octahedron (225 atoms, ~18 Å across): Pd core, Pt
    // shell, a 2 Å interface.
    p.shape = models::ParticleShape::TruncatedOctahedron;
    p.outer = {9.0, 10.0, 11.0};
    p.core = {5.0, 6.0, 11.0};
    p.composition.interface_width_A = 2.0;
    return p;
  }
  if (name == "small-decahedron") {
    // A small Marks decahedron with its five twins (the PB's shape at a
    // third of its size): ~20 Å across, Pd core, Pt shell, 2 Å interface.
    p.shape = models::ParticleShape::Decahedron;
    p.outer = {9.5, 9.0, 10.0};
    p.core = {5.5, 5.0, 6.0};
    p.composition.interface_width_A = 2.0;
    return p;
  }
  if (name == "small-ico") {
    // A Mackay icosahedron of 4 shells (309 atoms, ~22 Å vertex to vertex,
    // twenty twinned tetrahedra), Pd core of 2 shells: no fcc lattice.
    p = models::icosahedron_config(4, 2);
    p.name = std::string(name);
    p.composition.interface_width_A = 2.0;
    return p;
  }
  if (name == "small-amorphous") {
    // A random dense packing in a 10 Å sphere (no lattice at all), Pd core
    // sphere of 6 Å.
    p = models::amorphous_config(10.0, 6.0, 7);
    p.name = std::string(name);
    p.composition.interface_width_A = 2.0;
    return p;
  }
  if (name == "medium-decahedron") {
    // The small decahedron at about 1.7 times its size (~35 Å across): the
    // regression baselines' one case between the small particles and the
    // paper-scale presets, still a few minutes of CPU.
    p.shape = models::ParticleShape::Decahedron;
    p.outer = {16.5, 15.5, 17.0};
    p.core = {9.5, 9.0, 10.0};
    p.composition.interface_width_A = 2.0;
    return p;
  }
  const auto presets = models::preset_names();
  if (std::find(presets.begin(), presets.end(), name) != presets.end()) return models::preset(name);
  throw Error(fmt::format("unknown particle '{}' (expected one of {})", name, fmt::join(particle_names(), ", ")));
}

}  // namespace aet::validation
