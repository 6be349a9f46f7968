#include "analysis/strain.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/neighbours.hpp"
#include "core/statistics.hpp"
#include "core/error.hpp"
#include "core/statistics.hpp"

namespace aet::analysis {

Vec3 detail::nearest_fcc_site(const Vec3& v) {
  // Sites: half-integer coordinates (in units of the cube edge) with an even
  // sum of doubled coordinates.
  const Vec3 w = 2.0 * v;
  Eigen::Vector3i r(int(std::lround(w.x())), int(std::lround(w.y())), int(std::lround(w.z())));
  if ((r.x() + r.y() + r.z()) % 2 != 0) {
    int worst = 0;
    double we = -1.0;
    for (int c = 0; c < 3; ++c) {
      const double e = std::fabs(w[c] - r[c]);
      if (e > we) {
        we = e;
        worst = c;
      }
    }
    r[worst] += w[worst] > r[worst] ? 1 : -1;
  }
  return r.cast<double>() / 2.0;
}

namespace {

/// Fits r ~ o + s R m (Umeyama); s fixed when `fixed_scale` is set.
void umeyama(const std::vector<Vec3>& r, const std::vector<Vec3>& m, std::optional<double> fixed_scale, LatticeFit& f) {
  const double n = double(r.size());
  Vec3 cr = Vec3::Zero(), cm = Vec3::Zero();
  for (std::size_t i = 0; i < r.size(); ++i) {
    cr += r[i];
    cm += m[i];
  }
  cr /= n;
  cm /= n;
  Mat3 h = Mat3::Zero();
  double vm = 0.0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    h += (r[i] - cr) * (m[i] - cm).transpose();
    vm += (m[i] - cm).squaredNorm();
  }
  Eigen::JacobiSVD<Mat3> svd(h, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Mat3 d = Mat3::Identity();
  if ((svd.matrixU() * svd.matrixV().transpose()).determinant() < 0) d(2, 2) = -1.0;
  f.rotation = svd.matrixU() * d * svd.matrixV().transpose();
  f.lattice_A = fixed_scale ? *fixed_scale : (svd.singularValues().asDiagonal() * d).trace() / vm;
  f.origin_A = cr - f.lattice_A * f.rotation * cm;
}

void check_options(const GrainReport& grains, const StrainOptions& o) {
  if (grains.grains.empty()) throw Error("strain: no grain to fit an fcc lattice to");
  if (!(o.kernel_sigma_A > 0.0) || !(o.kernel_cutoff > 0.0))
    throw Error(fmt::format("strain: kernel sigma ({} Å) and cut-off ({}) must be > 0", o.kernel_sigma_A,
                            o.kernel_cutoff));
  if (o.reference_lattice_A && !(*o.reference_lattice_A > 0.0))
    throw Error(fmt::format("strain: reference lattice constant must be > 0 Å, got {}", *o.reference_lattice_A));
}

/// An fcc lattice fitted to one grain's atoms (rotation from the grain's
/// orientation, lattice constant from the nearest-neighbour distances unless
/// given, origin at the atom nearest the centroid, then `iterations` rounds
/// of site assignment and Umeyama fit).
LatticeFit fit_grain_lattice(const std::vector<Vec3>& pos, const std::vector<std::size_t>& fit_atoms, const Grain& grain,
                             const PointIndex& grain_index, const StrainOptions& o) {
  LatticeFit f;
  f.rotation = grain.orientation.toRotationMatrix();
  // Initial lattice constant: sqrt(2) x median nearest-neighbour distance.
  {
    std::vector<double> d;
    for (const auto i : fit_atoms) {
      const auto nb = grain_index.nearest(pos[i], 2);
      if (nb.size() == 2) d.push_back(nb[1].distance_A);
    }
    f.lattice_A = o.reference_lattice_A.value_or(std::sqrt(2.0) * median(d));
  }
  // Initial origin: the grain atom nearest its centroid.
  {
    std::size_t best = fit_atoms[0];
    for (const auto i : fit_atoms)
      if ((pos[i] - grain.centroid_A).norm() < (pos[best] - grain.centroid_A).norm()) best = i;
    f.origin_A = pos[best];
  }
  std::vector<Vec3> r(fit_atoms.size()), m(fit_atoms.size());
  for (int it = 0; it < o.iterations; ++it) {
    for (std::size_t k = 0; k < fit_atoms.size(); ++k) {
      r[k] = pos[fit_atoms[k]];
      m[k] = detail::nearest_fcc_site(f.rotation.transpose() * (r[k] - f.origin_A) / f.lattice_A);
    }
    umeyama(r, m, o.reference_lattice_A, f);
  }
  return f;
}

/// Every atom's grain (atoms outside grains take the grain of the nearest
/// grain atom), each grain's fitted lattice, and every atom's ideal site and
/// displacement from it.
void fit_lattices(const std::vector<Vec3>& pos, const GrainReport& grains, const StrainOptions& o, StrainReport& rep) {
  const std::size_t n = pos.size();
  rep.grain = grains.grain;
  std::vector<Vec3> gpos;
  std::vector<int> gid;
  for (std::size_t i = 0; i < n; ++i)
    if (grains.grain[i] >= 0) {
      gpos.push_back(pos[i]);
      gid.push_back(grains.grain[i]);
    }
  const PointIndex gindex(gpos);
  for (std::size_t i = 0; i < n; ++i)
    if (rep.grain[i] < 0) rep.grain[i] = gid[gindex.nearest(pos[i], 1)[0].atom];

  const std::size_t ng = grains.grains.size();
  rep.lattices.resize(ng);
  rep.site_A.assign(n, Vec3::Zero());
  rep.displacement_A.assign(n, Vec3::Zero());
  for (std::size_t g = 0; g < ng; ++g) {
    std::vector<std::size_t> fit_atoms, all_atoms;
    for (std::size_t i = 0; i < n; ++i) {
      if (grains.grain[i] == int(g)) fit_atoms.push_back(i);
      if (rep.grain[i] == int(g)) all_atoms.push_back(i);
    }
    LatticeFit f = fit_grain_lattice(pos, fit_atoms, grains.grains[g], gindex, o);
    for (const auto i : all_atoms) {
      const Vec3 lattice_coord =
          detail::nearest_fcc_site(f.rotation.transpose() * (pos[i] - f.origin_A) / f.lattice_A);
      rep.site_A[i] = f.origin_A + f.lattice_A * f.rotation * lattice_coord;
      rep.displacement_A[i] = pos[i] - rep.site_A[i];
    }
    double ss = 0.0;
    for (const auto i : fit_atoms) ss += rep.displacement_A[i].squaredNorm();
    f.atoms = fit_atoms.size();
    f.rms_displacement_A = std::sqrt(ss / double(std::max<std::size_t>(1, fit_atoms.size())));
    rep.lattices[g] = f;
  }
}

/// Voigt components (xx yy zz yz xz xy) of the symmetric part of a
/// displacement gradient grad(b, a) = d u_b / d r_a.
std::array<double, 6> voigt_strain(const Mat3& grad) {
  const Mat3 e = 0.5 * (grad + grad.transpose());
  return {e(0, 0), e(1, 1), e(2, 2), e(1, 2), e(0, 2), e(0, 1)};
}

/// The paper's estimator at atom i: the gradient of the kernel-smoothed field
/// u_s(r) = sum w_j(r) u_j / sum w_j(r) at the site. Its kernel is not cut
/// (the paper convolves over the whole volume): cut at 2.5 sigma, the
/// Gaussian's second moment would fall short of sigma^2 by ~20 % and bias
/// every gradient low; 4 sigma leaves 3e-4.
///   d u_s,b / d r_a = (sum w d_a u_b / W - (sum w d_a / W)(sum w u_b / W)) / sigma^2.
std::array<double, 6> kernel_smoothed_strain(const StrainReport& rep, const PointIndex& sites, std::size_t i,
                                             const StrainOptions& o) {
  const double inv2s2 = 1.0 / (2.0 * o.kernel_sigma_A * o.kernel_sigma_A);
  double wsum = 0.0;
  Vec3 wd = Vec3::Zero(), wu = Vec3::Zero();
  Mat3 wdu = Mat3::Zero();
  for (const auto& nb : sites.within(rep.site_A[i], 4.0 * o.kernel_sigma_A)) {
    if (rep.grain[nb.atom] != rep.grain[i]) continue;
    const Vec3 d = rep.site_A[nb.atom] - rep.site_A[i];
    const double w = std::exp(-d.squaredNorm() * inv2s2);
    wsum += w;
    wd += w * d;
    wu += w * rep.displacement_A[nb.atom];
    wdu += w * d * rep.displacement_A[nb.atom].transpose();
  }
  const double s2 = o.kernel_sigma_A * o.kernel_sigma_A;
  // wdu(a, b) = sum w d_a u_b; grad(b, a) = d u_b / d r_a.
  return voigt_strain(((wdu / wsum - (wd / wsum) * (wu / wsum).transpose()) / s2).transpose());
}

/// Smoothed displacement gradients per atom, over the ideal sites of its
/// grain: the local-linear fit (Gaussian weights cut at kernel_cutoff sigma)
/// and the paper's kernel-smoothed estimator; NaN where fewer than 8 sites
/// are in reach (both) or the local fit is singular (local-linear).
void displacement_gradients(StrainReport& rep, const StrainOptions& o) {
  const std::size_t n = rep.site_A.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  rep.strain.assign(n, {nan, nan, nan, nan, nan, nan});
  rep.strain_kernel_smoothed.assign(n, {nan, nan, nan, nan, nan, nan});
  const PointIndex sites(rep.site_A);
  const double radius = o.kernel_cutoff * o.kernel_sigma_A;
  const double inv2s2 = 1.0 / (2.0 * o.kernel_sigma_A * o.kernel_sigma_A);
  const auto sn = static_cast<std::ptrdiff_t>(n);
#pragma omp parallel for schedule(dynamic, 64)
  for (std::ptrdiff_t si = 0; si < sn; ++si) {
    const auto i = std::size_t(si);
    Eigen::Matrix4d ata = Eigen::Matrix4d::Zero();
    Eigen::Matrix<double, 4, 3> atb = Eigen::Matrix<double, 4, 3>::Zero();
    std::size_t used = 0;
    for (const auto& nb : sites.within(rep.site_A[i], radius)) {
      if (rep.grain[nb.atom] != rep.grain[i]) continue;
      const Vec3 d = rep.site_A[nb.atom] - rep.site_A[i];
      const double w = std::exp(-d.squaredNorm() * inv2s2);
      const Eigen::Vector4d x(1.0, d.x(), d.y(), d.z());
      ata += w * x * x.transpose();
      atb += w * x * rep.displacement_A[nb.atom].transpose();
      ++used;
    }
    if (used < 8) continue;
    rep.strain_kernel_smoothed[i] = kernel_smoothed_strain(rep, sites, i, o);
    Eigen::LDLT<Eigen::Matrix4d> ldlt(ata);
    if (ldlt.info() != Eigen::Success || ldlt.rcond() < 1e-10) continue;
    const Eigen::Matrix<double, 4, 3> sol = ldlt.solve(atb);
    // sol.row(1 + a)(b) = d u_b / d x_a, so G(b, a) = sol(1 + a, b).
    Mat3 grad;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) grad(b, a) = sol(1 + a, b);
    rep.strain[i] = voigt_strain(grad);
  }
}

}  // namespace

StrainReport strain(const std::vector<Vec3>& pos, const GrainReport& grains, const StrainOptions& o) {
  check_options(grains, o);
  StrainReport rep;
  fit_lattices(pos, grains, o, rep);
  displacement_gradients(rep, o);
  rep.total = strain_stats(rep);
  rep.total_kernel_smoothed = strain_stats(rep.strain_kernel_smoothed);
  return rep;
}

StrainStats strain_stats(const StrainReport& report, const std::vector<std::uint8_t>& mask) {
  return strain_stats(report.strain, mask);
}

StrainStats strain_stats(const std::vector<std::array<double, 6>>& strain, const std::vector<std::uint8_t>& mask) {
  StrainStats s;
  std::array<double, 6> sum{}, sum2{};
  for (std::size_t i = 0; i < strain.size(); ++i) {
    if (!mask.empty() && !mask[i]) continue;
    if (std::isnan(strain[i][0])) continue;
    ++s.atoms;
    for (int c = 0; c < 6; ++c) {
      sum[std::size_t(c)] += strain[i][std::size_t(c)];
      sum2[std::size_t(c)] += strain[i][std::size_t(c)] * strain[i][std::size_t(c)];
    }
  }
  for (std::size_t c = 0; c < 6; ++c) {
    if (s.atoms == 0) {
      s.mean[c] = s.std[c] = std::nan("");
      continue;
    }
    s.mean[c] = sum[c] / double(s.atoms);
    s.std[c] = std::sqrt(std::max(0.0, sum2[c] / double(s.atoms) - s.mean[c] * s.mean[c]));
  }
  return s;
}

}  // namespace aet::analysis
