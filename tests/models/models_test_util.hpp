#pragma once
// Helpers for the models tests: neighbour lists, coordination numbers and
// bond lengths.

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/geometry.hpp"
#include "core/neighbours.hpp"

namespace aet::test {

/// Between the first (2.76 Å) and second (3.9 Å) fcc neighbour shells; with
/// strains below 3 % the shells stay apart (2.85 < 3.3 < 3.78 Å).
inline constexpr double kNeighbourCutoff_A = 3.3;

/// For each point, the indices of the others closer than `cutoff` (the k-d
/// tree of core/neighbours.hpp, itself checked against brute force in
/// tests/analysis/test_neighbours.cpp).
inline std::vector<std::vector<std::size_t>> neighbours(const std::vector<Vec3>& pts,
                                                        double cutoff = kNeighbourCutoff_A) {
  const NeighbourList list = find_neighbours(pts, {cutoff});
  std::vector<std::vector<std::size_t>> out(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i)
    for (const auto& n : list[i]) out[i].push_back(n.atom);
  return out;
}

}  // namespace aet::test
