#pragma once
// The fcc lattice in integer coordinates: site (i, j, k) sits at (i, j, k) a/2
// in the crystal's cube frame, with i + j + k even. Integer coordinates make
// every facet and twin-plane test exact (no rounding at the boundaries).
#include <vector>

namespace aet::models {

/// Lattice constants (Å) of bulk Pd and Pt, and their mean, the default of
/// the coherent Pd@Pt particle (nearest-neighbour 2.761 Å: the paper's mean
/// bond lengths are 2.76, 2.76 and 2.77 Å).
inline constexpr double kPdLattice_A = 3.89;
inline constexpr double kPtLattice_A = 3.92;
inline constexpr double kMeanLattice_A = 0.5 * (kPdLattice_A + kPtLattice_A);

struct FccSite {
  int i = 0, j = 0, k = 0;
};

/// Every fcc site with |i|, |j|, |k| <= half_extent, in i-major order.
std::vector<FccSite> fcc_sites_in_cube(int half_extent);

/// Nearest-neighbour distance a / sqrt(2).
double fcc_nearest_neighbour_A(double lattice_A);
/// Spacing of {111} lattice planes a / sqrt(3) (one plane every 2 in i+j+k).
double fcc_spacing_111_A(double lattice_A);
/// Spacing of {100} lattice planes a / 2 (one plane per unit of i).
double fcc_spacing_100_A(double lattice_A);

/// The largest plane index n with n * unit_A <= distance_A (a facet snapped
/// inwards to a lattice plane), capped at 1 << 20 for huge or infinite
/// distances (no facet).
int plane_index_limit(double distance_A, double unit_A);

/// Throws aet::Error unless the lattice constant is in [3.0, 5.0] Å.
void validate_lattice(double lattice_A);

}  // namespace aet::models
