#pragma once
// Neighbours: a k-d tree (nanoflann) over atom positions, first-shell
// neighbour lists within a cut-off (3.35 Å by default, the paper's first
// nearest-neighbour shell distance for Pd/Pt), and the pair distribution
// whose first minimum gives a data-driven cut-off.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/geometry.hpp"

namespace aet {

/// One neighbour of an atom: its index and distance in Å.
struct Neighbour {
  std::uint32_t atom = 0;
  double distance_A = 0.0;
};

/// A k-d tree over a fixed set of points (positions in Å). Queries are
/// thread-safe.
class PointIndex {
 public:
  explicit PointIndex(std::vector<Vec3> points_A);
  ~PointIndex();
  PointIndex(PointIndex&&) noexcept;
  PointIndex& operator=(PointIndex&&) noexcept;

  std::size_t size() const;
  const std::vector<Vec3>& points() const;
  /// Points with distance < radius_A from q, sorted by distance.
  std::vector<Neighbour> within(const Vec3& q, double radius_A) const;
  /// The k nearest points to q (fewer when the set is smaller), sorted by distance.
  std::vector<Neighbour> nearest(const Vec3& q, std::size_t k) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct NeighbourOptions {
  /// First-shell cut-off in Å (paper: 3.35 Å).
  double cutoff_A = 3.35;
};

/// Each atom's neighbours within the cut-off (itself excluded), sorted by distance.
struct NeighbourList {
  double cutoff_A = 0.0;
  std::vector<std::vector<Neighbour>> of;
  std::size_t size() const { return of.size(); }
  const std::vector<Neighbour>& operator[](std::size_t atom) const { return of[atom]; }
};

/// Throws aet::Error naming `what` and the pair when two atoms are closer
/// than limits::kMinAtomDistance_A (a model stacked at one point, or read
/// with a wrong unit): no measurement or image of such a model means anything.
void check_atoms_apart(const std::vector<Vec3>& positions_A, const std::string& what);

/// Throws aet::Error for a non-positive cut-off.
NeighbourList find_neighbours(const std::vector<Vec3>& positions_A, const NeighbourOptions& options = {});

/// Histogram of pair distances up to max_A (counts per bin, not normalised
/// by shell volume) and its first peak and first minimum after it.
struct PairDistribution {
  double bin_A = 0.05;
  std::vector<double> r_A;     ///< bin centres
  std::vector<double> counts;  ///< pairs per bin
  double first_peak_A = 0.0;
  double first_minimum_A = 0.0;
};

/// Pair distribution of all pairs closer than max_A. Peak and minimum are
/// found on counts / r^2 (g(r) up to a constant) after 3-bin smoothing: the
/// first peak is the global maximum, the first minimum the lowest bin between
/// it and sqrt(2) times it (the fcc second shell; the middle of the run when
/// several bins share the minimum, e.g. the empty gap of a perfect lattice). The minimum is the
/// nearest-neighbour cut-off of the paper's interface analysis.
PairDistribution pair_distribution(const std::vector<Vec3>& positions_A, double max_A = 5.0, double bin_A = 0.05);

}  // namespace aet
