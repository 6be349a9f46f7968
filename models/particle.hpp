#pragma once
// Assembling a ground-truth Pd@Pt particle: shape (truncated_octahedron.hpp
// or decahedron.hpp) -> composition (composition.hpp) -> centring, rotation
// and static thermal displacements -> an AtomModel with the per-atom truth
// columns of columns.hpp and every parameter, and the seed, in its metadata.
#include <array>
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/atom_model.hpp"
#include "models/composition.hpp"
#include "models/fcc_lattice.hpp"
#include "models/sites.hpp"
#include "models/strain.hpp"

namespace aet::models {

enum class ParticleShape { Decahedron, TruncatedOctahedron };

std::string to_string(ParticleShape shape);

struct ParticleConfig {
  /// Written to the metadata (preset name, or "custom").
  std::string name = "custom";
  ParticleShape shape = ParticleShape::TruncatedOctahedron;
  FacetDistances outer{28.0, 30.0};
  FacetDistances core{20.0, 22.0};
  /// Decahedra only: twins and gap closure, and per-grain shifts (Å) of the
  /// {100} side facets.
  FivefoldTwinConfig twins{};
  std::array<double, 5> grain_side100_shift_A{};
  CompositionConfig composition{};
  /// One lattice constant for the coherent particle (Å); default the mean of
  /// Pd and Pt (fcc_lattice.hpp).
  double lattice_A = kMeanLattice_A;
  /// Static thermal displacement: Gaussian, this sigma (Å) per coordinate.
  double thermal_sigma_A = 0.0;
  /// ZYZ Euler angles (deg, core/geometry.hpp) of the particle's rotation;
  /// absent: a uniformly random rotation drawn from the generator.
  std::optional<std::array<double, 3>> euler_deg;
  /// Throws aet::Error (one line) on any invalid parameter.
  void validate() const;
};

/// Lattice sites of the configured shape (particle frame, before composition).
ParticleSites build_sites(const ParticleConfig& config);

/// Builds the particle, drawing (in this order) the rotation, the species and
/// the thermal displacements from `rng`. Positions are centred on their
/// centroid (before thermal noise), then rotated.
AtomModel build_particle(const ParticleConfig& config, boost::random::mt19937& rng);
/// Same, from a fresh mt19937 seeded with `seed`, which the metadata records.
AtomModel build_particle(const ParticleConfig& config, std::uint32_t seed);

/// A uniformly distributed random rotation (unit quaternion from four normals).
Mat3 random_rotation(boost::random::mt19937& rng);

}  // namespace aet::models
