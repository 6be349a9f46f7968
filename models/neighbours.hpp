#pragma once
// Neighbour lists by a cell list (cells of the cutoff's size): every pair
// closer than the cutoff, each atom's neighbours sorted by index, so the
// result does not depend on traversal order.
#include <cstdint>
#include <span>
#include <vector>

#include "core/geometry.hpp"

namespace aet::models {

struct NeighbourList {
  std::vector<std::size_t> offsets;  ///< size n + 1
  std::vector<std::uint32_t> indices;
  std::span<const std::uint32_t> of(std::size_t atom) const {
    return {indices.data() + offsets[atom], offsets[atom + 1] - offsets[atom]};
  }
  std::size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

/// Pairs with distance < cutoff_A (> 0).
NeighbourList neighbour_list(const std::vector<Vec3>& positions_A, double cutoff_A);

}  // namespace aet::models
