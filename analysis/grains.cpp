#include "analysis/grains.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "core/error.hpp"

namespace aet::analysis {

const std::vector<Eigen::Quaterniond>& cubic_rotations() {
  static const std::vector<Eigen::Quaterniond> rots = [] {
    std::vector<Eigen::Quaterniond> r;
    // All signed permutation matrices with determinant +1.
    const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (const auto& p : perms)
      for (int s = 0; s < 8; ++s) {
        Mat3 m = Mat3::Zero();
        for (int c = 0; c < 3; ++c) m(c, p[c]) = (s >> c) & 1 ? -1.0 : 1.0;
        if (m.determinant() > 0) r.emplace_back(m);
      }
    return r;
  }();
  return rots;
}

namespace {

double angle_of(const Eigen::Quaterniond& q) { return 2.0 * std::acos(std::min(1.0, std::fabs(q.w()))); }

/// The symmetry-equivalent of b (b * S) closest to a.
Eigen::Quaterniond closest_equivalent(const Eigen::Quaterniond& a, const Eigen::Quaterniond& b) {
  Eigen::Quaterniond best = b;
  double bw = -1.0;
  for (const auto& s : cubic_rotations()) {
    Eigen::Quaterniond c = b * s;
    const double w = std::fabs(a.dot(c));
    if (w > bw) {
      bw = w;
      best = a.dot(c) < 0 ? Eigen::Quaterniond(-c.coeffs()) : c;
    }
  }
  return best;
}

struct UnionFind {
  std::vector<std::uint32_t> p;
  explicit UnionFind(std::size_t n) : p(n) { std::iota(p.begin(), p.end(), 0U); }
  std::uint32_t find(std::uint32_t x) {
    while (p[x] != x) x = p[x] = p[p[x]];
    return x;
  }
  void unite(std::uint32_t a, std::uint32_t b) { p[find(a)] = find(b); }
};

}  // namespace

double cubic_misorientation_deg(const Eigen::Quaterniond& a, const Eigen::Quaterniond& b) {
  const Eigen::Quaterniond d = a.conjugate() * b;
  double best = 2 * kPi;
  for (const auto& s : cubic_rotations()) best = std::min(best, angle_of(d * s));
  return rad2deg(best);
}

GrainReport find_grains(const std::vector<Vec3>& positions_A, const NeighbourList& nl, const PtmResult& ptm,
                        const GrainOptions& o) {
  const std::size_t n = positions_A.size();
  if (nl.size() != n || ptm.structure.size() != n)
    throw Error(fmt::format("grains: neighbour list ({}) or PTM ({}) does not match the model ({} atoms)", nl.size(),
                            ptm.structure.size(), n));
  const double cos_half = std::cos(deg2rad(o.misorientation_deg) / 2);
  UnionFind uf(n);
  std::size_t fcc = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (ptm.structure[i] != Structure::Fcc) continue;
    ++fcc;
    for (const auto& nb : nl[i]) {
      if (nb.atom <= i || ptm.structure[nb.atom] != Structure::Fcc) continue;
      const Eigen::Quaterniond d = ptm.orientation[i].conjugate() * ptm.orientation[nb.atom];
      bool close = false;
      for (const auto& s : cubic_rotations())
        if (std::fabs((d * s).w()) >= cos_half) {
          close = true;
          break;
        }
      if (close) uf.unite(std::uint32_t(i), nb.atom);
    }
  }
  std::map<std::uint32_t, std::vector<std::uint32_t>> clusters;
  for (std::size_t i = 0; i < n; ++i)
    if (ptm.structure[i] == Structure::Fcc) clusters[uf.find(std::uint32_t(i))].push_back(std::uint32_t(i));
  const auto min_atoms = std::max(o.min_atoms, std::size_t(std::ceil(o.min_fraction * double(fcc))));
  std::vector<std::vector<std::uint32_t>> kept;
  for (auto& [root, members] : clusters)
    if (members.size() >= min_atoms) kept.push_back(std::move(members));
  std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });

  GrainReport r;
  r.grain.assign(n, -1);
  for (std::size_t g = 0; g < kept.size(); ++g) {
    Grain grain;
    grain.atoms = kept[g].size();
    const Eigen::Quaterniond ref = ptm.orientation[kept[g][0]];
    Eigen::Vector4d sum = Eigen::Vector4d::Zero();
    for (const auto i : kept[g]) {
      r.grain[i] = int(g);
      sum += closest_equivalent(ref, ptm.orientation[i]).coeffs();
      grain.centroid_A += positions_A[i];
    }
    grain.centroid_A /= double(kept[g].size());
    grain.orientation = Eigen::Quaterniond(sum.normalized());
    r.grains.push_back(grain);
  }
  r.twin_boundary.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (ptm.structure[i] != Structure::Hcp && ptm.structure[i] != Structure::Decahedral) continue;
    std::set<int> seen;
    for (const auto& nb : nl[i])
      if (r.grain[nb.atom] >= 0) seen.insert(r.grain[nb.atom]);
    if (seen.size() >= 2) {
      r.twin_boundary[i] = 1;
      ++r.twin_boundary_atoms;
    }
  }
  const std::size_t ng = r.grains.size();
  r.misorientation_deg.assign(ng, std::vector<double>(ng, 0.0));
  for (std::size_t a = 0; a < ng; ++a)
    for (std::size_t b = a + 1; b < ng; ++b)
      r.misorientation_deg[a][b] = r.misorientation_deg[b][a] =
          cubic_misorientation_deg(r.grains[a].orientation, r.grains[b].orientation);
  return r;
}

}  // namespace aet::analysis
