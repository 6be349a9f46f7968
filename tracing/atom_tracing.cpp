#include "tracing/atom_tracing.hpp"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "core/neighbours.hpp"
#include "core/error.hpp"
#include "core/statistics.hpp"
#include "core/optimize.hpp"

namespace aet::tracing {

namespace {

struct Peak {
  int k, i, j;       // voxel of the local maximum
  float value;       // volume value there
  Vec3 voxel;        // refined continuous voxel coordinates (k, i, j)
  double height;     // fitted peak height
  int fit;           // 0 polynomial, 1 Gaussian, 2 centroid, 3 split, 4 joint
};

/// Robust noise: median and 1.4826 x median absolute deviation of all voxels.
std::pair<double, double> robust_level(const Volume& v) {
  const double med = median(v.data());
  std::vector<float> dev(v.data().size());
  for (std::size_t n = 0; n < dev.size(); ++n) dev[n] = std::fabs(v.data()[n] - float(med));
  return {med, 1.4826 * median(std::move(dev))};
}

bool is_local_max(const Volume& v, int k, int i, int j) {
  const float c = v.at(k, i, j);
  for (int dk = -1; dk <= 1; ++dk)
    for (int di = -1; di <= 1; ++di)
      for (int dj = -1; dj <= 1; ++dj) {
        if (!dk && !di && !dj) continue;
        const float n = v.at(k + dk, i + di, j + dj);
        // Plateaus: the first voxel in memory order wins.
        const bool later = dk > 0 || (dk == 0 && (di > 0 || (di == 0 && dj > 0)));
        if (later ? n > c : n >= c) return false;
      }
  return true;
}

/// Volume value at continuous voxel coordinates (k, i, j), clamped to the grid.
double trilinear(const Volume& v, const Vec3& x) {
  const double k = std::clamp(x[0], 0.0, v.nz() - 1.0), i = std::clamp(x[1], 0.0, v.ny() - 1.0),
               j = std::clamp(x[2], 0.0, v.nx() - 1.0);
  const int k0 = std::min(int(k), v.nz() - 2 < 0 ? 0 : v.nz() - 2), i0 = std::min(int(i), std::max(0, v.ny() - 2)),
            j0 = std::min(int(j), std::max(0, v.nx() - 2));
  const double fk = k - k0, fi = i - i0, fj = j - j0;
  double sum = 0.0;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 2; ++c)
        sum += (a ? fk : 1 - fk) * (b ? fi : 1 - fi) * (c ? fj : 1 - fj) * v.at(k0 + a, i0 + b, j0 + c);
  return sum;
}

/// Gaussian-weighted quadratic fit f = c0 + g.d + d'Hd/2 on a (2r+1)^3 box.
/// The weighted normal equations depend only on the box, so the
/// pseudo-inverse P (10 x n) is computed once and each fit is P y.
class PolynomialFit {
 public:
  explicit PolynomialFit(int r) : r_(r) {
    const int n = (2 * r + 1) * (2 * r + 1) * (2 * r + 1);
    Eigen::MatrixXd a(n, 10);
    Eigen::VectorXd w(n);
    const double sw = std::max(1.0, 0.75 * r);  // Gaussian weight width, voxels
    int row = 0;
    for (int z = -r; z <= r; ++z)
      for (int y = -r; y <= r; ++y)
        for (int x = -r; x <= r; ++x, ++row) {
          a.row(row) << 1, z, y, x, z * z, y * y, x * x, z * y, z * x, y * x;
          w[row] = std::exp(-(x * x + y * y + z * z) / (2 * sw * sw));
        }
    const Eigen::MatrixXd at_w = a.transpose() * w.asDiagonal();
    pinv_ = (at_w * a).ldlt().solve(at_w);
  }

  /// Offset (dk, di, dj) of the fitted maximum and its height, or nothing
  /// when the quadratic has no maximum within one voxel of the centre.
  std::optional<std::pair<Vec3, double>> fit(const Eigen::VectorXd& y) const {
    const Eigen::Matrix<double, 10, 1> c = pinv_ * y;
    const Vec3 g(c[1], c[2], c[3]);
    Mat3 h;
    h << 2 * c[4], c[7], c[8],  //
        c[7], 2 * c[5], c[9],   //
        c[8], c[9], 2 * c[6];
    Eigen::SelfAdjointEigenSolver<Mat3> es(h);
    if (es.eigenvalues().maxCoeff() >= 0.0) return std::nullopt;  // not a maximum
    const Vec3 d = -h.ldlt().solve(g);
    if (!d.allFinite() || d.cwiseAbs().maxCoeff() > 1.0) return std::nullopt;
    return std::make_pair(d, c[0] + 0.5 * g.dot(d));
  }
  int radius() const { return r_; }

 private:
  int r_;
  Eigen::Matrix<double, 10, Eigen::Dynamic> pinv_;
};

/// 3D isotropic Gaussian A exp(-|d - d0|^2 / 2s^2) + B fitted by
/// Levenberg-Marquardt on the box. Returns the offset and height on success.
std::optional<std::pair<Vec3, double>> gaussian_fit(const Eigen::VectorXd& y, int r) {
  Eigen::Matrix<double, 6, 1> p;  // A, dk, di, dj, s, B
  p << y.maxCoeff() - y.minCoeff(), 0, 0, 0, 1.0, y.minCoeff();
  auto residuals = [&](const Eigen::Matrix<double, 6, 1>& q, Eigen::VectorXd& res, Eigen::MatrixXd* jac) {
    int row = 0;
    for (int z = -r; z <= r; ++z)
      for (int yy = -r; yy <= r; ++yy)
        for (int x = -r; x <= r; ++x, ++row) {
          const double dz = z - q[1], dy = yy - q[2], dx = x - q[3];
          const double s2 = q[4] * q[4];
          const double e = std::exp(-(dz * dz + dy * dy + dx * dx) / (2 * s2));
          res[row] = q[0] * e + q[5] - y[row];
          if (jac) {
            (*jac)(row, 0) = e;
            (*jac)(row, 1) = q[0] * e * dz / s2;
            (*jac)(row, 2) = q[0] * e * dy / s2;
            (*jac)(row, 3) = q[0] * e * dx / s2;
            (*jac)(row, 4) = q[0] * e * (dz * dz + dy * dy + dx * dx) / (s2 * q[4]);
            (*jac)(row, 5) = 1.0;
          }
        }
  };
  levenberg_marquardt<6>(p, y.size(), residuals);
  const Vec3 d(p[1], p[2], p[3]);
  if (!p.allFinite() || p[0] <= 0 || std::fabs(p[4]) < 0.3 || std::fabs(p[4]) > 3.0 * r ||
      d.cwiseAbs().maxCoeff() > 1.0)
    return std::nullopt;
  return std::make_pair(d, p[0] + p[5]);
}

/// Half-maximum region around a peak (connected voxels >= half the peak,
/// within `reach` voxels): its voxel count and intensity-weighted covariance.
struct Blob {
  std::size_t voxels = 0;
  Vec3 centre = Vec3::Zero();
  Mat3 covariance = Mat3::Zero();
};

Blob half_max_region(const Volume& v, const Peak& p, int reach) {
  const float half = 0.5f * p.value;
  std::vector<std::array<int, 3>> stack{{p.k, p.i, p.j}};
  std::unordered_map<std::int64_t, bool> seen;
  auto key = [&](int k, int i, int j) { return (std::int64_t(k) * v.ny() + i) * v.nx() + j; };
  seen[key(p.k, p.i, p.j)] = true;
  double wsum = 0.0;
  Vec3 m1 = Vec3::Zero();
  Mat3 m2 = Mat3::Zero();
  Blob b;
  while (!stack.empty()) {
    const auto [k, i, j] = stack.back();
    stack.pop_back();
    const double w = v.at(k, i, j);
    const Vec3 x(k, i, j);
    wsum += w;
    m1 += w * x;
    m2 += w * x * x.transpose();
    ++b.voxels;
    for (int a = 0; a < 6; ++a) {
      const int dk = a == 0 ? -1 : a == 1 ? 1 : 0, di = a == 2 ? -1 : a == 3 ? 1 : 0, dj = a == 4 ? -1 : a == 5 ? 1 : 0;
      const int nk = k + dk, ni = i + di, nj = j + dj;
      if (nk < 0 || ni < 0 || nj < 0 || nk >= v.nz() || ni >= v.ny() || nj >= v.nx()) continue;
      if (std::abs(nk - p.k) > reach || std::abs(ni - p.i) > reach || std::abs(nj - p.j) > reach) continue;
      if (v.at(nk, ni, nj) < half || seen.count(key(nk, ni, nj))) continue;
      seen[key(nk, ni, nj)] = true;
      stack.push_back({nk, ni, nj});
    }
  }
  b.centre = m1 / wsum;
  b.covariance = m2 / wsum - b.centre * b.centre.transpose();
  return b;
}

/// Keeps the brightest peaks at least `min_dist` voxels apart (grid hash).
std::vector<Peak> enforce_min_distance(std::vector<Peak> peaks, double min_dist, std::size_t& dropped) {
  std::stable_sort(peaks.begin(), peaks.end(), [](const Peak& a, const Peak& b) { return a.height > b.height; });
  std::unordered_map<std::int64_t, std::vector<std::size_t>> grid;
  auto cell = [&](const Vec3& x) {
    return std::array<std::int64_t, 3>{std::int64_t(std::floor(x[0] / min_dist)),
                                       std::int64_t(std::floor(x[1] / min_dist)),
                                       std::int64_t(std::floor(x[2] / min_dist))};
  };
  auto hash = [](std::int64_t a, std::int64_t b, std::int64_t c) { return (a * 73856093) ^ (b * 19349663) ^ (c * 83492791); };
  std::vector<Peak> kept;
  for (const Peak& p : peaks) {
    const auto c = cell(p.voxel);
    bool ok = true;
    for (int a = -1; a <= 1 && ok; ++a)
      for (int b = -1; b <= 1 && ok; ++b)
        for (int d = -1; d <= 1 && ok; ++d) {
          auto it = grid.find(hash(c[0] + a, c[1] + b, c[2] + d));
          if (it == grid.end()) continue;
          for (std::size_t q : it->second)
            if ((kept[q].voxel - p.voxel).norm() < min_dist) {
              ok = false;
              break;
            }
        }
    if (!ok) {
      ++dropped;
      continue;
    }
    grid[hash(c[0], c[1], c[2])].push_back(kept.size());
    kept.push_back(p);
  }
  return kept;
}

/// Sum of Gaussians exp(-sum_a (x_a - c_a)^2 / 2 s_a^2) with widths s_a shared
/// by the components (atoms in one reconstruction have one resolution, the
/// missing wedge stretching z alike) and a constant background, on a set of
/// voxels. Parameters: B, s_k, s_i, s_j, then A, c_k, c_i, c_j per component.
double joint_residuals(const std::vector<Vec3>& x, const Eigen::VectorXd& y, const Eigen::VectorXd& p,
                       Eigen::VectorXd& res, Eigen::MatrixXd* jac) {
  const Eigen::Index m = (p.size() - 4) / 4;
  res.resize(Eigen::Index(x.size()));
  if (jac) jac->setZero(Eigen::Index(x.size()), p.size());
  const Vec3 s(p[1], p[2], p[3]);
  const Vec3 inv_s2 = s.cwiseProduct(s).cwiseInverse();
  for (std::size_t n = 0; n < x.size(); ++n) {
    const Eigen::Index row = Eigen::Index(n);
    double f = p[0];
    if (jac) (*jac)(row, 0) = 1.0;
    for (Eigen::Index c = 0; c < m; ++c) {
      const Eigen::Index o = 4 + 4 * c;
      const Vec3 d = x[n] - Vec3(p[o + 1], p[o + 2], p[o + 3]);
      const double q = d.cwiseProduct(d).dot(inv_s2);
      if (q > 30.0) continue;  // exp(-15): nothing left
      const double e = std::exp(-0.5 * q), a = p[o];
      f += a * e;
      if (jac) {
        (*jac)(row, o) = e;
        for (int ax = 0; ax < 3; ++ax) {
          (*jac)(row, o + 1 + ax) = a * e * d[ax] * inv_s2[ax];
          (*jac)(row, 1 + ax) += a * e * d[ax] * d[ax] * inv_s2[ax] / s[ax];
        }
      }
    }
    res[row] = f - y[row];
  }
  return res.squaredNorm();
}

/// Levenberg-Marquardt as core's levenberg_marquardt, for a parameter count
/// known only at run time. Returns the residual sum of squares.
double fit_joint(const std::vector<Vec3>& x, const Eigen::VectorXd& y, Eigen::VectorXd& p, int iterations = 40) {
  Eigen::VectorXd res, trial_res;
  Eigen::MatrixXd jac;
  double cost = joint_residuals(x, y, p, res, &jac), lambda = 1e-3;
  for (int it = 0; it < iterations; ++it) {
    const Eigen::MatrixXd jtj = jac.transpose() * jac;
    const Eigen::VectorXd jtr = jac.transpose() * res;
    Eigen::MatrixXd damped = jtj;
    damped.diagonal() += lambda * jtj.diagonal().cwiseMax(1e-12);
    const Eigen::VectorXd step = damped.ldlt().solve(-jtr);
    const Eigen::VectorXd trial = p + step;
    const double trial_cost = joint_residuals(x, y, trial, trial_res, nullptr);
    if (trial_cost < cost) {
      p = trial;
      cost = trial_cost;
      lambda = std::max(lambda / 3, 1e-9);
      joint_residuals(x, y, p, res, &jac);
      if (step.norm() < 1e-6) break;
    } else {
      lambda *= 4;
      if (lambda > 1e8) break;
    }
  }
  return cost;
}

/// Parameters without component c.
Eigen::VectorXd without_component(const Eigen::VectorXd& p, Eigen::Index c) {
  Eigen::VectorXd q(p.size() - 4);
  q << p.head(4 + 4 * c), p.tail(p.size() - 8 - 4 * c);
  return q;
}

/// The voxels within `reach` of the given peaks' maxima, in memory order
/// (deterministic), as continuous coordinates and values.
void fit_region(const Volume& v, const std::vector<Peak>& peaks, const std::vector<std::size_t>& around, int reach,
                std::vector<Vec3>& x, Eigen::VectorXd& y) {
  std::vector<std::int64_t> cells;
  for (std::size_t m : around) {
    const Peak& pk = peaks[m];
    for (int k = pk.k - reach; k <= pk.k + reach; ++k)
      for (int i = pk.i - reach; i <= pk.i + reach; ++i)
        for (int j = pk.j - reach; j <= pk.j + reach; ++j) {
          if (k < 0 || i < 0 || j < 0 || k >= v.nz() || i >= v.ny() || j >= v.nx()) continue;
          if ((Vec3(k, i, j) - pk.voxel).norm() > reach + 0.5) continue;
          cells.push_back((std::int64_t(k) * v.ny() + i) * v.nx() + j);
        }
  }
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  x.clear();
  y.resize(Eigen::Index(cells.size()));
  for (std::size_t n = 0; n < cells.size(); ++n) {
    const std::int64_t c = cells[n];
    const int j = int(c % v.nx()), i = int((c / v.nx()) % v.ny()), k = int(c / (std::int64_t(v.nx()) * v.ny()));
    x.emplace_back(k, i, j);
    y[Eigen::Index(n)] = v.at(k, i, j);
  }
}

enum class JointVerdict { kept, dropped, failed };

/// One maximum `a` with rivals (other maxima closer than the minimum
/// distance) fitted jointly with them and with the context (maxima near
/// enough for their tails to reach the region). A maximum with a brighter
/// rival (the contest's loser) stays only if dropping it raises the residual
/// by more than the penalty, it is above the threshold and no component is
/// within the floor of it. Sets `out` (position, height) when kept.
JointVerdict fit_contested(const Volume& v, const std::vector<Peak>& peaks, std::size_t a,
                           const std::vector<std::size_t>& rivals, bool contested,
                           const std::vector<std::size_t>& context, const TracingOptions& o, double noise_sigma,
                           double threshold, Peak& out) {
  const double voxel = v.voxel_A();
  const double floor_d = o.joint_min_distance_A / voxel, max_move = 0.5 * floor_d;
  const int reach = std::max(1, int(std::ceil(o.joint_reach_A / voxel)));
  std::vector<std::size_t> comp{a};  // component c is peak comp[c]; a first
  comp.insert(comp.end(), rivals.begin(), rivals.end());
  comp.insert(comp.end(), context.begin(), context.end());
  std::vector<Vec3> x;
  Eigen::VectorXd y;
  fit_region(v, peaks, comp, reach, x, y);
  if (x.size() < 4 * (comp.size() + 1)) return JointVerdict::failed;
  // Start: the sub-voxel maxima, their heights over the region's lowest
  // value, and the width of a 0.45 Å atom (a reconstructed Pt's) smoothed.
  const double b0 = std::max(0.0, y.minCoeff());
  const double s0 = std::sqrt(0.45 * 0.45 + o.smooth_sigma_A * o.smooth_sigma_A) / voxel;
  Eigen::VectorXd p(Eigen::Index(4 + 4 * comp.size()));
  p.head(4) << b0, s0, s0, s0;
  for (std::size_t c = 0; c < comp.size(); ++c) {
    const Peak& pk = peaks[comp[c]];
    p.segment<4>(Eigen::Index(4 + 4 * c)) << std::max(pk.height - b0, 1e-3), pk.voxel[0], pk.voxel[1], pk.voxel[2];
  }
  // Usable: finite, positive amplitudes, sensible widths, and every
  // component near its maximum (not slid onto a neighbour's).
  // Context components only explain their overlap with the region: they
  // may move further.
  const std::size_t n_core = 1 + rivals.size();
  const auto usable = [&](const Eigen::VectorXd& q, std::size_t first) {
    if (!q.allFinite() || q.segment<3>(1).minCoeff() < 0.3 || q.segment<3>(1).maxCoeff() > 4.0 * reach) return false;
    for (std::size_t c = first; c < comp.size(); ++c) {
      const Eigen::Index off = Eigen::Index(4 + 4 * (c - first));
      const double move = (q.segment<3>(off + 1) - peaks[comp[c]].voxel).norm();
      if (!(q[off] > 0) || !(move <= (c < n_core ? max_move : 2.0 * max_move))) return false;
    }
    return true;
  };
  double rss = fit_joint(x, y, p);
  // A context component that slid far (its peak mostly outside the region)
  // is taken out and the rest refitted.
  for (std::size_t c = comp.size(); c-- > n_core;) {
    const Eigen::Index off = Eigen::Index(4 + 4 * c);
    if ((p.segment<3>(off + 1) - peaks[comp[c]].voxel).norm() <= 2.0 * max_move && p[off] > 0) continue;
    p = without_component(p, Eigen::Index(c));
    comp.erase(comp.begin() + std::ptrdiff_t(c));
    rss = fit_joint(x, y, p);
  }
  if (!usable(p, 0)) return JointVerdict::failed;
  out = peaks[a];
  out.voxel = p.segment<3>(5);
  out.height = p[4] + p[0];
  out.fit = 4;
  if (!contested) return JointVerdict::kept;
  if (out.height <= threshold) return JointVerdict::dropped;
  for (std::size_t c = 1; c < comp.size(); ++c)
    if ((p.segment<3>(Eigen::Index(5 + 4 * c)) - out.voxel).norm() < floor_d) return JointVerdict::dropped;
  Eigen::VectorXd q = without_component(p, 0);
  const double rss_without = fit_joint(x, y, q, 20);
  // Without a, the others may slide to cover it: still a valid explanation
  // of the region, so the residual counts either way.
  const double n = double(x.size());
  const double s2 = std::max(noise_sigma * noise_sigma, rss / std::max(1.0, n - double(p.size())));
  return rss_without - rss > o.joint_penalty * 4.0 * std::log(n) * s2 ? JointVerdict::kept : JointVerdict::dropped;
}

/// Step 3 with joint_fit, before the contest at the floor: every maximum
/// with a rival closer than the minimum distance is fitted jointly with its
/// rivals (its position then the joint fit's), and a contest's loser kept
/// when it explains enough of the volume. Each maximum is decided on its own
/// (in parallel, deterministic); the others pass unchanged.
std::vector<Peak> joint_fit_clusters(const Volume& v, const std::vector<Peak>& peaks, const TracingOptions& o,
                                     TracingReport& rep) {
  const double voxel = v.voxel_A(), dmin = o.min_distance_A / voxel;
  std::vector<Vec3> pos;
  for (const Peak& p : peaks) pos.push_back(p.voxel);
  const PointIndex index(pos);
  // Brighter: the contest's order (height, then index).
  const auto brighter = [&](std::size_t b, std::size_t a) {
    return peaks[b].height > peaks[a].height || (peaks[b].height == peaks[a].height && b < a);
  };
  std::vector<JointVerdict> verdict(peaks.size(), JointVerdict::kept);
  std::vector<Peak> fitted = peaks;
  std::vector<char> involved(peaks.size(), 0), contested(peaks.size(), 0);
#pragma omp parallel for schedule(dynamic, 16)
  for (std::ptrdiff_t ia = 0; ia < std::ptrdiff_t(peaks.size()); ++ia) {
    const std::size_t a = std::size_t(ia);
    std::vector<std::size_t> rivals, context;
    bool lost = false;
    for (const auto& nb : index.within(pos[a], dmin))
      if (nb.atom != a) {
        rivals.push_back(nb.atom);
        lost = lost || brighter(nb.atom, a);
      }
    if (rivals.empty()) continue;
    involved[a] = 1;
    contested[a] = lost;
    // Context: the rivals' own rivals, whose peaks overlap the region.
    for (std::size_t r : rivals)
      for (const auto& nb : index.within(pos[r], dmin))
        if (nb.atom != a && std::find(rivals.begin(), rivals.end(), nb.atom) == rivals.end())
          context.push_back(nb.atom);
    std::sort(rivals.begin(), rivals.end());
    std::sort(context.begin(), context.end());
    context.erase(std::unique(context.begin(), context.end()), context.end());
    verdict[a] = fit_contested(v, peaks, a, rivals, lost, context, o, rep.noise_sigma, rep.threshold, fitted[a]);
  }
  std::vector<Peak> out;
  for (std::size_t a = 0; a < peaks.size(); ++a) {
    rep.joint_clusters += involved[a] && !contested[a];
    switch (verdict[a]) {
      case JointVerdict::kept:
        out.push_back(fitted[a]);
        rep.joint_kept += contested[a];
        break;
      case JointVerdict::dropped:
        ++rep.joint_dropped;
        break;
      case JointVerdict::failed:  // the contest's rule: a loser goes
        ++rep.joint_failed;
        if (!contested[a]) out.push_back(peaks[a]);
        break;
    }
  }
  return out;
}

/// The options and the volume, checked before any work.
void check_input(const Volume& input, const TracingOptions& o) {
  if (input.size() == 0) throw Error("trace: the volume is empty");
  for (float x : input.data())
    if (!std::isfinite(x)) throw Error("trace: the volume holds non-finite values");
  if (!(o.min_distance_A > 0)) throw Error("trace: minimum distance must be positive");
  if (!(o.smooth_sigma_A >= 0) || !std::isfinite(o.smooth_sigma_A))
    throw Error("trace: smoothing sigma must be zero or positive");
  if (o.joint_fit && !(o.joint_min_distance_A > 0 && o.joint_reach_A > 0 && o.joint_penalty >= 0 &&
                       std::isfinite(o.joint_min_distance_A) && std::isfinite(o.joint_reach_A) &&
                       std::isfinite(o.joint_penalty)))
    throw Error("trace: joint fit distances must be positive and its penalty zero or positive");
}

/// Step 1: local maxima above the threshold, away from the border by the fit
/// radius. Sets the report's noise level, threshold and maxima count.
std::vector<Peak> local_maxima(const Volume& volume, int r, const TracingOptions& o, TracingReport& rep) {
  const auto [median, sigma] = robust_level(volume);
  rep.noise_sigma = sigma;
  std::vector<Peak> peaks;
  float highest = -std::numeric_limits<float>::infinity();
  for (int k = r; k < volume.nz() - r; ++k)
    for (int i = r; i < volume.ny() - r; ++i)
      for (int j = r; j < volume.nx() - r; ++j)
        if (is_local_max(volume, k, i, j)) {
          peaks.push_back({k, i, j, volume.at(k, i, j), Vec3(k, i, j), volume.at(k, i, j), 2});
          highest = std::max(highest, volume.at(k, i, j));
        }
  if (peaks.empty()) throw Error("trace: the volume has no local maxima (flat or all-zero volume?)");
  rep.threshold = o.threshold ? *o.threshold
                              : std::max(median + o.noise_sigmas * sigma, o.min_relative_height * double(highest));
  std::erase_if(peaks, [&](const Peak& p) { return p.value <= rep.threshold; });
  rep.maxima = peaks.size();
  if (peaks.empty()) throw Error(fmt::format("trace: no local maximum above the threshold {:.4g}", rep.threshold));
  return peaks;
}

/// Step 2: sub-voxel position and height of every peak — the polynomial fit,
/// else the Gaussian fit, else the centroid — each counted in the report.
void refine_subvoxel(const Volume& volume, int r, std::vector<Peak>& peaks, TracingReport& rep) {
  const PolynomialFit poly(r);
  const int side = 2 * r + 1;
  Eigen::VectorXd box(side * side * side);
  for (Peak& p : peaks) {
    int row = 0;
    for (int z = -r; z <= r; ++z)
      for (int y = -r; y <= r; ++y)
        for (int x = -r; x <= r; ++x) box[row++] = volume.at(p.k + z, p.i + y, p.j + x);
    auto fit = poly.fit(box);
    p.fit = 0;
    // A quadratic fitted off-centre to a peak is biased (~0.05 voxel for a
    // Gaussian of 1.3 voxels); refitted on a box re-centred on the estimate
    // (trilinear samples) the peak is symmetric about the centre and the
    // bias vanishes. Two passes reach < 0.01 voxel.
    for (int pass = 0; pass < 2 && fit && fit->first.squaredNorm() > 1e-8; ++pass) {
      const Vec3 c = Vec3(p.k, p.i, p.j) + fit->first;
      if ((c - Vec3(p.k, p.i, p.j)).cwiseAbs().maxCoeff() > 1.0) break;
      row = 0;
      for (int z = -r; z <= r; ++z)
        for (int y = -r; y <= r; ++y)
          for (int x = -r; x <= r; ++x) box[row++] = trilinear(volume, c + Vec3(z, y, x));
      const auto refit = poly.fit(box);
      if (!refit) break;
      fit = std::make_pair(Vec3(c + refit->first - Vec3(p.k, p.i, p.j)), refit->second);
    }
    if (fit && fit->first.cwiseAbs().maxCoeff() > 1.0) fit.reset();
    if (!fit) {
      fit = gaussian_fit(box, r);
      p.fit = 1;
    }
    if (fit) {
      p.voxel = Vec3(p.k, p.i, p.j) + fit->first;
      p.height = fit->second;
    } else {  // centroid of the positive part of the 3x3x3 neighbourhood
      p.fit = 2;
      Vec3 m = Vec3::Zero();
      double w = 0;
      for (int z = -1; z <= 1; ++z)
        for (int y = -1; y <= 1; ++y)
          for (int x = -1; x <= 1; ++x) {
            const double v = std::max(0.0f, volume.at(p.k + z, p.i + y, p.j + x));
            m += v * Vec3(z, y, x);
            w += v;
          }
      p.voxel = Vec3(p.k, p.i, p.j) + (w > 0 ? Vec3(m / w) : Vec3::Zero());
      p.height = p.value;
    }
    (p.fit == 0 ? rep.polynomial_fits : p.fit == 1 ? rep.gaussian_fits : rep.centroid_fits)++;
  }
}

/// Step 4: blobs holding two atoms — far more elongated (major/middle
/// variance) and larger than the typical atom — split along their long axis.
/// The typical elongation absorbs the missing wedge's, which stretches every
/// atom along z alike.
std::vector<Peak> split_double_blobs(const Volume& volume, const std::vector<Peak>& peaks, const TracingOptions& o,
                                     TracingReport& rep) {
  const double voxel = volume.voxel_A();
  const int reach = int(std::ceil(1.5 * o.min_distance_A / voxel));
  std::vector<Blob> blobs;
  std::vector<Vec3> eig;
  std::vector<double> elongation, sizes;
  for (const Peak& p : peaks) {
    blobs.push_back(half_max_region(volume, p, reach));
    eig.push_back(Eigen::SelfAdjointEigenSolver<Mat3>(blobs.back().covariance).eigenvalues());
    elongation.push_back(eig.back()[2] / std::max(eig.back()[1], 1e-6));
    sizes.push_back(double(blobs.back().voxels));
  }
  const double elong_typ = median(elongation), size_typ = median(sizes);
  // Peaks already traced (in voxels): a half that would land next to one
  // means the blob is stretched by that neighbour, not by a second atom.
  std::vector<Vec3> traced;
  for (const Peak& p : peaks) traced.push_back(p.voxel);
  const PointIndex traced_index(traced);
  const double min_d = o.min_distance_A / voxel;
  std::vector<Peak> split;
  for (std::size_t a = 0; a < peaks.size(); ++a) {
    bool done = false;
    if (elongation[a] > o.split_elongation * elong_typ && sizes[a] > o.split_size * size_typ) {
      Eigen::SelfAdjointEigenSolver<Mat3> es(blobs[a].covariance);
      const Vec3 axis = es.eigenvectors().col(2);
      // Two equal blobs at +-d/2 add d^2/4 to the variance along their axis
      // (one blob alone would have elong_typ x its middle variance there).
      const double excess = std::max(0.0, eig[a][2] - elong_typ * eig[a][1]);
      const double d = std::clamp(2.0 * std::sqrt(excess), min_d, 2.0 * min_d);
      std::array<Peak, 2> halves{peaks[a], peaks[a]};
      bool crowded = false;
      for (int h = 0; h < 2; ++h) {
        halves[std::size_t(h)].voxel = blobs[a].centre + (h ? 0.5 : -0.5) * d * axis;
        halves[std::size_t(h)].fit = 3;
        for (const auto& nb : traced_index.within(halves[std::size_t(h)].voxel, min_d))
          crowded = crowded || nb.atom != a;
      }
      if (!crowded) {
        split.insert(split.end(), halves.begin(), halves.end());
        ++rep.blobs_split;
        done = true;
      }
    }
    if (!done) split.push_back(peaks[a]);
  }
  return split;
}

/// Continuous voxel coordinates (k, i, j) to Å in the volume-centre frame.
Vec3 position_A(const VolumeGeometry& g, const Vec3& voxel) {
  return Vec3((voxel[2] - g.nx / 2) * g.voxel_A, (voxel[1] - g.ny / 2) * g.voxel_A, (voxel[0] - g.nz / 2) * g.voxel_A);
}

/// Step 5: noise peaks — low, and without a neighbour at bond length.
std::vector<Peak> reject_noise_peaks(const VolumeGeometry& g, const std::vector<Peak>& peaks, const TracingOptions& o,
                                     TracingReport& rep) {
  std::vector<Vec3> pos;
  std::vector<double> heights;
  for (const Peak& p : peaks) {
    pos.push_back(position_A(g, p.voxel));
    heights.push_back(p.height);
  }
  const double typical = median(heights);
  const PointIndex index(pos);
  std::vector<Peak> kept;
  for (std::size_t a = 0; a < peaks.size(); ++a) {
    bool bonded = false;
    for (const auto& nb : index.within(pos[a], o.bond_max_A))
      if (nb.atom != a && nb.distance_A >= o.bond_min_A) bonded = true;
    if (!bonded && heights[a] < o.noise_height_fraction * typical) {
      ++rep.noise_rejected;
      continue;
    }
    kept.push_back(peaks[a]);
  }
  return kept;
}

/// The atom model, in a deterministic order (z, then y, then x of the voxel),
/// with each atom's peak height and fit kind.
AtomModel to_atoms(const VolumeGeometry& g, std::vector<Peak> peaks) {
  std::sort(peaks.begin(), peaks.end(), [](const Peak& a, const Peak& b) {
    return std::tie(a.voxel[0], a.voxel[1], a.voxel[2]) < std::tie(b.voxel[0], b.voxel[1], b.voxel[2]);
  });
  AtomModel atoms;
  atoms.reserve(peaks.size());
  atoms.add_column("peak", ColumnType::Real);
  atoms.add_column("fit", ColumnType::Int);
  for (const Peak& p : peaks) {
    atoms.add_atom("X", position_A(g, p.voxel));
    atoms.set_real("peak", atoms.size() - 1, p.height);
    atoms.set_integer("fit", atoms.size() - 1, p.fit);
  }
  return atoms;
}

}  // namespace

TracingResult trace_atoms(const Volume& input, const TracingOptions& o) {
  check_input(input, o);
  const Volume volume = gaussian_filter(input, o.smooth_sigma_A / input.voxel_A());  // step 0
  const int r = o.fit_radius_voxels;
  if (r < 1 || 2 * r + 3 > std::min({volume.nz(), volume.ny(), volume.nx()}))
    throw Error(fmt::format("trace: fit radius {} voxels does not fit the {}x{}x{} volume", r, volume.nz(),
                            volume.ny(), volume.nx()));
  TracingResult out;
  TracingReport& rep = out.report;
  std::vector<Peak> peaks = local_maxima(volume, r, o, rep);
  refine_subvoxel(volume, r, peaks, rep);
  double min_distance_A = o.min_distance_A;  // step 3
  if (o.joint_fit) {
    // Clusters are already resolved down to the floor; the contest at the
    // floor settles what their members' moves may have brought together.
    peaks = joint_fit_clusters(volume, peaks, o, rep);
    min_distance_A = std::min(o.min_distance_A, o.joint_min_distance_A);
  }
  peaks = enforce_min_distance(std::move(peaks), min_distance_A / volume.voxel_A(), rep.too_close);
  if (o.split_blobs && peaks.size() >= 5) peaks = split_double_blobs(volume, peaks, o, rep);
  if (o.reject_noise && peaks.size() >= 3) peaks = reject_noise_peaks(volume.geometry(), peaks, o, rep);
  out.atoms = to_atoms(volume.geometry(), std::move(peaks));
  rep.atoms = out.atoms.size();
  return out;
}

}  // namespace aet::tracing
