#pragma once
// Per-atom columns of a ground-truth particle (aet::AtomModel), as written to
// extended XYZ (declared on the Properties line) and HDF5. Every quantity is
// exact by construction: it is what the analysis is scored against.
//
//   species               S  "Pd" or "Pt".
//   grain                 I  fcc grain 0..4 (decahedra, counted anticlockwise
//                            about the five-fold axis from the first twin
//                            plane), 0 for the single-crystal truncated
//                            octahedron, -1 for atoms on the five-fold axis
//                            (they belong to all five grains). Icosahedra:
//                            the tetrahedron 0..19, -1 on the six five-fold
//                            axes and the centre; amorphous: 0.
//   twin_boundary         L  on a {111} twin plane shared by two grains
//                            (includes the five-fold axis). Always F for TO
//                            and amorphous particles.
//   fivefold_axis         L  on the five-fold <110> axis of a decahedron, on
//                            one of the six vertex axes of an icosahedron (the
//                            centre included); F for TO and amorphous.
//   depth_A               R  distance (Å) from the atom centre to the nearest
//                            surface facet plane, the facet plane being the one
//                            through the outermost atom layer of that facet, so
//                            facet atoms have depth 0. Measured in the
//                            unstrained lattice of the atom's grain (for a
//                            decahedron the elastic gap closure moves atoms by
//                            at most model_max_displacement_A, metadata).
//                            Icosahedra: exact, below the twenty {111} facets
//                            (icosahedron.hpp). Amorphous: radial, r_out - |r|
//                            with r_out the outermost atom's distance from the
//                            sphere's centre (amorphous.hpp).
//   interface_distance_A  R  signed distance (Å) to the core surface: negative
//                            inside the core, positive in the shell. The core
//                            is a convex polyhedron with facets parallel to the
//                            particle's; the distance is max_k(n_k.r - d_k)
//                            over its facets (exact inside, the facet-parallel
//                            offset outside, i.e. iso-surfaces are the
//                            particle-shaped polyhedra the shell grows in).
//                            Icosahedra: the same over the twenty facets of a
//                            core icosahedron; amorphous: |r| - core radius.
//   pd_probability        R  Pd probability the composition profile gave this
//                            site (before isolated atoms were placed).
//   isolated              L  an isolated minority atom: a Pd in the shell
//                            (interface_distance_A > 0) with no Pd among its
//                            nearest neighbours, or a Pt in the core
//                            (interface_distance_A < 0) with no Pt among them.
//   strain                R6 true elastic strain, Voigt order xx yy zz yz xz xy
//                            (tensor components, not engineering shears), in the
//                            model's frame (after the particle's rotation): the
//                            left stretch V - I of the map from the ideal fcc
//                            lattice (lattice constant model_lattice_A) to the
//                            built atom positions, static thermal displacements
//                            excluded. 0 for the unstrained truncated octahedron;
//                            for decahedra the gap-closing field (strain.hpp);
//                            NaN on the five-fold axis, where that field is
//                            singular (the disclination core). Icosahedra: the
//                            stretch of each tetrahedron's affine map
//                            (icosahedron.hpp), NaN on the five-fold axes and
//                            centre; amorphous: NaN (no reference lattice).
#include <string_view>

namespace aet::models::columns {

inline constexpr std::string_view kGrain = "grain";
inline constexpr std::string_view kTwinBoundary = "twin_boundary";
inline constexpr std::string_view kFivefoldAxis = "fivefold_axis";
inline constexpr std::string_view kDepth = "depth_A";
inline constexpr std::string_view kInterfaceDistance = "interface_distance_A";
inline constexpr std::string_view kPdProbability = "pd_probability";
inline constexpr std::string_view kIsolated = "isolated";
inline constexpr std::string_view kStrain = "strain";
/// Components of the strain column, in order.
inline constexpr int kStrainComponents = 6;

}  // namespace aet::models::columns
