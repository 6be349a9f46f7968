#pragma once
// Grains: fcc atoms (from polyhedral template matching) clustered by lattice
// orientation: neighbouring fcc atoms whose misorientation (under the cubic
// symmetry) is below a threshold belong to one grain (region growing by
// union-find). Twin boundaries are the hcp-like (and five-fold-axis) atoms
// with fcc neighbours in two or more grains.
#include <Eigen/Geometry>
#include <vector>

#include "core/neighbours.hpp"
#include "analysis/polyhedral_template_matching.hpp"

namespace aet::analysis {

struct GrainOptions {
  /// Largest misorientation between neighbouring atoms of one grain. Twins
  /// are 60° apart; experimental orientation noise is a few degrees.
  double misorientation_deg = 8.0;
  /// Smallest grain, as a fraction of the model's fcc atoms (smaller
  /// clusters, e.g. surface debris, are left unassigned), and in atoms.
  double min_fraction = 0.005;
  std::size_t min_atoms = 10;
};

struct Grain {
  std::size_t atoms = 0;
  Eigen::Quaterniond orientation = Eigen::Quaterniond::Identity();  ///< mean, cubic frame -> model frame
  Vec3 centroid_A = Vec3::Zero();
};

struct GrainReport {
  std::vector<int> grain;  ///< per atom: grain index (largest first), -1 none
  std::vector<Grain> grains;
  std::vector<std::uint8_t> twin_boundary;  ///< per atom
  std::size_t twin_boundary_atoms = 0;
  /// Misorientation (cubic symmetry) between grains i and j, degrees.
  std::vector<std::vector<double>> misorientation_deg;
};

GrainReport find_grains(const std::vector<Vec3>& positions_A, const NeighbourList& neighbours, const PtmResult& ptm,
                        const GrainOptions& options = {});

/// Smallest rotation angle (degrees) between two cubic lattice orientations.
double cubic_misorientation_deg(const Eigen::Quaterniond& a, const Eigen::Quaterniond& b);
/// The 24 proper rotations of the cube.
const std::vector<Eigen::Quaterniond>& cubic_rotations();

}  // namespace aet::analysis
