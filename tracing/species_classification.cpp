#include "tracing/species_classification.hpp"

#include <fmt/format.h>

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/neighbours.hpp"
#include "core/elements.hpp"
#include "core/error.hpp"
#include "core/statistics.hpp"

namespace aet::tracing {

std::vector<int> kmeans_1d(const std::vector<double>& values, int k, std::vector<double>* centres_out) {
  if (k < 1 || values.size() < std::size_t(k))
    throw Error(fmt::format("k-means: {} values cannot form {} classes", values.size(), k));
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> c(k);
  for (int a = 0; a < k; ++a) c[a] = sorted[std::size_t((a + 0.5) / k * double(sorted.size()))];
  std::vector<int> label(values.size(), 0);
  for (int it = 0; it < 200; ++it) {
    bool changed = false;
    for (std::size_t n = 0; n < values.size(); ++n) {
      int best = 0;
      for (int a = 1; a < k; ++a)
        if (std::fabs(values[n] - c[a]) < std::fabs(values[n] - c[best])) best = a;
      if (best != label[n]) changed = true;
      label[n] = best;
    }
    std::vector<double> sum(k, 0.0);
    std::vector<std::size_t> count(k, 0);
    for (std::size_t n = 0; n < values.size(); ++n) {
      sum[label[n]] += values[n];
      ++count[label[n]];
    }
    for (int a = 0; a < k; ++a)
      if (count[a]) c[a] = sum[a] / double(count[a]);
    if (!changed && it > 0) break;
  }
  // Classes ordered by centre (the quantile start keeps them ordered, but be sure).
  std::vector<int> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return c[a] < c[b]; });
  std::vector<int> rank(k);
  for (int a = 0; a < k; ++a) rank[order[a]] = a;
  for (int& l : label) l = rank[l];
  if (centres_out) {
    centres_out->resize(k);
    for (int a = 0; a < k; ++a) (*centres_out)[a] = c[order[a]];
  }
  return label;
}

namespace {

/// Sum of the side^3 voxels around an atom's nearest voxel (0 outside the volume).
double integrated_intensity(const Volume& v, const Vec3& r_A, int side) {
  const Vec3 vox = v.geometry().to_voxel(r_A);
  const int k0 = int(std::lround(vox[0])), i0 = int(std::lround(vox[1])), j0 = int(std::lround(vox[2]));
  const int h = side / 2;
  double sum = 0.0;
  for (int k = std::max(0, k0 - h); k <= std::min(v.nz() - 1, k0 + h); ++k)
    for (int i = std::max(0, i0 - h); i <= std::min(v.ny() - 1, i0 + h); ++i)
      for (int j = std::max(0, j0 - h); j <= std::min(v.nx() - 1, j0 + h); ++j) sum += v.at(k, i, j);
  return sum;
}

}  // namespace

std::vector<double> fit_blob_amplitudes(const Volume& v, const std::vector<Vec3>& positions, double sigma,
                                        double* explained) {
  if (!(sigma > 0.0)) throw Error(fmt::format("classify: blob width must be > 0 Å, got {}", sigma));
  const std::size_t n = positions.size();
  const double p = v.voxel_A();
  // Right-hand side: each blob's weighted sum of the volume over 5 sigma:
  // the product of two neighbours' blobs is centred between them, and must
  // lie inside the window as wholly as the analytic Gram matrix assumes
  // (at 3.5 sigma 1 % of it did not, and amplitudes came out 1 % low).
  const double reach = 5.0 * sigma;
  const int rv = int(std::ceil(reach / p));
  const double inv2s2 = 1.0 / (2.0 * sigma * sigma);
  std::vector<double> h(n, 0.0);
#pragma omp parallel for schedule(dynamic, 16)
  for (std::ptrdiff_t a = 0; a < std::ptrdiff_t(n); ++a) {
    const Vec3 c = v.geometry().to_voxel(positions[std::size_t(a)]);
    const int k0 = int(std::lround(c[0])), i0 = int(std::lround(c[1])), j0 = int(std::lround(c[2]));
    // The Gaussian is separable: one 1D weight per axis, their product per voxel.
    std::array<std::vector<double>, 3> w, e;  // squared distance and weight along each axis
    const int lo[3] = {k0 - rv, i0 - rv, j0 - rv};
    for (std::size_t ax = 0; ax < 3; ++ax) {
      w[ax].resize(std::size_t(2 * rv + 1));
      e[ax].resize(std::size_t(2 * rv + 1));
      for (int q = 0; q <= 2 * rv; ++q) {
        const double d = (lo[ax] + q - c[Eigen::Index(ax)]) * p;
        w[ax][std::size_t(q)] = d * d;
        e[ax][std::size_t(q)] = std::exp(-d * d * inv2s2);
      }
    }
    double sum = 0.0;
    for (int k = std::max(0, k0 - rv); k <= std::min(v.nz() - 1, k0 + rv); ++k)
      for (int i = std::max(0, i0 - rv); i <= std::min(v.ny() - 1, i0 + rv); ++i) {
        const double dzy = w[0][std::size_t(k - lo[0])] + w[1][std::size_t(i - lo[1])];
        if (dzy > reach * reach) continue;
        const double gzy = e[0][std::size_t(k - lo[0])] * e[1][std::size_t(i - lo[1])];
        for (int j = std::max(0, j0 - rv); j <= std::min(v.nx() - 1, j0 + rv); ++j) {
          const auto q = std::size_t(j - lo[2]);
          if (dzy + w[2][q] <= reach * reach) sum += v.at(k, i, j) * gzy * e[2][q];
        }
      }
    h[std::size_t(a)] = sum;
  }
  // Gram matrix, analytic (the voxel sum of a product of two Gaussians of
  // width sigma >= 0.25 Å sampled at <= 0.5 Å equals the integral to < 1e-4),
  // cut where exp(-d^2 / 4 s^2) < 1.2e-4 (d = 6 s).
  const double norm = std::pow(kPi * sigma * sigma, 1.5) / (p * p * p);
  const PointIndex index(positions);
  std::vector<Eigen::Triplet<double>> triplets;
  for (std::size_t a = 0; a < n; ++a)
    for (const auto& nb : index.within(positions[a], 6.0 * sigma))
      triplets.emplace_back(int(a), int(nb.atom),
                            norm * std::exp(-nb.distance_A * nb.distance_A / (4.0 * sigma * sigma)));
  const auto dim = Eigen::Index(n);
  Eigen::SparseMatrix<double> g(dim, dim);
  g.setFromTriplets(triplets.begin(), triplets.end());
  Eigen::ConjugateGradient<Eigen::SparseMatrix<double>, Eigen::Lower | Eigen::Upper> cg;
  cg.setTolerance(1e-10);
  cg.setMaxIterations(1000);
  cg.compute(g);
  const Eigen::Map<const Eigen::VectorXd> rhs(h.data(), dim);
  const Eigen::VectorXd amp = cg.solve(rhs);
  if (cg.info() != Eigen::Success || !amp.allFinite())
    throw Error(fmt::format("classify: the joint blob fit of {} atoms at width {} Å did not converge "
                            "(atoms almost on top of each other?)", n, sigma));
  if (explained) *explained = rhs.dot(amp);
  return {amp.data(), amp.data() + amp.size()};
}

double best_blob_sigma(const Volume& v, const std::vector<Vec3>& positions, double lo, double hi,
                       std::vector<double>* amplitudes) {
  if (!(lo > 0.0 && hi >= lo))
    throw Error(fmt::format("classify: blob width range [{}, {}] Å is empty or not positive", lo, hi));
  double best = lo, best_e = -std::numeric_limits<double>::infinity();
  auto consider = [&](double s) {
    if (s < lo || s > hi) return;
    double e = 0.0;
    std::vector<double> a = fit_blob_amplitudes(v, positions, s, &e);
    if (e > best_e) {
      best_e = e;
      best = s;
      if (amplitudes) *amplitudes = std::move(a);
    }
  };
  for (double s = lo; s <= hi + 1e-9; s += 0.1) consider(s);
  const double coarse = best;
  for (double d : {-0.075, -0.05, -0.025, 0.025, 0.05, 0.075}) consider(coarse + d);
  return best;
}

IntensityMeasure parse_intensity_measure(const std::string& name) {
  for (IntensityMeasure m : kIntensityMeasures)
    if (name == to_string(m)) return m;
  throw Error(fmt::format("classify: unknown intensity measure '{}' (box or fit)", name));
}

std::string to_string(IntensityMeasure m) { return m == IntensityMeasure::Fit ? "fit" : "box"; }

ClassificationResult classify_species(const Volume& volume, AtomModel atoms, const ClassificationOptions& o) {
  if (atoms.empty()) throw Error("classify: no atoms to classify");
  if (o.box_voxels < 1 || o.box_voxels % 2 == 0 || o.box_voxels > 31)
    throw Error(fmt::format("classify: box of {} voxels must be odd and at most 31", o.box_voxels));
  if (o.species.empty()) throw Error("classify: no species given");
  ClassificationResult out;
  out.report.species = sort_by_atomic_number(o.species);
  const int ns = int(out.report.species.size());
  if (atoms.size() < std::size_t(ns))
    throw Error(fmt::format("classify: {} atoms cannot form {} classes", atoms.size(), ns));
  if (!(o.non_atom_fraction > 0.0 && o.non_atom_fraction < 1.0))
    throw Error(fmt::format("classify: non-atom fraction must be in (0, 1), got {}", o.non_atom_fraction));
  if (!(o.non_atom_peak_fraction >= 0.0 && o.non_atom_peak_fraction < 1.0))
    throw Error(fmt::format("classify: non-atom peak fraction must be in [0, 1), got {}", o.non_atom_peak_fraction));
  if (!(o.first_shell_A > 0.0))
    throw Error(fmt::format("classify: first-shell distance must be > 0 Å, got {}", o.first_shell_A));

  if (o.measure == IntensityMeasure::Fit && !(o.fit_sigma_A >= 0.0))
    throw Error(fmt::format("classify: blob width must be >= 0 Å (0: fitted), got {}", o.fit_sigma_A));

  std::size_t n = atoms.size();
  out.report.measure = o.measure;
  const bool fit = o.measure == IntensityMeasure::Fit;
  // The non-atom step (below) always reads box integrals, on which its
  // fractions were measured: with fitted amplitudes in it the halo peaks
  // outside a low-dose surface stayed (161 and 153 on small-to at a tenth of
  // the dose, seeds 1 and 2).
  std::vector<double> intensity(n);
  for (std::size_t a = 0; a < n; ++a) intensity[a] = integrated_intensity(volume, atoms.positions()[a], o.box_voxels);
  std::vector<double> centres;
  std::vector<int> label = kmeans_1d(intensity, ns, &centres);

  // Non-atoms: far dimmer than the lightest species' typical atom (see the
  // header). Removed, then the classes are re-fitted without them (they
  // pulled the lightest centre down), until none is left.
  const bool has_peak = atoms.has_column("peak");
  std::vector<double> peak(n, 0.0);
  if (has_peak)
    for (std::size_t a = 0; a < n; ++a) peak[a] = atoms.real("peak", a);
  while (o.non_atom_class) {
    std::vector<int> shell(n, 0);
    {
      const PointIndex index(atoms.positions());
      for (std::size_t a = 0; a < n; ++a) shell[a] = int(index.within(atoms.positions()[a], o.first_shell_A).size()) - 1;
    }
    std::vector<double> lightest, lightest_peak, interior, interior_peak;
    for (std::size_t a = 0; a < n; ++a) {
      if (label[a] != 0) continue;
      lightest.push_back(intensity[a]);
      lightest_peak.push_back(peak[a]);
      if (shell[a] >= o.interior_neighbours) {
        interior.push_back(intensity[a]);
        interior_peak.push_back(peak[a]);
      }
    }
    // Empty only when every intensity ties (k-means centres equal): nothing
    // is dimmer than anything else.
    if (lightest.empty()) break;
    if (interior.size() >= o.min_interior) {
      lightest = std::move(interior);
      lightest_peak = std::move(interior_peak);
    }
    const double floor = o.non_atom_fraction * median(std::move(lightest));
    const double peak_floor = has_peak ? o.non_atom_peak_fraction * median(std::move(lightest_peak)) : 0.0;
    std::vector<std::size_t> keep;
    for (std::size_t a = 0; a < n; ++a)
      if (intensity[a] >= floor && !(has_peak && peak[a] < peak_floor)) keep.push_back(a);
    if (keep.size() == n) break;
    if (keep.size() < std::size_t(ns)) throw Error("classify: almost every atom is a non-atom (empty volume?)");
    out.report.non_atoms_removed += n - keep.size();
    atoms = atoms.subset(keep);
    std::vector<double> kept_intensity, kept_peak;
    for (std::size_t a : keep) {
      kept_intensity.push_back(intensity[a]);
      kept_peak.push_back(peak[a]);
    }
    intensity = std::move(kept_intensity);
    peak = std::move(kept_peak);
    n = atoms.size();
    label = kmeans_1d(intensity, ns, &centres);
  }
  if (fit) {
    // The atoms that stayed, fitted jointly (a removed atom's light goes
    // back to its neighbours), in the box's units: the blob's voxel sum.
    // The width search keeps the amplitudes of the width it chose.
    const double sigma =
        o.fit_sigma_A > 0.0
            ? o.fit_sigma_A
            : best_blob_sigma(volume, atoms.positions(), o.fit_sigma_min_A, o.fit_sigma_max_A, &intensity);
    if (o.fit_sigma_A > 0.0) intensity = fit_blob_amplitudes(volume, atoms.positions(), sigma);
    out.report.fit_sigma_A = sigma;
    const double blob_sum = std::pow(2.0 * kPi * sigma * sigma, 1.5) / std::pow(volume.voxel_A(), 3);
    for (double& x : intensity) x *= blob_sum;
    label = kmeans_1d(intensity, ns, &centres);
  }
  out.report.class_means = centres;

  // Local re-classification against a local darkening factor: how bright
  // the neighbourhood is against what its labels predict,
  //   f_a = sum_nb I_nb / sum_nb mean[label_nb]   (neighbours within local_radius_A),
  // and each atom goes to the class c whose f_a x mean[c] it is closest to.
  // The factor is the same for every class, so a surface atom is compared
  // with a darkened Pd and a darkened Pt alike. Comparing it with each
  // class's own local mean instead fails where a class has no neighbours:
  // a dim surface Pt among Pt only would meet an undarkened Pd reference.
  if (o.local_reclassification && ns > 1) {
    const std::size_t m = atoms.size();
    const PointIndex index(atoms.positions());
    std::vector<std::vector<Neighbour>> nbrs(m);
    for (std::size_t a = 0; a < m; ++a) nbrs[a] = index.within(atoms.positions()[a], o.local_radius_A);
    const std::vector<int> initial = label;
    bool converged = false;
    int it = 0;
    for (; it < o.max_iterations && !converged; ++it) {
      std::vector<double> mean(ns, 0.0);
      std::vector<std::size_t> count(ns, 0);
      for (std::size_t a = 0; a < m; ++a) {
        mean[label[a]] += intensity[a];
        ++count[label[a]];
      }
      for (int c = 0; c < ns; ++c) mean[c] = count[c] ? mean[c] / double(count[c]) : centres[c];
      std::vector<int> next(m);
      for (std::size_t a = 0; a < m; ++a) {
        double seen = 0.0, expected = 0.0;
        for (const auto& nb : nbrs[a]) {
          if (nb.atom == a) continue;
          seen += intensity[nb.atom];
          expected += mean[label[nb.atom]];
        }
        const double f = expected > 0.0 ? seen / expected : 1.0;
        int best = label[a];
        double best_d = std::numeric_limits<double>::infinity();
        for (int c = 0; c < ns; ++c) {
          const double d = std::fabs(intensity[a] - f * mean[c]);
          if (d < best_d) {
            best_d = d;
            best = c;
          }
        }
        next[a] = best;
      }
      converged = next == label;
      label = std::move(next);
    }
    out.report.local_iterations = it;
    out.report.converged = converged;
    for (std::size_t a = 0; a < m; ++a) out.report.reassigned += label[a] != initial[a];
  }

  for (std::size_t a = 0; a < atoms.size(); ++a) atoms.species()[a] = out.report.species[label[a]];
  atoms.add_column("intensity", ColumnType::Real);
  for (std::size_t a = 0; a < atoms.size(); ++a) atoms.set_real("intensity", a, intensity[a]);
  out.atoms = std::move(atoms);
  return out;
}

}  // namespace aet::tracing
