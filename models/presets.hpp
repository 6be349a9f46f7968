#pragma once
// The paper's three particles as presets: sizes chosen so that the atom and
// Pd counts land within 5 % of the published models (Li et al.; table in
// issue 4 and ../shared/reference/README.md), shapes after the reference
// models' extents (see presets.cpp).
#include <string>
#include <string_view>
#include <vector>

#include "models/particle.hpp"

namespace aet::models {

/// "pb", "epb", "to".
std::vector<std::string> preset_names();

/// The preset's configuration (every field can then be changed by hand).
/// Throws aet::Error naming the known presets for an unknown name.
ParticleConfig preset(std::string_view name);

/// Atom counts of the paper's particle the preset reproduces.
struct PresetTarget {
  std::size_t atoms = 0;
  std::size_t pd = 0;
  std::size_t pt = 0;
};
PresetTarget preset_target(std::string_view name);

}  // namespace aet::models
