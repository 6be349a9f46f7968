#include "analysis/polyhedral_template_matching.hpp"

#include <fmt/format.h>

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace aet::analysis {

std::string to_string(Structure s) {
  switch (s) {
    case Structure::Other: return "other";
    case Structure::Fcc: return "fcc";
    case Structure::Hcp: return "hcp";
    case Structure::Bcc: return "bcc";
    case Structure::Ico: return "ico";
    case Structure::Sc: return "sc";
    case Structure::Decahedral: return "dec";
  }
  return "other";
}

namespace {

std::vector<Vec3> normalised(std::vector<Vec3> v) {
  double mean = 0.0;
  for (const auto& x : v) mean += x.norm();
  mean /= double(v.size());
  for (auto& x : v) x /= mean;
  return v;
}

std::vector<Vec3> make_template(Structure s) {
  std::vector<Vec3> t;
  switch (s) {
    case Structure::Fcc:
      for (int a = 0; a < 3; ++a)
        for (int sa : {1, -1})
          for (int sb : {1, -1}) {
            Vec3 v = Vec3::Zero();
            v[a] = sa;
            v[(a + 1) % 3] = sb;
            t.push_back(v);
          }
      break;
    case Structure::Hcp: {
      for (int k = 0; k < 6; ++k) t.emplace_back(std::cos(k * kPi / 3), std::sin(k * kPi / 3), 0.0);
      const double h = std::sqrt(2.0 / 3.0), r = 1.0 / std::sqrt(3.0);
      for (double z : {h, -h})
        for (int k = 0; k < 3; ++k) {
          const double phi = kPi / 6 + k * 2 * kPi / 3;
          t.emplace_back(r * std::cos(phi), r * std::sin(phi), z);
        }
      break;
    }
    case Structure::Bcc:
      for (int sx : {1, -1})
        for (int sy : {1, -1})
          for (int sz : {1, -1}) t.emplace_back(sx, sy, sz);
      for (int a = 0; a < 3; ++a)
        for (int sa : {2, -2}) {
          Vec3 v = Vec3::Zero();
          v[a] = sa;
          t.push_back(v);
        }
      break;
    case Structure::Ico: {
      const double phi = (1.0 + std::sqrt(5.0)) / 2.0;
      for (int a = 0; a < 3; ++a)
        for (int s1 : {1, -1})
          for (int s2 : {1, -1}) {
            Vec3 v = Vec3::Zero();
            v[a] = 0.0;
            v[(a + 1) % 3] = s1;
            v[(a + 2) % 3] = s2 * phi;
            t.push_back(v);
          }
      break;
    }
    case Structure::Sc:
      for (int a = 0; a < 3; ++a)
        for (int sa : {1, -1}) {
          Vec3 v = Vec3::Zero();
          v[a] = sa;
          t.push_back(v);
        }
      break;
    case Structure::Decahedral: {
      t.emplace_back(0.0, 0.0, 1.0);
      t.emplace_back(0.0, 0.0, -1.0);
      const double r = std::sqrt(3.0) / 2.0;
      for (double z : {0.5, -0.5})
        for (int k = 0; k < 5; ++k) t.emplace_back(r * std::cos(k * 2 * kPi / 5), r * std::sin(k * 2 * kPi / 5), z);
      break;
    }
    case Structure::Other: break;
  }
  return normalised(t);
}

/// First template vector of each orbit under the template's rotation group.
std::vector<int> orbit_representatives(Structure s) {
  switch (s) {
    case Structure::Hcp: return {0, 6};
    case Structure::Bcc: return {0, 8};
    case Structure::Decahedral: return {0, 2};
    default: return {0};
  }
}

Mat3 frame(const Vec3& a, const Vec3& b) {
  Mat3 f;
  const Vec3 e1 = a.normalized();
  const Vec3 e2 = (b - b.dot(e1) * e1).normalized();
  f.col(0) = e1;
  f.col(1) = e2;
  f.col(2) = e1.cross(e2);
  return f;
}

double angle(const Vec3& a, const Vec3& b) { return std::acos(std::clamp(a.normalized().dot(b.normalized()), -1.0, 1.0)); }

/// Sum of squared distances of each bond to its nearest rotated template
/// vector (not necessarily one-to-one): a cheap score to rank seeds.
double nearest_sum(const std::vector<Vec3>& p, const std::vector<Vec3>& q) {
  double sum = 0.0;
  for (const auto& pk : p) {
    double bd = std::numeric_limits<double>::max();
    for (const auto& ql : q) bd = std::min(bd, (pk - ql).squaredNorm());
    sum += bd;
  }
  return sum;
}

/// Greedy one-to-one assignment of bonds p to rotated template vectors q
/// (pairs taken in order of distance).
void assign(const std::vector<Vec3>& p, const std::vector<Vec3>& q, std::vector<int>& out) {
  const std::size_t n = p.size();
  // Templates have at most 14 vectors: the distances and flags on the stack.
  constexpr std::size_t kMax = 16;
  double dist[kMax * kMax];
  char used_[kMax];
  std::size_t best_[kMax];
  std::vector<double> big;
  std::vector<char> big_used;
  std::vector<std::size_t> big_best;
  if (n > kMax) big.resize(n * n), big_used.resize(n), big_best.resize(n);
  double* dd = n > kMax ? big.data() : dist;
  char* used = n > kMax ? big_used.data() : used_;
  std::size_t* best = n > kMax ? big_best.data() : best_;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t l = 0; l < n; ++l) dd[k * n + l] = (p[k] - q[l]).squaredNorm();
  out.assign(n, -1);
  std::fill(used, used + n, 0);
  // Fast path: each bond to its nearest template vector, if that is one-to-one.
  bool ok = true;
  for (std::size_t k = 0; k < n && ok; ++k) {
    int b = -1;
    double bd = std::numeric_limits<double>::max();
    for (std::size_t l = 0; l < n; ++l)
      if (dd[k * n + l] < bd) bd = dd[k * n + l], b = int(l);
    if (used[std::size_t(b)]) ok = false;
    used[std::size_t(b)] = 1;
    out[k] = b;
  }
  if (ok) return;
  // The globally closest free pair, n times: the pairs in the order of
  // (distance, k * n + l), as a sort of all n^2 pairs would take them. Each
  // free bond keeps its closest free vector (the lowest l among equal
  // distances); only the bonds whose vector was just taken look again.
  out.assign(n, -1);
  std::fill(used, used + n, 0);
  const auto closest_free = [&](std::size_t k) {
    std::size_t b = 0;
    while (used[b]) ++b;
    for (std::size_t l = b + 1; l < n; ++l)
      if (!used[l] && dd[k * n + l] < dd[k * n + b]) b = l;
    return b;
  };
  for (std::size_t k = 0; k < n; ++k) best[k] = closest_free(k);
  for (std::size_t done = 0; done < n; ++done) {
    std::size_t bk = 0;
    while (out[bk] >= 0) ++bk;
    for (std::size_t k = bk + 1; k < n; ++k)
      if (out[k] < 0 && dd[k * n + best[k]] < dd[bk * n + best[bk]]) bk = k;
    const std::size_t bl = best[bk];
    out[bk] = int(bl);
    used[bl] = 1;
    if (done + 1 == n) break;
    for (std::size_t k = 0; k < n; ++k)
      if (out[k] < 0 && best[k] == bl) best[k] = closest_free(k);
  }
}

/// Kabsch rotation R minimising sum |p_k - R t_a(k)|^2.
Mat3 kabsch(const std::vector<Vec3>& p, const std::vector<Vec3>& t, const std::vector<int>& a) {
  Mat3 h = Mat3::Zero();
  for (std::size_t k = 0; k < p.size(); ++k) h += t[std::size_t(a[k])] * p[k].transpose();
  Eigen::JacobiSVD<Mat3> svd(h, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Mat3 d = Mat3::Identity();
  if ((svd.matrixV() * svd.matrixU().transpose()).determinant() < 0) d(2, 2) = -1.0;
  return svd.matrixV() * d * svd.matrixU().transpose();
}

/// RMSD after the optimal scale, for a given rotation and assignment.
double rmsd_of(const std::vector<Vec3>& p, const std::vector<Vec3>& t, const std::vector<int>& a, const Mat3& r) {
  double pt = 0.0, tt = 0.0, pp = 0.0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const Vec3 q = r * t[std::size_t(a[k])];
    pt += p[k].dot(q);
    tt += q.squaredNorm();
    pp += p[k].squaredNorm();
  }
  const double s = pt / tt;
  return std::sqrt(std::max(0.0, pp - 2 * s * pt + s * s * tt) / double(p.size()));
}

}  // namespace

const std::vector<Vec3>& detail::ptm_template(Structure s) {
  static const std::array<std::vector<Vec3>, kStructureCount> templates = [] {
    std::array<std::vector<Vec3>, kStructureCount> t;
    for (int i = 1; i < kStructureCount; ++i) t[std::size_t(i)] = make_template(Structure(i));
    return t;
  }();
  return templates[std::size_t(s)];
}

detail::TemplateMatch detail::match_template(Structure s, const std::vector<Vec3>& bonds_in) {
  const auto& t = ptm_template(s);
  const std::size_t n = t.size();
  TemplateMatch best;
  best.rmsd = std::numeric_limits<double>::infinity();
  if (bonds_in.size() < n) return best;
  std::vector<Vec3> p(bonds_in.begin(), bonds_in.begin() + std::ptrdiff_t(n));
  p = normalised(p);
  // Seeds: the first bond and the first later one not near-collinear with it.
  const Vec3 a = p[0];
  std::size_t jb = 1;
  while (jb < n && std::fabs(std::cos(angle(a, p[jb]))) > 0.9) ++jb;
  if (jb == n) return best;
  const Vec3 b = p[jb];
  const double ab = angle(a, b);
  const Mat3 fp = frame(a, b);
  constexpr double tol = 20.0 * kPi / 180.0;
  std::vector<Vec3> q(n);
  std::vector<int> asg;
  std::vector<std::pair<double, Mat3>> candidates;
  candidates.reserve(16);
  for (const int i : orbit_representatives(s))
    for (std::size_t j = 0; j < n; ++j) {
      if (int(j) == i) continue;
      const double tij = angle(t[std::size_t(i)], t[j]);
      if (std::fabs(tij - ab) > tol || std::fabs(std::cos(tij)) > 0.95) continue;
      const Mat3 r = fp * frame(t[std::size_t(i)], t[j]).transpose();
      for (std::size_t l = 0; l < n; ++l) q[l] = r * t[l];
      candidates.emplace_back(nearest_sum(p, q), r);
    }
  if (candidates.empty()) return best;
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  const std::size_t refine = std::min<std::size_t>(2, candidates.size());
  for (std::size_t c = 0; c < refine; ++c) {
    Mat3 r = candidates[c].second;
    for (int it = 0; it < 2; ++it) {
      for (std::size_t l = 0; l < n; ++l) q[l] = r * t[l];
      assign(p, q, asg);
      r = kabsch(p, t, asg);
    }
    const double rm = rmsd_of(p, t, asg, r);
    if (rm < best.rmsd) {
      best.rmsd = rm;
      best.rotation = r;
      best.assignment = asg;
    }
  }
  return best;
}

PtmResult polyhedral_template_matching(const std::vector<Vec3>& positions_A, const PtmOptions& options) {
  if (!(options.rmsd_cutoff >= 0.0))
    throw Error(fmt::format("polyhedral template matching: RMSD cut-off must be >= 0, got {}", options.rmsd_cutoff));
  const std::size_t n = positions_A.size();
  PtmResult r;
  r.structure.assign(n, Structure::Other);
  r.rmsd.assign(n, std::numeric_limits<double>::quiet_NaN());
  r.orientation.assign(n, Eigen::Quaterniond::Identity());
  r.scale_A.assign(n, std::numeric_limits<double>::quiet_NaN());
  const PointIndex index(positions_A);
  const auto sn = static_cast<std::ptrdiff_t>(n);
#pragma omp parallel for schedule(dynamic, 64)
  for (std::ptrdiff_t si = 0; si < sn; ++si) {
    const auto i = std::size_t(si);
    const auto nbs = index.nearest(positions_A[i], 15);
    std::vector<Vec3> bonds;
    for (const auto& nb : nbs)
      if (nb.atom != i) bonds.push_back(positions_A[nb.atom] - positions_A[i]);
    double best = std::numeric_limits<double>::infinity();
    Structure type = Structure::Other;
    Mat3 rot = Mat3::Identity();
    std::size_t shell = 0;
    for (int s = 1; s < kStructureCount; ++s) {
      if (!options.enabled[std::size_t(s)]) continue;
      const auto m = detail::match_template(Structure(s), bonds);
      if (m.rmsd < best) {
        best = m.rmsd;
        type = Structure(s);
        rot = m.rotation;
        shell = detail::ptm_template(Structure(s)).size();
      }
    }
    if (std::isfinite(best)) {
      r.rmsd[i] = best;
      double mean = 0.0;
      for (std::size_t k = 0; k < shell; ++k) mean += bonds[k].norm();
      r.scale_A[i] = mean / double(shell);
      if (best <= options.rmsd_cutoff) {
        r.structure[i] = type;
        r.orientation[i] = Eigen::Quaterniond(rot).normalized();
      }
    }
  }
  for (const auto s : r.structure) ++r.counts[std::size_t(s)];
  return r;
}

}  // namespace aet::analysis
