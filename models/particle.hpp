#pragma once
// Assembling a ground-truth Pd@Pt particle: shape (truncated_octahedron.hpp,
// decahedron.hpp, icosahedron.hpp or amorphous.hpp) -> composition (composition.hpp) -> centring, rotation
// and static thermal displacements -> an AtomModel with the per-atom truth
// columns of columns.hpp and every parameter, and the seed, in its metadata.
#include <array>
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/atom_model.hpp"
#include "models/amorphous.hpp"
#include "models/composition.hpp"
#include "models/fcc_lattice.hpp"
#include "models/sites.hpp"
#include "models/strain.hpp"

namespace aet::models {

enum class ParticleShape { Decahedron, TruncatedOctahedron, Icosahedron, Amorphous };

/// "decahedron", "truncated_octahedron", "icosahedron", "amorphous".
std::string to_string(ParticleShape shape);

struct ParticleConfig {
  /// Written to the metadata (preset name, or "custom").
  std::string name = "custom";
  ParticleShape shape = ParticleShape::TruncatedOctahedron;
  /// Sizes (sites.hpp). Icosahedron: only facet111_A, the distance of the
  /// twenty outer {111} facets from the centre (snapped inwards to a closed
  /// shell; icosahedron_facet_distance_A(K, lattice_A) gives K shells), and
  /// the core icosahedron's. Amorphous: only facet111_A, the radius of the
  /// sphere holding the atom centres, and the core sphere's radius. The
  /// other families are ignored for these two shapes (but still validated).
  FacetDistances outer{28.0, 30.0};
  FacetDistances core{20.0, 22.0};
  /// Decahedra only: twins and gap closure, and per-grain shifts (Å) of the
  /// {100} side facets.
  FivefoldTwinConfig twins{};
  std::array<double, 5> grain_side100_shift_A{};
  /// Amorphous only: density, minimum distance and seed of the packing.
  AmorphousConfig amorphous{};
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

/// Sites of the configured shape (particle frame, before composition). The
/// amorphous packing is drawn from its own mt19937(amorphous.seed), so this
/// stays a pure function of the config.
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
