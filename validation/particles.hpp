#pragma once
// Named ground-truth particles for the scored runs (aetbench demo, aetbench
// sweep): small ones, ~200-300 atoms and ~20 Å across, cheap enough for
// tests and multi-seed sweeps (fcc, five-fold twinned, icosahedral and
// amorphous: the pipeline must assume no lattice), and the paper-scale
// presets of models/presets.
#include <string>
#include <string_view>
#include <vector>

#include "models/particle.hpp"

namespace aet::validation {

/// "small-to", "small-decahedron", "small-ico" (Mackay icosahedron),
/// "small-amorphous" (random dense packing), "medium-decahedron" (~1-2k atoms),
/// then the presets "pb", "epb", "to".
std::vector<std::string> particle_names();

/// The configuration of a named particle; aet::Error for an unknown name.
models::ParticleConfig particle_config(std::string_view name);

}  // namespace aet::validation
