#include "analysis/fivefold_axis.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace aet::analysis {

namespace {

/// Centroid of a point set and the eigen-decomposition of its scatter
/// matrix (eigenvalues ascending).
std::pair<Vec3, Eigen::SelfAdjointEigenSolver<Mat3>> principal_axes(const std::vector<Vec3>& pts) {
  Vec3 c = Vec3::Zero();
  for (const auto& p : pts) c += p;
  c /= double(pts.size());
  Mat3 cov = Mat3::Zero();
  for (const auto& p : pts) cov += (p - c) * (p - c).transpose();
  return {c, Eigen::SelfAdjointEigenSolver<Mat3>(cov)};
}

/// Centroid and principal direction of a point set.
std::pair<Vec3, Vec3> line_fit(const std::vector<Vec3>& pts) {
  const auto [c, es] = principal_axes(pts);
  return {c, es.eigenvectors().col(2).normalized()};
}

Vec3 plane_normal(const std::vector<Vec3>& pts) { return principal_axes(pts).second.eigenvectors().col(0).normalized(); }

/// Orthonormal basis (e1, e2) perpendicular to u.
std::pair<Vec3, Vec3> perp_basis(const Vec3& u) {
  const Vec3 t = std::fabs(u.x()) < 0.9 ? Vec3::UnitX() : Vec3::UnitY();
  const Vec3 e1 = (t - t.dot(u) * u).normalized();
  return {e1, u.cross(e1)};
}

double wrap360(double a) {
  a = std::fmod(a, 360.0);
  return a < 0 ? a + 360.0 : a;
}

}  // namespace

FivefoldReport fivefold_axis(const std::vector<Vec3>& pos, const NeighbourList& nl, const PtmResult& ptm,
                             const GrainReport& grains, const FivefoldOptions& o) {
  const std::size_t n = pos.size();
  FivefoldReport r;
  r.on_axis.assign(n, 0);
  // Largest connected set of decahedral atoms.
  std::vector<int> comp(n, -1);
  std::vector<std::uint32_t> best;
  int next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (ptm.structure[i] != Structure::Decahedral || comp[i] >= 0) continue;
    std::vector<std::uint32_t> members{std::uint32_t(i)};
    comp[i] = next;
    for (std::size_t k = 0; k < members.size(); ++k)
      for (const auto& nb : nl[members[k]])
        if (ptm.structure[nb.atom] == Structure::Decahedral && comp[nb.atom] < 0) {
          comp[nb.atom] = next;
          members.push_back(nb.atom);
        }
    ++next;
    if (members.size() > best.size()) best = members;
  }
  if (best.size() < std::max<std::size_t>(o.min_axis_atoms, 1)) return r;
  std::vector<Vec3> pts;
  for (const auto i : best) pts.push_back(pos[i]);
  if (best.size() >= 2) std::tie(r.axis_point_A, r.axis_direction) = line_fit(pts);
  else {
    r.axis_point_A = pts[0];
    r.axis_direction = ptm.orientation[best[0]] * Vec3::UnitZ();
  }
  // Segments of the axis broken by a misclassified atom: the other
  // decahedral atoms close to the fitted line join it.
  if (best.size() >= 2) {
    for (std::size_t i = 0; i < n; ++i) {
      if (ptm.structure[i] != Structure::Decahedral || std::find(best.begin(), best.end(), i) != best.end()) continue;
      const Vec3 d = pos[i] - r.axis_point_A;
      if ((d - d.dot(r.axis_direction) * r.axis_direction).norm() < o.axis_join_distance_A) best.push_back(std::uint32_t(i));
    }
    pts.clear();
    for (const auto i : best) pts.push_back(pos[i]);
    std::tie(r.axis_point_A, r.axis_direction) = line_fit(pts);
  }
  const Vec3 u = r.axis_direction;
  std::sort(best.begin(), best.end(),
            [&](auto a, auto b) { return (pos[a] - r.axis_point_A).dot(u) < (pos[b] - r.axis_point_A).dot(u); });
  r.axis_atoms = best;
  r.found = true;
  for (const auto i : best) r.on_axis[i] = 1;

  // Bipyramids between consecutive axis atoms that are bonded.
  double sag = 0, sbg = 0, sth = 0;
  for (std::size_t k = 0; k + 1 < best.size(); ++k) {
    const auto a = best[k], b = best[k + 1];
    const auto& na = nl[a];
    if (std::none_of(na.begin(), na.end(), [&](const Neighbour& x) { return x.atom == b; })) continue;
    std::set<std::uint32_t> nbset;
    for (const auto& x : na) nbset.insert(x.atom);
    std::vector<std::pair<double, std::uint32_t>> common;
    for (const auto& x : nl[b])
      if (x.atom != a && nbset.count(x.atom)) common.emplace_back((pos[x.atom] - pos[a]).norm() + x.distance_A, x.atom);
    if (common.size() < 5) continue;
    std::sort(common.begin(), common.end());
    Bipyramid bp;
    bp.caps = {a, b};
    const Vec3 axis = pos[b] - pos[a];
    const Vec3 mid = (pos[a] + pos[b]) / 2;
    const auto [e1, e2] = perp_basis(axis.normalized());
    std::vector<std::pair<double, std::uint32_t>> ring;
    for (std::size_t m = 0; m < 5; ++m) {
      const Vec3 d = pos[common[m].second] - mid;
      ring.emplace_back(std::atan2(d.dot(e2), d.dot(e1)), common[m].second);
    }
    std::sort(ring.begin(), ring.end());
    std::vector<Vec3> rp;
    for (std::size_t m = 0; m < 5; ++m) {
      bp.ring[m] = ring[m].second;
      rp.push_back(pos[ring[m].second]);
    }
    bp.alpha_A = axis.norm();
    double beta = 0, gamma = 0;
    for (std::size_t m = 0; m < 5; ++m) {
      beta += (rp[m] - pos[a]).norm() + (rp[m] - pos[b]).norm();
      gamma += (rp[(m + 1) % 5] - rp[m]).norm();
    }
    bp.beta_A = beta / 10;
    bp.gamma_A = gamma / 5;
    const Vec3 normal = plane_normal(rp);
    bp.theta_deg = rad2deg(std::acos(std::min(1.0, std::fabs(normal.dot(axis.normalized())))));
    sag += bp.alpha_A / bp.gamma_A;
    sbg += bp.beta_A / bp.gamma_A;
    sth += bp.theta_deg;
    r.bipyramids.push_back(bp);
  }
  if (!r.bipyramids.empty()) {
    const double m = double(r.bipyramids.size());
    r.alpha_over_gamma = sag / m;
    r.beta_over_gamma = sbg / m;
    r.theta_deg = sth / m;
  }

  // Twin half-planes: azimuths of twin-boundary atoms about the axis.
  const auto [e1, e2] = perp_basis(u);
  std::vector<std::pair<double, Vec3>> bnd;  // azimuth (deg), in-plane offset
  for (std::size_t i = 0; i < n; ++i) {
    if (!grains.twin_boundary[i] || r.on_axis[i]) continue;
    const Vec3 d = pos[i] - r.axis_point_A;
    const Vec3 p = d - d.dot(u) * u;
    if (p.norm() < o.min_twin_offset_A) continue;
    bnd.emplace_back(wrap360(rad2deg(std::atan2(p.dot(e2), p.dot(e1)))), p);
  }
  if (bnd.size() < o.min_twin_atoms) return r;
  // Histogram in 2° bins, circularly smoothed; five peaks at least 40° apart.
  constexpr int nb = 180;
  std::vector<double> h(nb, 0.0), s(nb, 0.0);
  for (const auto& [az, p] : bnd) h[std::size_t(int(az / 2.0) % nb)] += 1.0;
  for (int b = 0; b < nb; ++b)
    for (int d = -3; d <= 3; ++d) s[std::size_t(b)] += h[std::size_t((b + d + nb) % nb)] * (4 - std::abs(d));
  std::vector<double> peaks;
  std::vector<double> work = s;
  for (int k = 0; k < 5; ++k) {
    const auto m = std::size_t(std::max_element(work.begin(), work.end()) - work.begin());
    if (work[m] <= 0) break;
    peaks.push_back(2.0 * double(m) + 1.0);
    for (int d = -20; d <= 20; ++d) work[std::size_t((int(m) + d + nb) % nb)] = 0.0;
  }
  if (peaks.size() < 5) return r;
  std::sort(peaks.begin(), peaks.end());
  // Refine each half-plane: mean in-plane direction of its atoms.
  std::vector<double> dir;
  for (const double pk : peaks) {
    Vec3 sum = Vec3::Zero();
    for (const auto& [az, p] : bnd) {
      double d = std::fabs(az - pk);
      d = std::min(d, 360.0 - d);
      if (d < o.half_plane_window_deg) sum += p;  // atoms further out weigh more: the plane, not its edge
    }
    dir.push_back(wrap360(rad2deg(std::atan2(sum.dot(e2), sum.dot(e1)))));
  }
  std::sort(dir.begin(), dir.end());
  for (std::size_t k = 0; k < 5; ++k) r.twin_angles_deg.push_back(wrap360(dir[(k + 1) % 5] - dir[k]));
  return r;
}

}  // namespace aet::analysis
