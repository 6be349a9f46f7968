#pragma once
// The paper's three particles as presets: sizes chosen so that the atom and
// Pd counts land within 5 % of the published models (Li et al.; table in
// data/README.md), shapes after the reference models' extents (see
// presets.cpp). Beyond the paper, an icosahedral and an amorphous particle
// of about the presets' size, because the pipeline must not assume one fcc
// lattice, and small particles of each kind for the scored runs.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/particle.hpp"

namespace aet::models {

/// "pb", "epb", "to" (the paper's particles, with preset_target counts).
std::vector<std::string> preset_names();
/// "ico", "amorphous": icosahedron_config() and amorphous_config() with
/// their defaults; no paper counts.
std::vector<std::string> extra_shape_names();

/// "small-to", "small-decahedron", "small-ico" (Mackay icosahedron),
/// "small-amorphous" (random dense packing): ~200-300 atoms, ~20 Å across,
/// cheap enough for tests and multi-seed sweeps; and "medium-decahedron"
/// (~1400 atoms, ~35 Å); no paper counts.
std::vector<std::string> small_particle_names();
/// The scored particles (aetbench demo, aetbench sweep): small_particle_names()
/// then preset_names().
std::vector<std::string> scored_particle_names();

/// The preset's configuration (every field can then be changed by hand), for
/// a name of preset_names(), extra_shape_names() or small_particle_names().
/// Throws aet::Error naming the known names for an unknown one.
ParticleConfig preset(std::string_view name);

/// A Mackay icosahedron (icosahedron.hpp) of `shells` closed shells around
/// the centre atom (13: 8217 atoms, 70 Å vertex to vertex), its Pd core
/// facets half a shell outside shell `core_shells` (9: 2869 core sites), so
/// the interface lies between two atom shells. Name "ico". Throws aet::Error
/// unless 1 <= shells <= kMaxIcosahedronShells and 0 <= core_shells < shells.
ParticleConfig icosahedron_config(int shells = kIcosahedronShells, int core_shells = kIcosahedronCoreShells,
                                  double lattice_A = kMeanLattice_A);

/// An amorphous packing (amorphous.hpp) in a sphere of radius_A (centres),
/// Pd core sphere of core_radius_A, packing seed `packing_seed`; defaults
/// 7486 atoms (density fraction 0.9), ~2.4k of them in the core, ~2 s. Name
/// "amorphous". Sizes are checked by ParticleConfig::validate.
ParticleConfig amorphous_config(double radius_A = AmorphousShape{}.radius_A,
                                double core_radius_A = AmorphousShape{}.core_radius_A,
                                std::uint32_t packing_seed = AmorphousConfig{}.seed);

/// Atom counts of the paper's particle the preset reproduces.
struct PresetTarget {
  std::size_t atoms = 0;
  std::size_t pd = 0;
  std::size_t pt = 0;
};
/// Throws aet::Error for a name not in preset_names().
PresetTarget preset_target(std::string_view name);

}  // namespace aet::models
