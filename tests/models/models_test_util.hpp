#pragma once
// Helpers for the models tests, independent of the library's own neighbour
// code: neighbour lists from a nanoflann k-d tree, coordination numbers and
// bond lengths.
#include <nanoflann.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/geometry.hpp"

namespace aet::test {

/// Between the first (2.76 Å) and second (3.9 Å) fcc neighbour shells; with
/// strains below 3 % the shells stay apart (2.85 < 3.3 < 3.78 Å).
inline constexpr double kNeighbourCutoff_A = 3.3;

struct Cloud {
  const std::vector<Vec3>& pts;
  std::size_t kdtree_get_point_count() const { return pts.size(); }
  double kdtree_get_pt(std::size_t i, std::size_t d) const { return pts[i][int(d)]; }
  template <class BBox>
  bool kdtree_get_bbox(BBox&) const {
    return false;
  }
};

/// For each point, the indices of the others closer than `cutoff`.
inline std::vector<std::vector<std::size_t>> neighbours(const std::vector<Vec3>& pts,
                                                        double cutoff = kNeighbourCutoff_A) {
  using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 3, std::size_t>;
  Cloud cloud{pts};
  Tree tree(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(10));
  tree.buildIndex();
  std::vector<std::vector<std::size_t>> out(pts.size());
  std::vector<std::pair<std::size_t, double>> found;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    found.clear();
    tree.radiusSearch(pts[i].data(), cutoff * cutoff, found, nanoflann::SearchParams());
    for (const auto& [j, d2] : found)
      if (j != i) out[i].push_back(j);
  }
  return out;
}

}  // namespace aet::test
