#pragma once
// The decahedron (pentagonal bipyramid, PB) and its elongated Ino form (EPB):
// five tetrahedral fcc grains sharing a five-fold <110> axis (z), each
// bounded by two {111} twin planes, two {111} cap facets and, when
// facet100_A cuts, one {100} side facet (the Ino truncation that makes the
// pentagonal prism of the elongated bipyramid).
//
// Each grain is built in its own unstrained frame: crystal [001] along the
// grain's bisector (the {100} side facet normal), [1-10] along the axis; its
// twin planes are (111) and (11-1) through the axis, its caps (1-11) and
// (-111). In integer site coordinates (i, j, k) (units of a/2) a site is in
// the grain when i+j+k > 0 and i+j-k <= 0 (the twin plane i+j-k = 0 belongs
// to this grain, i+j+k = 0 to the next), on the axis when i+j = 0 and k = 0
// (kept once, as grain -1). Cap facets: |i-j| + k <= m111; side facet:
// k <= m100; tip facets (perpendicular to the axis): |i-j| <= m110. The grains are then mapped onto their 72-ish deg sectors by the
// gap-closing map of strain.hpp. Depth and interface distance are measured
// in the grain's unstrained frame against its own facets (in a convex
// decahedron the nearest facet of a site is one of its own grain's).
#include <array>

#include "models/sites.hpp"
#include "models/strain.hpp"

namespace aet::models {

/// Per-grain shift (Å) of the {100} side facet from outer.facet100_A, grain
/// 0..4 (the paper: the EPB's five grains vary in size).
using GrainShifts = std::array<double, 5>;

/// `outer`/`core`: {111} = cap facet distance from the centre, {100} = side
/// facet distance from the axis, {110} = tip facet distance from the centre. Facets of the particle snap inwards to
/// lattice planes, the core's are used as given. Throws aet::Error on bad
/// distances, a core larger than the particle or bad twin settings.
ParticleSites build_decahedron(const FacetDistances& outer, const FacetDistances& core, double lattice_A,
                               const FivefoldTwinConfig& twins, const GrainShifts& side100_shift_A = {});

/// Largest distance from the axis of an uncut bipyramid with cap facets at
/// d: its pentagon's vertices at d sqrt(3) / cos(Theta0 / 2) = 2.1213 d.
double decahedron_rim_radius_A(double facet111_A);

}  // namespace aet::models
