#pragma once
// The Mackay icosahedron: twenty slightly strained fcc tetrahedra sharing the
// centre atom, each bounded by three {111} twin planes through the centre
// (shared with its neighbours) and one outer {111} facet. K closed shells
// around the centre atom hold 10 k^2 + 2 atoms each, 1, 13, 55, 147, 309,
// 561, ... in all.
//
// Construction: the twelve vertex directions v_a of an icosahedron (particle
// frame: vertices at (0, +-1, +-phi), (+-1, +-phi, 0), (+-phi, 0, +-1) up to
// scale, so x, y, z are two-fold axes), scaled to the radial spacing r_c. The
// tetrahedron of face (a, b, c) holds the sites i v_a + j v_b + l v_c with
// integers i, j, l >= 0, i + j + l <= K: the affine image of an fcc
// tetrahedron whose three nearest-neighbour edge vectors from a corner map to
// v_a, v_b, v_c. Its bonds are radial (length r_c) or tangential (r_s =
// r_c / sin 72 deg = 1.0515 r_c). The scale keeps the fcc atomic volume of
// the lattice constant: r_s = 1.0261 a/sqrt2 and r_c = 0.9759 a/sqrt2
// (2.833 and 2.694 Å for the default 3.905 Å lattice), i.e. tangential
// bonds +2.6 % and radial bonds -2.4 % about the fcc nearest-neighbour
// distance.
//
// Per-site truth: grain = the tetrahedron (face) 0..19 for sites inside one;
// a site on a twin plane (one of i, j, l zero) belongs to the lower-numbered
// of its two tetrahedra and has twin_boundary set; sites on the six five-fold
// vertex axes (two of i, j, l zero) and the centre are grain -1 with
// twin_boundary and fivefold_axis set. depth_A = (K - (i + j + l)) h, the
// exact distance below the nearest outer facet plane (h the {111} layer
// spacing along the facet normal; in a face-transitive convex icosahedron
// the nearest facet of a site is its own tetrahedron's). interface_distance_A
// = (i + j + l) h - core.facet111_A: the facet-parallel offset from a core
// icosahedron with its facets at core.facet111_A. Strain: the left stretch
// V - I of the tetrahedron's affine map (uniform in each tetrahedron; a
// twin-plane site takes its grain's), NaN on the five-fold axes and centre
// where five (or twenty) tetrahedra meet.
#include <cstddef>

#include "models/sites.hpp"

namespace aet::models {

/// Most closed shells a built icosahedron may have (22k atoms at 40).
inline constexpr int kMaxIcosahedronShells = 40;
/// The default icosahedron (preset "ico"): 13 closed shells (8217 atoms),
/// its Pd core's facets half a shell outside shell 9 (2869 core sites).
inline constexpr int kIcosahedronShells = 13, kIcosahedronCoreShells = 9;

/// Atoms of a Mackay icosahedron of `shells` closed shells around the centre:
/// (10 K^3 + 15 K^2 + 11 K + 3) / 3.
std::size_t mackay_atom_count(int shells);

/// Spacing (Å) of the {111} layers along an outer facet normal (the facet
/// distance of one shell), 2.1958 Å for the default lattice.
double icosahedron_layer_spacing_A(double lattice_A);
/// Radial (centre to vertex) and tangential (along a surface edge)
/// nearest-neighbour distances (Å), r_c and r_s above.
double icosahedron_radial_bond_A(double lattice_A);
double icosahedron_tangential_bond_A(double lattice_A);

/// Facet distance (Å) of the outer {111} facets of K shells: K h. Setting
/// IcosahedronShape::facet111_A to this builds exactly K shells.
double icosahedron_facet_distance_A(int shells, double lattice_A);
/// Closed shells inside a facet distance (snapped inwards to an atom layer):
/// floor(facet / h), with a 1e-9 relative tolerance.
int icosahedron_shells(double facet111_A, double lattice_A);

/// Throws aet::Error (one line) on a bad lattice, fewer than 1 or more than
/// kMaxIcosahedronShells shells, or a core that is not positive or exceeds
/// the particle.
void validate_icosahedron(double outer_facet111_A, double core_facet111_A, double lattice_A);

/// The Mackay icosahedron whose outer facets lie at or inside
/// outer_facet111_A, core facets at core_facet111_A (used as given: the
/// interface need not lie on an atom layer). Throws as validate_icosahedron.
ParticleSites build_icosahedron(double outer_facet111_A, double core_facet111_A, double lattice_A);

}  // namespace aet::models
