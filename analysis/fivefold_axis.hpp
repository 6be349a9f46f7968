#pragma once
// Five-fold axis of a decahedral (five-fold twinned) particle: the atoms
// matched by the decahedral PTM template, the largest connected chain of them
// and any other within axis_join_distance_A of its fitted line (an axis
// broken by one misclassified atom); each
// pair of consecutive axis atoms with their five common neighbours forms a
// pentagonal bipyramid (caps = the two axis atoms, ring = the five twin-plane
// atoms between them). Per bipyramid: alpha = cap-cap bond, beta = mean
// cap-ring bond, gamma = mean ring-ring bond, theta = angle between the alpha
// bond and the normal of the ring's best-fit plane. An ideal gap-closed fcc
// decahedron (ring radius sqrt(3)/2 d, caps d apart) has alpha/gamma =
// beta/gamma = 1 / (sqrt(3) sin 36°) = 0.982;
// the regular (all-equal-edge) Johnson solid has alpha/gamma = 1.051.
//
// Twin angles: the twin-boundary atoms' azimuths about the axis fall into
// five half-planes; the angle between consecutive half-planes is the wedge
// angle of the grain between them (five angles summing to 360°).
#include <array>
#include <vector>

#include "analysis/grains.hpp"
#include "core/neighbours.hpp"
#include "analysis/polyhedral_template_matching.hpp"

namespace aet::analysis {

struct FivefoldOptions {
  /// Fewest axis atoms for an axis to count as found.
  std::size_t min_axis_atoms = 2;
  /// Other decahedral atoms within this distance (Å) of the chain's fitted
  /// line join the axis (an axis broken by one misclassified atom).
  double axis_join_distance_A = 1.2;
  /// Twin-boundary atoms closer than this (Å) to the axis have no azimuth.
  double min_twin_offset_A = 1.0;
  /// Fewest twin-boundary atoms for the twin angles.
  std::size_t min_twin_atoms = 10;
  /// Each twin half-plane is refined on the atoms within this azimuth (deg) of its peak.
  double half_plane_window_deg = 25.0;
};

struct Bipyramid {
  std::array<std::uint32_t, 2> caps{};
  std::array<std::uint32_t, 5> ring{};  ///< in azimuthal order
  double alpha_A = 0, beta_A = 0, gamma_A = 0, theta_deg = 0;
};

struct FivefoldReport {
  bool found = false;
  std::vector<std::uint32_t> axis_atoms;  ///< ordered along the axis
  Vec3 axis_point_A = Vec3::Zero();
  Vec3 axis_direction = Vec3::UnitZ();
  std::vector<Bipyramid> bipyramids;
  double alpha_over_gamma = 0, beta_over_gamma = 0, theta_deg = 0;  ///< means over bipyramids
  std::vector<double> twin_angles_deg;  ///< five wedge angles, azimuthal order
  std::vector<std::uint8_t> on_axis;    ///< per atom
};

FivefoldReport fivefold_axis(const std::vector<Vec3>& positions_A, const NeighbourList& neighbours,
                             const PtmResult& ptm, const GrainReport& grains, const FivefoldOptions& options = {});

}  // namespace aet::analysis
