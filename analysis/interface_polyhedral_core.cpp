// The interface against a fitted convex polyhedral core
// (analysis/interface_polyhedral_core.hpp): facet normals from the modes of
// the 50 % iso-surface's normals, offsets and erf profile by maximum likelihood.
#include "analysis/interface_polyhedral_core.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/interface_profile.hpp"  // detail::IsoSurface
#include "core/statistics.hpp"

namespace aet::analysis {

namespace {

/// Modes of a set of unit vectors: greedy mean shift with a cap of half-angle
/// `bandwidth_deg`, strongest first; a mode needs `min_support` vectors
/// within the cap not already taken by a stronger one, and takes every vector
/// within twice the cap.
std::vector<Vec3> direction_modes(const std::vector<Vec3>& u, double bandwidth_deg, std::size_t min_support) {
  const double c1 = std::cos(bandwidth_deg * M_PI / 180.0), c2 = std::cos(2.0 * bandwidth_deg * M_PI / 180.0);
  const std::size_t n = u.size();
  std::vector<std::size_t> count(n, 0);
#pragma omp parallel for schedule(dynamic, 64)
  for (std::ptrdiff_t j = 0; j < std::ptrdiff_t(n); ++j)
    for (std::size_t l = 0; l < n; ++l) count[std::size_t(j)] += u[std::size_t(j)].dot(u[l]) > c1;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return count[a] > count[b]; });
  std::vector<std::uint8_t> taken(n, 0);
  std::vector<Vec3> modes;
  for (const std::size_t j : order) {
    if (taken[j]) continue;
    Vec3 m = u[j];
    std::size_t support = 0;
    for (int it = 0; it < 10; ++it) {
      Vec3 sum = Vec3::Zero();
      support = 0;
      for (std::size_t l = 0; l < n; ++l)
        if (!taken[l] && m.dot(u[l]) > c1) sum += u[l], ++support;
      if (support == 0 || sum.norm() == 0.0) break;
      m = sum.normalized();
    }
    if (support < min_support) {  // no facet here: leave its cap to others' seeds
      for (std::size_t l = 0; l < n; ++l)
        if (m.dot(u[l]) > c1) taken[l] = 1;
      taken[j] = 1;
      continue;
    }
    bool near_mode = false;
    for (const auto& q : modes) near_mode = near_mode || q.dot(m) > c2;
    for (std::size_t l = 0; l < n; ++l)
      if (m.dot(u[l]) > c2) taken[l] = 1;
    taken[j] = 1;
    if (!near_mode) modes.push_back(m);
  }
  return modes;
}

// A facet's normals spread by a few degrees (the surface follows the
// species draw); 10° separates the closest facet families of fcc
// ({110}-{111} at 35°) and of a decahedron's twinned caps. A facet must
// hold 1 % of the surface: a sphere's 10° cap holds 0.76 %.
constexpr double kBandwidthDeg = 10.0;

/// The iso-surface's unit normals and their points, subsampled to at most
/// kMaxPoints (the mode search is quadratic).
void surface_normals(const detail::IsoSurface& surface, std::vector<Vec3>& u, std::vector<Vec3>& p) {
  constexpr std::size_t kMaxPoints = 8000;
  const std::size_t stride = std::max<std::size_t>(1, (surface.points.size() + kMaxPoints - 1) / kMaxPoints);
  for (std::size_t j = 0; j < surface.points.size(); j += stride)
    if (surface.normals[j].squaredNorm() > 0.5) u.push_back(surface.normals[j]), p.push_back(surface.points[j]);
}

/// Initial offsets: the median support of each facet's own points.
std::vector<double> initial_offsets(const std::vector<Vec3>& normals, const std::vector<Vec3>& u,
                                    const std::vector<Vec3>& p) {
  const double c1 = std::cos(kBandwidthDeg * M_PI / 180.0);
  std::vector<double> offsets(normals.size());
  for (std::size_t k = 0; k < normals.size(); ++k) {
    std::vector<double> s;
    for (std::size_t j = 0; j < u.size(); ++j)
      if (normals[k].dot(u[j]) > c1) s.push_back(normals[k].dot(p[j]));
    offsets[k] = median(std::move(s));
  }
  return offsets;
}

/// The atoms against a set of facets, of which `active` are in use.
class FacetCore {
 public:
  FacetCore(const AtomModel& model, const std::vector<Vec3>& normals)
      : pos_(model.positions()), n_(pos_.size()), nk_(normals.size()), normals_(normals), is_pd(n_), active(nk_, 1) {
    for (std::size_t i = 0; i < n_; ++i) is_pd[i] = model.species()[i] == "Pd" ? 1 : 0;
  }

  /// Signed distance of every atom to the core of the active facets with
  /// offsets h, leaving out facet `skip`; NaN for atoms outside `use` (the
  /// likelihood skips NaN).
  std::vector<double> distances(const std::vector<double>& h, const std::vector<std::uint8_t>& use,
                                std::size_t skip) const {
    std::vector<double> d(n_, -std::numeric_limits<double>::infinity());
    for (std::size_t k = 0; k < nk_; ++k)
      if (k != skip && active[k])
        for (std::size_t i = 0; i < n_; ++i) d[i] = std::max(d[i], normals_[k].dot(pos_[i]) - h[k]);
    for (std::size_t i = 0; i < n_; ++i)
      if (!use[i]) d[i] = std::nan("");
    return d;
  }

  /// Offsets fitted to the atoms in `use`: alternate the erf profile for the
  /// current core and each offset by a golden-section search of the
  /// likelihood with the profile held. The normals stay the iso-surface's
  /// modes: refitting their tilt too (two more parameters per facet) made
  /// the truncated-octahedron widths noisier (sd 0.06 -> 0.2 Å against the
  /// builder's own distances at 2 Å). False when the profile fit fails.
  bool fit_offsets(std::vector<double>& h, const std::vector<std::uint8_t>& use) const {
    std::vector<double> d = distances(h, use, nk_);
    ErfProfileFit last;
    for (int round = 0; round < 20; ++round) {
      ErfProfileFit f = detail::fit_erf_profile(d, is_pd, round ? &last : nullptr);
      if (!f.found) return false;
      for (auto& hk : h) hk += f.centre_A;
      f.centre_A = 0.0;
      double moved = 0.0;
      for (std::size_t k = 0; k < nk_; ++k) {
        if (!active[k]) continue;
        const std::vector<double> other = distances(h, use, k);
        // The profile's width bounds how far a facet can move from where
        // it is this round; later rounds go on from there.
        const double span = std::max(1.0, 3.0 * f.sigma_A);
        double a = h[k] - span, b = h[k] + span;
        // Only atoms this facet can reach within [a, b] change the
        // likelihood; the rest add a constant.
        std::vector<double> other_k, proj_k;
        std::vector<std::uint8_t> pd_k;
        for (std::size_t i = 0; i < n_; ++i) {
          const double p = normals_[k].dot(pos_[i]);
          if (std::isfinite(other[i]) && p - a > other[i])
            other_k.push_back(other[i]), proj_k.push_back(p), pd_k.push_back(is_pd[i]);
        }
        // The likelihood of these atoms' distances max(other, proj - hk):
        // where the other facets win, the term does not depend on hk, so
        // it is taken once (the sum still in atom order, the same bits).
        const double scale = 1.0 / (f.sigma_A * std::sqrt(2.0));
        std::vector<double> held(other_k.size());
        for (std::size_t i = 0; i < other_k.size(); ++i)
          held[i] = detail::erf_profile_log_likelihood(other_k[i], pd_k[i] != 0, f, scale);
        const auto nll = [&](double hk) {
          double sum = 0.0;
          for (std::size_t i = 0; i < other_k.size(); ++i) {
            const double v = proj_k[i] - hk;
            sum -= other_k[i] < v ? detail::erf_profile_log_likelihood(v, pd_k[i] != 0, f, scale) : held[i];
          }
          return sum;
        };
        const double g = 0.5 * (std::sqrt(5.0) - 1.0);
        double x1 = b - g * (b - a), x2 = a + g * (b - a), f1 = nll(x1), f2 = nll(x2);
        while (b - a > 1e-3) {
          if (f1 < f2) b = x2, x2 = x1, f2 = f1, x1 = b - g * (b - a), f1 = nll(x1);
          else a = x1, x1 = x2, f1 = f2, x2 = a + g * (b - a), f2 = nll(x2);
        }
        const double best = 0.5 * (a + b);
        if (nll(best) <= nll(h[k])) {  // keep the old offset unless the new one is as likely
          moved = std::max(moved, std::fabs(best - h[k]));
          h[k] = best;
        }
      }
      d = distances(h, use, nk_);
      last = f;
      if (moved < 0.005) break;
    }
    return true;
  }

  std::size_t atoms() const { return n_; }
  std::size_t facets() const { return nk_; }
  std::size_t active_count() const { return std::size_t(std::count(active.begin(), active.end(), 1)); }

 private:
  const std::vector<Vec3>& pos_;
  std::size_t n_, nk_;
  const std::vector<Vec3>& normals_;

 public:
  std::vector<std::uint8_t> is_pd;
  std::vector<std::uint8_t> active;
};

/// Cross-fitting. Offsets fitted to the same atoms they then place
/// overfit: where a facet's transition holds a single atomic layer (a
/// narrow profile: 2 Å against 1.95-2.25 Å layer spacing), its offset can
/// slide until that layer's Pd fraction is explained by any width, and the
/// width comes out short (1.6-1.7 Å for 2 Å on decahedra). So the atoms are
/// split in two halves (by a hash of the index, deterministic); each half's
/// distances come from the offsets fitted to the other half, and the width
/// is fitted to those.
struct CrossFit {
  std::vector<std::uint8_t> half, other_half;
  std::vector<double> h0, h1;  ///< offsets fitted to `half`, to `other_half`

  CrossFit(std::size_t n, const std::vector<double>& offsets) : half(n), other_half(n), h0(offsets), h1(offsets) {
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t z = std::uint64_t(i) + 0x9E3779B97F4A7C15ULL;  // splitmix64
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      half[i] = std::uint8_t((z ^ (z >> 31)) & 1U);
      other_half[i] = std::uint8_t(1 - half[i]);
    }
  }
  /// Each atom's distance from the other half's offsets.
  std::vector<double> distances(const FacetCore& core) const {
    const std::size_t n = core.atoms(), nk = core.facets();
    const std::vector<double> d0 = core.distances(h1, half, nk), d1 = core.distances(h0, other_half, nk);
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = half[i] ? d0[i] : d1[i];
    return d;
  }
};

/// Spurious facets (on a small core the smoothing's rounded edges hold
/// enough normals to pass as a mode) only fit their own half's draw:
/// backward elimination on the held-out likelihood drops every facet whose
/// removal does not make the other half less likely, then the offsets are
/// refitted without it. False when an offset fit fails.
bool drop_spurious_facets(FacetCore& core, CrossFit& x) {
  const std::size_t nk = core.facets();
  for (int pass = 0; pass < 3; ++pass) {
    if (!core.fit_offsets(x.h0, x.half) || !core.fit_offsets(x.h1, x.other_half)) return false;
    std::size_t dropped = 0;
    ErfProfileFit f;
    for (;;) {
      f = detail::fit_erf_profile(x.distances(core), core.is_pd, dropped ? &f : nullptr);
      if (!f.found || core.active_count() <= 4) break;
      const double base = f.neg_log_likelihood;
      double best = std::numeric_limits<double>::infinity();
      std::size_t worst = nk;
      for (std::size_t k = 0; k < nk; ++k) {
        if (!core.active[k]) continue;
        core.active[k] = 0;
        const double without = detail::erf_profile_nll(x.distances(core), core.is_pd, f);
        core.active[k] = 1;
        if (without < best) best = without, worst = k;
      }
      if (worst == nk || best > base) break;
      core.active[worst] = 0;
      ++dropped;
    }
    if (dropped == 0) break;
  }
  return true;
}

}  // namespace

PolyhedralCoreFit detail::fit_polyhedral_core(const AtomModel& model, const IsoSurface& surface) {
  PolyhedralCoreFit r;
  std::vector<Vec3> u, p;
  surface_normals(surface, u, p);
  if (u.size() < 100) return r;
  const std::size_t min_support = std::max<std::size_t>(20, u.size() / 100);
  r.normals = direction_modes(u, kBandwidthDeg, min_support);
  const std::size_t nk = r.normals.size();
  if (nk < 4) return r;  // no bounded polyhedron
  r.offsets_A = initial_offsets(r.normals, u, p);

  FacetCore core(model, r.normals);
  CrossFit x(core.atoms(), r.offsets_A);
  if (!drop_spurious_facets(core, x)) return r;
  std::vector<double> d = x.distances(core);
  for (std::size_t k = 0; k < nk; ++k) r.offsets_A[k] = 0.5 * (x.h0[k] + x.h1[k]);
  {
    std::vector<Vec3> kept_normals;
    std::vector<double> kept_offsets;
    for (std::size_t k = 0; k < nk; ++k)
      if (core.active[k]) kept_normals.push_back(r.normals[k]), kept_offsets.push_back(r.offsets_A[k]);
    r.normals = std::move(kept_normals);
    r.offsets_A = std::move(kept_offsets);
  }
  r.fit = fit_erf_profile(d, core.is_pd);
  if (!r.fit.found) return r;
  for (auto& h : r.offsets_A) h += r.fit.centre_A;
  for (auto& v : d) v -= r.fit.centre_A;
  r.fit.centre_A = 0.0;
  r.atom_distance_A = std::move(d);
  r.found = true;
  return r;
}

}  // namespace aet::analysis
