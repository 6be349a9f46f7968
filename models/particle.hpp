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
#include <variant>

#include "core/atom_model.hpp"
#include "models/amorphous.hpp"
#include "models/composition.hpp"
#include "models/fcc_lattice.hpp"
#include "models/icosahedron.hpp"
#include "models/sites.hpp"
#include "models/strain.hpp"

namespace aet::models {

/// A truncated octahedron (truncated_octahedron.hpp): facet distances of the
/// particle and of its Pd core (sites.hpp).
struct TruncatedOctahedronShape {
  FacetDistances outer{28.0, 30.0};
  FacetDistances core{20.0, 22.0};
};

/// A decahedron (decahedron.hpp): facet distances as for the truncated
/// octahedron ({100} from the five-fold axis), the twins and gap closure, and
/// per-grain shifts (Å) of the {100} side facets.
struct DecahedronShape {
  FacetDistances outer{28.0, 30.0};
  FacetDistances core{20.0, 22.0};
  FivefoldTwinConfig twins{};
  std::array<double, 5> grain_side100_shift_A{};
};

/// A Mackay icosahedron (icosahedron.hpp): the distance (Å) of its twenty
/// outer {111} facets from the centre (snapped inwards to a closed shell;
/// icosahedron_facet_distance_A(K, lattice_A) gives K shells) and that of
/// the core icosahedron's. Default: kIcosahedronShells shells, core facets
/// half a shell outside shell kIcosahedronCoreShells, at the default lattice.
struct IcosahedronShape {
  double facet111_A = icosahedron_facet_distance_A(kIcosahedronShells, kMeanLattice_A);
  double core_facet111_A = (kIcosahedronCoreShells + 0.5) * icosahedron_layer_spacing_A(kMeanLattice_A);
};

/// An amorphous packing (amorphous.hpp): the radius (Å) of the sphere holding
/// the atom centres, that of the Pd core sphere, and the packing's density,
/// minimum distance and seed.
struct AmorphousShape {
  double radius_A = 30.0;
  double core_radius_A = 21.0;
  AmorphousConfig packing{};
};

/// One parameter struct per shape.
using ShapeConfig = std::variant<TruncatedOctahedronShape, DecahedronShape, IcosahedronShape, AmorphousShape>;

/// "truncated_octahedron", "decahedron", "icosahedron", "amorphous".
std::string shape_name(const ShapeConfig& shape);

struct ParticleConfig {
  /// Written to the metadata (preset name, or "custom").
  std::string name = "custom";
  ShapeConfig shape;
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
/// amorphous packing is drawn from its own mt19937(packing.seed), so this
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
