#include "models/neighbours.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"

namespace aet::models {

NeighbourList neighbour_list(const std::vector<Vec3>& pos, double cutoff) {
  if (!(cutoff > 0.0)) throw Error("neighbour cutoff must be positive");
  NeighbourList out;
  const std::size_t n = pos.size();
  out.offsets.assign(n + 1, 0);
  if (n == 0) return out;
  Vec3 lo = pos[0], hi = pos[0];
  for (const auto& p : pos) {
    lo = lo.cwiseMin(p);
    hi = hi.cwiseMax(p);
  }
  std::array<long, 3> dims{};
  for (int d = 0; d < 3; ++d) dims[std::size_t(d)] = std::max(1L, long((hi[d] - lo[d]) / cutoff) + 1);
  const auto cell_of = [&](const Vec3& p) {
    std::array<long, 3> c{};
    for (int d = 0; d < 3; ++d)
      c[std::size_t(d)] = std::clamp(long((p[d] - lo[d]) / cutoff), 0L, dims[std::size_t(d)] - 1);
    return c;
  };
  const auto linear = [&](const std::array<long, 3>& c) { return std::size_t((c[2] * dims[1] + c[1]) * dims[0] + c[0]); };
  // Counting sort of atoms by cell.
  const std::size_t ncells = std::size_t(dims[0] * dims[1] * dims[2]);
  std::vector<std::size_t> start(ncells + 1, 0);
  std::vector<std::size_t> cell(n);
  for (std::size_t i = 0; i < n; ++i) {
    cell[i] = linear(cell_of(pos[i]));
    ++start[cell[i] + 1];
  }
  for (std::size_t c = 0; c < ncells; ++c) start[c + 1] += start[c];
  std::vector<std::uint32_t> sorted(n);
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) sorted[fill[cell[i]]++] = std::uint32_t(i);
  }
  const double c2 = cutoff * cutoff;
  std::vector<std::uint32_t> found;
  for (std::size_t i = 0; i < n; ++i) {
    found.clear();
    const auto c = cell_of(pos[i]);
    for (long dz = -1; dz <= 1; ++dz)
      for (long dy = -1; dy <= 1; ++dy)
        for (long dx = -1; dx <= 1; ++dx) {
          const std::array<long, 3> nc{c[0] + dx, c[1] + dy, c[2] + dz};
          if (nc[0] < 0 || nc[1] < 0 || nc[2] < 0 || nc[0] >= dims[0] || nc[1] >= dims[1] || nc[2] >= dims[2])
            continue;
          const std::size_t l = linear(nc);
          for (std::size_t s = start[l]; s < start[l + 1]; ++s) {
            const std::uint32_t j = sorted[s];
            if (j != i && (pos[j] - pos[i]).squaredNorm() < c2) found.push_back(j);
          }
        }
    std::sort(found.begin(), found.end());
    out.indices.insert(out.indices.end(), found.begin(), found.end());
    out.offsets[i + 1] = out.indices.size();
  }
  return out;
}

}  // namespace aet::models
