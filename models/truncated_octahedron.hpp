#pragma once
// The truncated octahedron (TO): a single fcc crystal bounded by the eight
// {111} facets of an octahedron, truncated by the six {100} facets of a cube,
// centred on a lattice site. Its core is the same shape with its own (smaller)
// facet distances: every facet of the particle has a parallel facet on the core.
#include "models/sites.hpp"

namespace aet::models {

/// Facet planes are snapped inwards to the nearest lattice plane (one every
/// a/sqrt(3) for {111}, a/2 for {100}) so facets are complete atom layers;
/// the core's facet distances are used as given (the interface need not lie
/// on a lattice plane). Every site is grain 0 with zero strain. Throws
/// aet::Error when a distance is not positive or the core exceeds the particle.
ParticleSites build_truncated_octahedron(const FacetDistances& outer, const FacetDistances& core, double lattice_A);

/// Throws aet::Error ("core larger than particle") when a core facet lies
/// beyond the particle's facet of the same family.
void validate_core(const FacetDistances& outer, const FacetDistances& core);

}  // namespace aet::models
