#include "core/neighbours.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nanoflann.hpp>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace aet {

namespace {

struct Cloud {
  std::vector<Vec3> pts;
  std::size_t kdtree_get_point_count() const { return pts.size(); }
  double kdtree_get_pt(std::size_t i, std::size_t d) const { return pts[i][static_cast<Eigen::Index>(d)]; }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 3, std::uint32_t>;

}  // namespace

struct PointIndex::Impl {
  Cloud cloud;
  Tree tree;
  explicit Impl(std::vector<Vec3> p)
      : cloud{std::move(p)}, tree(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16)) {
    tree.buildIndex();
  }
};

PointIndex::PointIndex(std::vector<Vec3> points_A) : impl_(std::make_unique<Impl>(std::move(points_A))) {}
PointIndex::~PointIndex() = default;
PointIndex::PointIndex(PointIndex&&) noexcept = default;
PointIndex& PointIndex::operator=(PointIndex&&) noexcept = default;

std::size_t PointIndex::size() const { return impl_->cloud.pts.size(); }
const std::vector<Vec3>& PointIndex::points() const { return impl_->cloud.pts; }

std::vector<Neighbour> PointIndex::within(const Vec3& q, double radius_A) const {
  std::vector<std::pair<std::uint32_t, double>> hits;
  if (size() == 0) return {};
  impl_->tree.radiusSearch(q.data(), radius_A * radius_A, hits, nanoflann::SearchParams(32, 0.0F, true));
  std::vector<Neighbour> out;
  out.reserve(hits.size());
  for (const auto& [i, d2] : hits)
    if (d2 < radius_A * radius_A) out.push_back({i, std::sqrt(d2)});
  return out;
}

std::vector<Neighbour> PointIndex::nearest(const Vec3& q, std::size_t k) const {
  k = std::min(k, size());
  std::vector<std::uint32_t> idx(k);
  std::vector<double> d2(k);
  if (k == 0) return {};
  const std::size_t n = impl_->tree.knnSearch(q.data(), k, idx.data(), d2.data());
  std::vector<Neighbour> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = {idx[i], std::sqrt(d2[i])};
  return out;
}

NeighbourList find_neighbours(const std::vector<Vec3>& positions_A, const NeighbourOptions& options) {
  if (!(options.cutoff_A > 0.0))
    throw Error(fmt::format("neighbours: cut-off must be > 0 Å, got {}", options.cutoff_A));
  NeighbourList list;
  list.cutoff_A = options.cutoff_A;
  list.of.resize(positions_A.size());
  const PointIndex index(positions_A);
  const auto n = static_cast<std::ptrdiff_t>(positions_A.size());
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    auto hits = index.within(positions_A[std::size_t(i)], options.cutoff_A);
    std::vector<Neighbour> out;
    out.reserve(hits.size());
    for (const auto& h : hits)
      if (h.atom != std::uint32_t(i)) out.push_back(h);
    list.of[std::size_t(i)] = std::move(out);
  }
  return list;
}

PairDistribution pair_distribution(const std::vector<Vec3>& positions_A, double max_A, double bin_A) {
  if (!(max_A > 0.0) || !(bin_A > 0.0) || bin_A >= max_A)
    throw Error(fmt::format("pair distribution: need 0 < bin ({}) < max ({}) Å", bin_A, max_A));
  PairDistribution g;
  g.bin_A = bin_A;
  const auto nb = static_cast<std::size_t>(std::ceil(max_A / bin_A));
  g.counts.assign(nb, 0.0);
  g.r_A.resize(nb);
  for (std::size_t b = 0; b < nb; ++b) g.r_A[b] = (double(b) + 0.5) * bin_A;
  // Counts only: the pairs in any order (whole numbers add exactly), from
  // unsorted radius searches, each thread into its own histogram.
  if (!positions_A.empty()) {
    const Cloud cloud{positions_A};
    Tree tree(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
    tree.buildIndex();
    const double r2 = max_A * max_A;
    const auto n = static_cast<std::ptrdiff_t>(positions_A.size());
    std::vector<std::uint64_t> total(nb, 0);
#pragma omp parallel
    {
      std::vector<std::uint64_t> counts(nb, 0);
      std::vector<std::pair<std::uint32_t, double>> hits;
#pragma omp for schedule(static) nowait
      for (std::ptrdiff_t si = 0; si < n; ++si) {
        const auto i = std::size_t(si);
        hits.clear();
        tree.radiusSearch(positions_A[i].data(), r2, hits, nanoflann::SearchParams(32, 0.0F, false));
        for (const auto& [j, d2] : hits)
          if (j > i && d2 < r2) {
            const auto b = static_cast<std::size_t>(std::sqrt(d2) / bin_A);
            if (b < nb) ++counts[b];
          }
      }
#pragma omp critical
      for (std::size_t b = 0; b < nb; ++b) total[b] += counts[b];
    }
    for (std::size_t b = 0; b < nb; ++b) g.counts[b] = double(total[b]);
  }
  std::vector<double> s(nb, 0.0);
  for (std::size_t b = 0; b < nb; ++b) {
    double sum = 0.0;
    int cnt = 0;
    for (std::size_t c = (b == 0 ? 0 : b - 1); c <= std::min(nb - 1, b + 1); ++c, ++cnt) sum += g.counts[c];
    s[b] = sum / cnt / (g.r_A[b] * g.r_A[b]);  // per shell area: g(r) up to a constant
  }
  const auto peak = static_cast<std::size_t>(std::max_element(s.begin(), s.end()) - s.begin());
  g.first_peak_A = g.r_A[peak];
  // Between the first shell and the second (at sqrt(2) times the first in fcc).
  const auto end = std::min(nb, static_cast<std::size_t>(g.first_peak_A * std::sqrt(2.0) / bin_A));
  std::size_t minimum = peak;
  for (std::size_t b = peak; b < end; ++b)
    if (s[b] < s[minimum]) minimum = b;
  // A flat minimum (an empty gap, as in a perfect lattice): its middle.
  std::size_t last = minimum;
  while (last + 1 < end && s[last + 1] <= s[minimum] * (1 + 1e-12)) ++last;
  g.first_minimum_A = 0.5 * (g.r_A[minimum] + g.r_A[last]);
  return g;
}

void check_atoms_apart(const std::vector<Vec3>& positions_A, const std::string& what) {
  if (positions_A.size() < 2) return;
  const PointIndex index(positions_A);
  for (std::size_t a = 0; a < positions_A.size(); ++a) {
    for (const Neighbour& n : index.nearest(positions_A[a], 2)) {
      if (n.atom == a || n.distance_A >= limits::kMinAtomDistance_A) continue;
      throw Error(fmt::format("{}: atoms {} and {} are {:.3g} Å apart (at least {} Å: no two atoms closer)", what,
                              std::min<std::size_t>(a, n.atom) + 1, std::max<std::size_t>(a, n.atom) + 1,
                              n.distance_A, limits::kMinAtomDistance_A));
    }
  }
}

}  // namespace aet
