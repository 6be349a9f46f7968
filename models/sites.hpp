#pragma once
// The values passed between the construction steps of a ground-truth particle:
// facet distances of a shape, and the lattice sites a shape builder returns
// (positions and per-site truth, before species, rotation and thermal noise).
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/geometry.hpp"

namespace aet::models {

/// A symmetric strain tensor in Voigt order xx yy zz yz xz xy (tensor
/// components, not engineering shears).
using Voigt = std::array<double, 6>;

/// Distances (Å) from the particle centre to its {111}, {100} and {110}
/// facet planes. For the truncated octahedron: the eight {111}, six {100} and
/// twelve {110} facets (the last truncating the edges). For a decahedron: the
/// ten {111} cap facets of the five grains (distance from the centre, along
/// the five-fold axis), the five {100} side facets (distance from the axis)
/// and the two {110} tip facets perpendicular to the axis that truncate the
/// apices (distance from the centre). Infinity means no such facet; a
/// distance beyond the other families' extent cuts nothing. (The icosahedron
/// and the amorphous sphere have their own sizes: particle.hpp.)
struct FacetDistances {
  double facet111_A = 0.0;
  double facet100_A = std::numeric_limits<double>::infinity();
  double facet110_A = std::numeric_limits<double>::infinity();
  /// Throws aet::Error naming `what` unless {111} is finite and > 0 and the
  /// others > 0 (or infinite).
  void validate(const std::string& what) const;
};

/// Lattice sites of a built shape in the particle frame (Å): origin at the
/// shape's centre; for decahedra z is the five-fold axis, for the truncated
/// octahedron x, y, z are the cube axes, for the icosahedron two-fold axes.
/// Per-site truth as in columns.hpp.
struct ParticleSites {
  std::vector<Vec3> positions_A;
  std::vector<int> grain;
  std::vector<std::uint8_t> twin_boundary;
  std::vector<std::uint8_t> fivefold_axis;
  std::vector<double> depth_A;
  std::vector<double> interface_distance_A;
  /// In the particle frame; NaN where not defined.
  std::vector<Voigt> strain;
  /// Largest displacement (Å) of a site by the elastic map (0 for none).
  double max_displacement_A = 0.0;

  std::size_t size() const { return positions_A.size(); }
  void reserve(std::size_t n);
  void push_back(const Vec3& position_A, int grain_id, bool on_twin, bool on_axis, double depth,
                 double interface_distance, const Voigt& strain_value);
};

}  // namespace aet::models
