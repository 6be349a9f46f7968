#include "models/amorphous.hpp"

#include <algorithm>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "core/metadata.hpp"
#include "models/fcc_lattice.hpp"

namespace aet::models {

namespace {

constexpr int kQuenchSteps = 400;
constexpr double kStep = 0.15;             // gradient step (Å per Å of overlap)
constexpr double kMaxMove_A = 0.3;         // cap on one step's displacement
constexpr double kStartDiameter = 0.7;     // diameter ramp: from 0.7 d to d
constexpr int kMaxHardSweeps = 2000;
constexpr double kSurfaceAllowance = 1.0 / 3.0;  // volume radius R + d/3: interior density as configured

/// A uniform grid of cells (edge >= the interaction range) over the cube
/// [-half, half]^3, rebuilt from the positions on demand; calls f(i, j) for
/// every pair i < j in the same or adjacent cells.
class CellGrid {
 public:
  CellGrid(double half_A, double cell_A)
      : half_(half_A), n_(std::max(1, int(std::floor(2.0 * half_A / cell_A)))) {
    head_.assign(std::size_t(n_) * n_ * n_, -1);
  }

  void rebuild(const std::vector<Vec3>& p) {
    std::fill(head_.begin(), head_.end(), -1);
    next_.assign(p.size(), -1);
    cell_of_.resize(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      const auto c = coords(p[i]);
      const std::size_t idx = index(c[0], c[1], c[2]);
      cell_of_[i] = c;
      next_[i] = head_[idx];
      head_[idx] = int(i);
    }
  }

  /// Cell number of a point (z-major), for spatial ordering.
  std::size_t cell_index(const Vec3& q) const {
    const auto c = coords(q);
    return index(c[0], c[1], c[2]);
  }

  template <class F>
  void for_pairs_of(std::size_t i, F&& f) const {
    const auto& c = cell_of_[i];
    for (int dz = -1; dz <= 1; ++dz)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int x = c[0] + dx, y = c[1] + dy, z = c[2] + dz;
          if (x < 0 || y < 0 || z < 0 || x >= n_ || y >= n_ || z >= n_) continue;
          for (int j = head_[index(x, y, z)]; j >= 0; j = next_[std::size_t(j)])
            if (std::size_t(j) > i) f(std::size_t(j));
        }
  }

 private:
  std::array<int, 3> coords(const Vec3& q) const {
    std::array<int, 3> c{};
    for (int d = 0; d < 3; ++d) c[std::size_t(d)] = std::clamp(int(std::floor((q[d] + half_) / (2.0 * half_) * n_)), 0, n_ - 1);
    return c;
  }
  std::size_t index(int x, int y, int z) const { return (std::size_t(z) * n_ + y) * n_ + x; }

  double half_;
  int n_;
  std::vector<int> head_, next_;
  std::vector<std::array<int, 3>> cell_of_;
};

/// Unit vector from b to a; a fixed axis for coincident points.
Vec3 apart(const Vec3& a, const Vec3& b, double r) { return r > 1e-12 ? Vec3((a - b) / r) : Vec3(1.0, 0.0, 0.0); }

}  // namespace

void AmorphousConfig::validate() const {
  if (!std::isfinite(density_fraction) || density_fraction < 0.5 || density_fraction > 1.0)
    throw Error("amorphous density fraction must be in [0.5, 1] of the fcc density, got " +
                format_double(density_fraction));
  if (!std::isfinite(min_distance_A) || min_distance_A < 1.5 || min_distance_A > 2.6)
    throw Error("amorphous minimum distance must be in [1.5, 2.6] Å, got " + format_double(min_distance_A));
}

void validate_amorphous(double radius, double core_radius, double a, const AmorphousConfig& config) {
  validate_lattice(a);
  config.validate();
  if (!std::isfinite(radius) || radius < 4.0 || radius > kMaxAmorphousRadius_A)
    throw Error("amorphous particle radius must be in [4, " + format_double(kMaxAmorphousRadius_A) + "] Å, got " +
                format_double(radius));
  if (!std::isfinite(core_radius) || !(core_radius > 0.0) || core_radius > radius)
    throw Error("amorphous core radius must be in (0, " + format_double(radius) + "] Å, got " +
                format_double(core_radius));
}

ParticleSites build_amorphous(double radius, double core_radius, double a, const AmorphousConfig& config,
                              boost::random::mt19937& rng) {
  validate_amorphous(radius, core_radius, a, config);
  const double d = fcc_nearest_neighbour_A(a);
  const double dmin = config.min_distance_A;
  const double density = config.density_fraction * 4.0 / (a * a * a);
  const double r_eff = radius + kSurfaceAllowance * d;
  const auto n = std::size_t(std::llround(density * 4.0 / 3.0 * kPi * r_eff * r_eff * r_eff));

  // Uniform in the sphere (rejection from the cube).
  boost::random::uniform_01<double> uniform;
  std::vector<Vec3> p;
  p.reserve(n);
  while (p.size() < n) {
    const double x = 2.0 * uniform(rng) - 1.0, y = 2.0 * uniform(rng) - 1.0, z = 2.0 * uniform(rng) - 1.0;
    if (x * x + y * y + z * z <= 1.0) p.push_back(radius * Vec3(x, y, z));
  }

  CellGrid grid(radius + d, d);
  // Spatial order (cell by cell) so that neighbours are near in memory; atoms
  // move a few Å at most in the quench, so the order stays local.
  {
    std::vector<std::pair<std::size_t, std::size_t>> key(n);
    for (std::size_t i = 0; i < n; ++i) key[i] = {grid.cell_index(p[i]), i};
    std::sort(key.begin(), key.end());
    std::vector<Vec3> sorted(n);
    for (std::size_t i = 0; i < n; ++i) sorted[i] = p[key[i].second];
    p.swap(sorted);
  }
  std::vector<Vec3> force(n);
  const auto wall = [&](const Vec3& q) -> Vec3 {
    const double r = q.norm();
    return r > radius ? Vec3(-(r - radius) / r * q) : Vec3::Zero();
  };
  for (int step = 0; step < kQuenchSteps; ++step) {
    const double ramp = std::min(1.0, double(step) / (0.5 * kQuenchSteps));
    const double sigma = d * (kStartDiameter + (1.0 - kStartDiameter) * ramp);
    grid.rebuild(p);
    for (std::size_t i = 0; i < n; ++i) force[i] = wall(p[i]);
    for (std::size_t i = 0; i < n; ++i)
      grid.for_pairs_of(i, [&](std::size_t j) {
        const double r = (p[i] - p[j]).norm();
        if (!(r < sigma)) return;
        const Vec3 f = (sigma - r) * apart(p[i], p[j], r);
        force[i] += f;
        force[j] -= f;
      });
    for (std::size_t i = 0; i < n; ++i) {
      Vec3 move = kStep * force[i];
      const double m = move.norm();
      if (m > kMaxMove_A) move *= kMaxMove_A / m;
      p[i] += move;
    }
  }

  // Hard core: push apart every pair closer than dmin (Gauss-Seidel), keep
  // the centres inside the sphere; done when a sweep on a fresh grid finds none.
  const double push = dmin * (1.0 + 1e-9);
  bool clean = false;
  for (int sweep = 0; sweep < kMaxHardSweeps && !clean; ++sweep) {
    for (auto& q : p)
      if (q.norm() > radius) q *= radius / q.norm();
    grid.rebuild(p);
    clean = true;
    for (std::size_t i = 0; i < n; ++i)
      grid.for_pairs_of(i, [&](std::size_t j) {
        const double r = (p[i] - p[j]).norm();
        if (!(r < dmin)) return;
        clean = false;
        const Vec3 u = 0.5 * (push - r) * apart(p[i], p[j], r);
        p[i] += u;
        p[j] -= u;
      });
  }
  if (!clean)
    throw Error("amorphous packing: atoms could not be kept " + format_double(dmin) +
                " Å apart at density fraction " + format_double(config.density_fraction) + "; lower either");

  double r_out = 0.0;
  for (const auto& q : p) r_out = std::max(r_out, q.norm());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Voigt undefined{nan, nan, nan, nan, nan, nan};
  ParticleSites sites;
  sites.reserve(n);
  for (const auto& q : p) {
    const double r = q.norm();
    sites.push_back(q, 0, false, false, r_out - r, r - core_radius, undefined);
  }
  return sites;
}

}  // namespace aet::models
