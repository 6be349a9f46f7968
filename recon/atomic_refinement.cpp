// Geometry refinement against an atomic model (recon/atomic_refinement.hpp).
#include "recon/atomic_refinement.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <span>

#include "core/error.hpp"
#include "recon/angular_refinement.hpp"
#include "recon/iterative.hpp"

namespace aet::recon {

namespace {

/// Where atom r appears in image g, in (fractional) pixels (col, row).
inline Eigen::Vector2d pixel_of(const Mat3& R, const ImageGeometry& g, const Vec3& r, double pixel_A, int ny, int nx) {
  const Vec3 q = R * r;
  return {q.x() / pixel_A + nx / 2 + g.shift_px[0], q.y() / pixel_A + ny / 2 + g.shift_px[1]};
}

/// An atom's projected image: a radially symmetric profile f(d²) (d in
/// pixels), a linear combination of Gaussians of fixed widths whose weights
/// are fitted to the images (linear least squares), tabulated in d².
struct Profile {
  static constexpr double kStep = 0.01;  ///< px² per table entry
  double radius_px = 0.0;
  std::vector<double> f, df;  ///< f(d²) and df/d(d²) per entry
  Profile() = default;
  Profile(const std::vector<double>& sigmas_A, const std::vector<double>& weights, double pixel_A) {
    double smax = 0;
    for (double x : sigmas_A) smax = std::max(smax, x);
    radius_px = 4 * smax / pixel_A;
    const std::size_t n = std::size_t(radius_px * radius_px / kStep) + 2;
    f.assign(n, 0.0);
    df.assign(n, 0.0);
    for (std::size_t e = 0; e < n; ++e) {
      const double d2 = double(e) * kStep;
      for (std::size_t k = 0; k < sigmas_A.size(); ++k) {
        const double s = sigmas_A[k] / pixel_A, inv = 1.0 / (2 * s * s);
        const double g = weights[k] * std::exp(-d2 * inv);
        f[e] += g;
        df[e] -= inv * g;
      }
    }
  }
  int window() const { return int(std::ceil(radius_px)); }
  /// f and f' at d² (0 beyond the radius), linear in the table.
  inline double value(double d2) const { return lookup(f, d2); }
  inline double slope(double d2) const { return lookup(df, d2); }
  static inline double lookup(const std::vector<double>& table, double d2) {
    const double x = d2 / kStep;
    const std::size_t e = std::size_t(x);
    if (e + 1 >= table.size()) return 0.0;
    const double t = x - double(e);
    return table[e] + t * (table[e + 1] - table[e]);
  }
};

struct Model {
  const std::vector<Vec3>& r;
  const std::vector<double>& amp;
  const Profile& profile;
};

/// Adds sign × the model image of `m` in geometry `g` to `out` (ny × nx).
void render(const Model& m, const ImageGeometry& g, int ny, int nx, double pixel_A, float* out, float sign = 1.0f) {
  const Mat3 R = g.rotation();
  const int w = m.profile.window();
  for (std::size_t n = 0; n < m.r.size(); ++n) {
    const Eigen::Vector2d c = pixel_of(R, g, m.r[n], pixel_A, ny, nx);
    const int j0 = std::max(0, int(std::floor(c.x())) - w), j1 = std::min(nx - 1, int(std::floor(c.x())) + w);
    const int i0 = std::max(0, int(std::floor(c.y())) - w), i1 = std::min(ny - 1, int(std::floor(c.y())) + w);
    const double a = sign * m.amp[n];
    for (int i = i0; i <= i1; ++i) {
      const double dv = i - c.y();
      float* row = out + std::size_t(i) * std::size_t(nx);
      for (int j = j0; j <= j1; ++j) {
        const double du = j - c.x();
        row[j] += float(a * m.profile.value(du * du + dv * dv));
      }
    }
  }
}

double image_cost(const Model& m, const ImageGeometry& g, const TiltSeries& s, int a, std::vector<float>& buf) {
  buf.assign(s.image_size(), 0.0f);
  render(m, g, s.ny(), s.nx(), s.pixel_A(), buf.data());
  return squared_residual(buf, s, a);
}

double total_cost(const Model& m, const TiltSeries& s) {
  // Per image, then summed in image order: the same bytes whatever the thread count.
  std::vector<double> c(static_cast<std::size_t>(s.nt()), 0.0);
#pragma omp parallel
  {
    std::vector<float> buf;
#pragma omp for schedule(dynamic)
    for (int a = 0; a < s.nt(); ++a) c[std::size_t(a)] = image_cost(m, s.geometry().images[std::size_t(a)], s, a, buf);
  }
  double total = 0;
  for (double x : c) total += x;
  return total;
}

/// Gauss-Newton on one image's (tilt, shift x, shift y), Jacobian by central differences.
ImageGeometry fit_image(const Model& m, const TiltSeries& s, int a, ImageGeometry g, const AtomicRefinementOptions& o) {
  std::vector<float> m0, mp, mm;
  auto params = [&](ImageGeometry& x) {
    std::vector<double*> p;
    if (o.refine_tilt) p.push_back(x.has_euler ? &x.euler_deg[1] : &x.tilt_deg);
    if (o.refine_shifts) {
      p.push_back(&x.shift_px[0]);
      p.push_back(&x.shift_px[1]);
    }
    return p;
  };
  const int np = int(params(g).size());
  if (np == 0) return g;
  const std::size_t size = s.image_size();
  const auto b = s.image(a);
  for (int step = 0; step < o.gauss_newton_steps; ++step) {
    const double c0 = image_cost(m, g, s, a, m0);
    Eigen::MatrixXd J(static_cast<Eigen::Index>(size), np);
    for (int k = 0; k < np; ++k) {
      // 0.01° or 0.02 px: the model is smooth on these scales (its profile spans pixels).
      const double h = (o.refine_tilt && k == 0) ? 0.01 : 0.02;
      ImageGeometry gp = g, gm = g;
      *params(gp)[std::size_t(k)] += h;
      *params(gm)[std::size_t(k)] -= h;
      image_cost(m, gp, s, a, mp);
      image_cost(m, gm, s, a, mm);
      for (std::size_t p = 0; p < size; ++p) J(Eigen::Index(p), k) = (double(mp[p]) - mm[p]) / (2 * h);
    }
    Eigen::VectorXd r(static_cast<Eigen::Index>(size));
    for (std::size_t p = 0; p < size; ++p) r(Eigen::Index(p)) = double(m0[p]) - b[p];
    const Eigen::MatrixXd H = J.transpose() * J;
    const Eigen::VectorXd delta = H.ldlt().solve(-J.transpose() * r);
    if (!delta.allFinite()) break;
    double scale = 1.0;
    bool accepted = false;
    for (int tries = 0; tries < 4 && !accepted; ++tries, scale *= 0.5) {
      ImageGeometry t = g;
      auto tp = params(t);
      for (int k = 0; k < np; ++k) *tp[std::size_t(k)] += scale * delta(k);
      if (image_cost(m, t, s, a, mp) < c0) {
        g = t;
        accepted = true;
      }
    }
    if (!accepted) break;
  }
  if (g.has_euler) g.tilt_deg = g.euler_deg[1];
  return g;
}

/// Gauss-Newton on each atom's position and amplitude in turn (Gauss-Seidel:
/// the residual images are updated after each atom, atoms overlap in projection).
void fit_atoms(std::vector<Vec3>& r, std::vector<double>& amp, const Profile& prof, const TiltSeries& s,
               std::vector<std::vector<float>>& residual, int steps, bool positions) {
  const int nt = s.nt(), ny = s.ny(), nx = s.nx();
  const double p = s.pixel_A();
  const int w = prof.window();
  std::vector<Mat3> R(static_cast<std::size_t>(nt));
  for (int a = 0; a < nt; ++a) R[std::size_t(a)] = s.geometry().images[std::size_t(a)].rotation();
  // Adds sign × atom (x, A) to the residuals.
  auto apply = [&](const Vec3& x, double A, float sign) {
    for (int a = 0; a < nt; ++a) {
      const Eigen::Vector2d c = pixel_of(R[std::size_t(a)], s.geometry().images[std::size_t(a)], x, p, ny, nx);
      const int j0 = std::max(0, int(std::floor(c.x())) - w), j1 = std::min(nx - 1, int(std::floor(c.x())) + w);
      const int i0 = std::max(0, int(std::floor(c.y())) - w), i1 = std::min(ny - 1, int(std::floor(c.y())) + w);
      float* res = residual[std::size_t(a)].data();
      for (int i = i0; i <= i1; ++i)
        for (int j = j0; j <= j1; ++j) {
          const double du = j - c.x(), dv = i - c.y();
          res[std::size_t(i) * std::size_t(nx) + std::size_t(j)] += sign * float(A * prof.value(du * du + dv * dv));
        }
    }
  };
  // Σ residual² over the windows of x and y (without the atom: residual holds model − b with the atom removed).
  auto window_cost = [&](const Vec3& x, double A, const Vec3& y) {
    double c = 0;
    for (int a = 0; a < nt; ++a) {
      const auto& g = s.geometry().images[std::size_t(a)];
      const Eigen::Vector2d cx = pixel_of(R[std::size_t(a)], g, x, p, ny, nx), cy = pixel_of(R[std::size_t(a)], g, y, p, ny, nx);
      const int j0 = std::max(0, int(std::floor(std::min(cx.x(), cy.x()))) - w);
      const int j1 = std::min(nx - 1, int(std::floor(std::max(cx.x(), cy.x()))) + w);
      const int i0 = std::max(0, int(std::floor(std::min(cx.y(), cy.y()))) - w);
      const int i1 = std::min(ny - 1, int(std::floor(std::max(cx.y(), cy.y()))) + w);
      const float* res = residual[std::size_t(a)].data();
      for (int i = i0; i <= i1; ++i)
        for (int j = j0; j <= j1; ++j) {
          const double du = j - cx.x(), dv = i - cx.y();
          const double d = res[std::size_t(i) * std::size_t(nx) + std::size_t(j)] + A * prof.value(du * du + dv * dv);
          c += d * d;
        }
    }
    return c;
  };
  for (std::size_t n = 0; n < r.size(); ++n) {
    apply(r[n], amp[n], -1.0f);  // residual without atom n
    if (!positions) {
      // Amplitude only: min Σ (residual + A e)², exactly A = −Σ e residual / Σ e².
      double ee = 0, er = 0;
      for (int a = 0; a < nt; ++a) {
        const Eigen::Vector2d c = pixel_of(R[std::size_t(a)], s.geometry().images[std::size_t(a)], r[n], p, ny, nx);
        const int j0 = std::max(0, int(std::floor(c.x())) - w), j1 = std::min(nx - 1, int(std::floor(c.x())) + w);
        const int i0 = std::max(0, int(std::floor(c.y())) - w), i1 = std::min(ny - 1, int(std::floor(c.y())) + w);
        const float* res = residual[std::size_t(a)].data();
        for (int i = i0; i <= i1; ++i)
          for (int j = j0; j <= j1; ++j) {
            const double du = j - c.x(), dv = i - c.y(), e = prof.value(du * du + dv * dv);
            ee += e * e;
            er += e * res[std::size_t(i) * std::size_t(nx) + std::size_t(j)];
          }
      }
      amp[n] = ee > 0 ? -er / ee : 0.0;  // outside every image: nothing holds it
      apply(r[n], amp[n], 1.0f);
      continue;
    }
    for (int step = 0; step < steps; ++step) {
      Eigen::Matrix4d H = Eigen::Matrix4d::Zero();
      Eigen::Vector4d gvec = Eigen::Vector4d::Zero();
      for (int a = 0; a < nt; ++a) {
        const Mat3& Ra = R[std::size_t(a)];
        const Eigen::Vector2d c = pixel_of(Ra, s.geometry().images[std::size_t(a)], r[n], p, ny, nx);
        const int j0 = std::max(0, int(std::floor(c.x())) - w), j1 = std::min(nx - 1, int(std::floor(c.x())) + w);
        const int i0 = std::max(0, int(std::floor(c.y())) - w), i1 = std::min(ny - 1, int(std::floor(c.y())) + w);
        const float* res = residual[std::size_t(a)].data();
        const Vec3 du_dr = Ra.row(0).transpose() / p, dv_dr = Ra.row(1).transpose() / p;
        for (int i = i0; i <= i1; ++i)
          for (int j = j0; j <= j1; ++j) {
            const double du = j - c.x(), dv = i - c.y();
            const double d2 = du * du + dv * dv, e = prof.value(d2), G = amp[n] * e;
            const double d = res[std::size_t(i) * std::size_t(nx) + std::size_t(j)] + G;
            // G = A f(d²), d² = (j − u_c)² + (i − v_c)²: ∂G/∂u_c = −2 A f'(d²) (j − u_c).
            const Vec3 dr = (-2 * amp[n] * prof.slope(d2)) * (du * du_dr + dv * dv_dr);
            const Eigen::Vector4d jac(dr.x(), dr.y(), dr.z(), e);
            H += jac * jac.transpose();
            gvec += jac * d;
          }
      }
      const Eigen::Vector4d delta = (H + 1e-9 * H.diagonal().asDiagonal().toDenseMatrix()).ldlt().solve(-gvec);
      if (!delta.allFinite()) break;
      double scale = 1.0;
      bool accepted = false;
      for (int tries = 0; tries < 4 && !accepted; ++tries, scale *= 0.5) {
        const Vec3 x = r[n] + scale * delta.head<3>();
        const double A = amp[n] + scale * delta(3);
        if (A > 0 && window_cost(x, A, r[n]) < window_cost(r[n], amp[n], x)) {
          r[n] = x;
          amp[n] = A;
          accepted = true;
        }
      }
      if (!accepted) break;
    }
    apply(r[n], amp[n], 1.0f);
  }
}

}  // namespace

std::vector<Vec3> find_atoms(const Volume& v, const AtomicRefinementOptions& o) {
  std::vector<VolumePeak> peaks = parabolic_peaks(v, o.peak_fraction);
  std::stable_sort(peaks.begin(), peaks.end(), [](const VolumePeak& a, const VolumePeak& b) { return a.value > b.value; });
  std::vector<Vec3> atoms;
  for (const auto& pk : peaks) {
    bool far = true;
    for (const auto& a : atoms) far = far && (a - pk.position_A).norm() >= o.min_separation_A;
    if (far) atoms.push_back(pk.position_A);
  }
  return atoms;
}

namespace {

/// One image's share of the least-squares normal equations for image = sum_k
/// w_k B_k: the lower triangle of B_k . B_l into M, B_k . image into v.
void add_normal_equations(const std::vector<std::vector<float>>& B, std::span<const float> b, Eigen::MatrixXd& M,
                          Eigen::VectorXd& v) {
  for (std::size_t k = 0; k < B.size(); ++k) {
    for (std::size_t l = 0; l <= k; ++l) {
      double d = 0;
      for (std::size_t q = 0; q < b.size(); ++q) d += double(B[k][q]) * B[l][q];
      M(Eigen::Index(k), Eigen::Index(l)) += d;
    }
    double d = 0;
    for (std::size_t q = 0; q < b.size(); ++q) d += double(B[k][q]) * b[q];
    v(Eigen::Index(k)) += d;
  }
}

/// Least-squares weights w of image ≈ sum_k w_k B_k over every image of s,
/// the n basis images of image a rendered by fill(a, B): the normal
/// equations summed over the images (in parallel), then solved.
template <class Fill>
Eigen::VectorXd fit_basis_weights(const TiltSeries& s, std::size_t n, Fill fill) {
  // Each image's equations apart, summed in image order afterwards: a sum in
  // the threads' finishing order would change the last bits with the thread
  // count, and the weights with them.
  const std::size_t nt = std::size_t(s.nt());
  std::vector<Eigen::MatrixXd> Ma(nt, Eigen::MatrixXd::Zero(Eigen::Index(n), Eigen::Index(n)));
  std::vector<Eigen::VectorXd> va(nt, Eigen::VectorXd::Zero(Eigen::Index(n)));
#pragma omp parallel
  {
    std::vector<std::vector<float>> B(n);
#pragma omp for schedule(dynamic)
    for (int a = 0; a < s.nt(); ++a) {
      fill(a, B);
      add_normal_equations(B, s.image(a), Ma[std::size_t(a)], va[std::size_t(a)]);
    }
  }
  Eigen::MatrixXd M = Eigen::MatrixXd::Zero(Eigen::Index(n), Eigen::Index(n));
  Eigen::VectorXd v = Eigen::VectorXd::Zero(Eigen::Index(n));
  for (std::size_t a = 0; a < nt; ++a) {
    M += Ma[a];
    v += va[a];
  }
  M = M.selfadjointView<Eigen::Lower>();
  return M.ldlt().solve(v);
}

/// The profile weights that best fit the images (linear least squares) for
/// the current atoms and geometry.
std::vector<double> fit_profile(const std::vector<Vec3>& r, const std::vector<double>& amp,
                                const std::vector<double>& widths_A, const TiltSeries& s) {
  const std::size_t nk = widths_A.size();
  std::vector<Profile> basis;
  for (double w : widths_A) basis.emplace_back(std::vector<double>{w}, std::vector<double>{1.0}, s.pixel_A());
  const Eigen::VectorXd w = fit_basis_weights(s, nk, [&](int a, std::vector<std::vector<float>>& B) {
    for (std::size_t k = 0; k < nk; ++k) {
      B[k].assign(s.image_size(), 0.0f);
      render(Model{r, amp, basis[k]}, s.geometry().images[std::size_t(a)], s.ny(), s.nx(), s.pixel_A(), B[k].data());
    }
  });
  if (!w.allFinite()) throw Error("atomic refinement: the atom profile cannot be fitted");
  return std::vector<double>(w.data(), w.data() + w.size());
}

}  // namespace

AtomicModelFit refine_geometry_atomic(TiltSeries& s, const std::vector<Vec3>& atoms_A,
                                      const AtomicRefinementOptions& o) {
  if (atoms_A.empty()) throw Error("atomic refinement: no atoms to refine against");
  if (o.profile_widths_A.empty()) throw Error("atomic refinement: no profile widths");
  AtomicModelFit fit;
  fit.positions_A = atoms_A;
  fit.amplitudes.assign(atoms_A.size(), 1.0);
  fit.profile_widths_A = o.profile_widths_A;
  const int nt = s.nt();
  double norm = 0;
  for (float b : s.data()) norm += double(b) * b;
  for (int round = 0; round < o.rounds; ++round) {
    // The atoms' profile, then the atoms, against the current geometry.
    fit.profile_weights = fit_profile(fit.positions_A, fit.amplitudes, fit.profile_widths_A, s);
    const Profile prof(fit.profile_widths_A, fit.profile_weights, s.pixel_A());
    std::vector<std::vector<float>> residual(static_cast<std::size_t>(nt));
    for (int a = 0; a < nt; ++a) {
      auto& r = residual[std::size_t(a)];
      const auto b = s.image(a);
      r.assign(b.begin(), b.end());
      for (float& x : r) x = -x;
      render(Model{fit.positions_A, fit.amplitudes, prof}, s.geometry().images[std::size_t(a)], s.ny(), s.nx(),
             s.pixel_A(), r.data());
    }
    if (o.refine_atoms) fit_atoms(fit.positions_A, fit.amplitudes, prof, s, residual, o.gauss_newton_steps, o.refine_atom_positions);
    // Images, against the atoms.
    std::vector<ImageGeometry> refined = s.geometry().images;
    const Model m{fit.positions_A, fit.amplitudes, prof};
#pragma omp parallel for schedule(dynamic)
    for (int a = 0; a < nt; ++a) refined[std::size_t(a)] = fit_image(m, s, a, refined[std::size_t(a)], o);
    remove_gauge(s.geometry().images, refined);
    s.geometry().images = refined;
    fit.residual_per_round.push_back(total_cost(m, s) / norm);
  }
  return fit;
}

AtomicModelRFactor atomic_model_r_factor(const TiltSeries& s, const std::vector<Vec3>& atoms_A,
                                         const std::vector<int>& species, int n_species,
                                         const AtomicRefinementOptions& o, bool fit_offset) {
  if (atoms_A.empty()) throw Error("atomic model R-factor: no atoms");
  if (species.size() != atoms_A.size() || n_species < 1)
    throw Error("atomic model R-factor: one species index per atom needed");
  if (o.profile_widths_A.empty()) throw Error("atomic model R-factor: no profile widths");
  std::vector<std::vector<Vec3>> pos(static_cast<std::size_t>(n_species));
  for (std::size_t n = 0; n < atoms_A.size(); ++n) {
    if (species[n] < 0 || species[n] >= n_species) throw Error("atomic model R-factor: species index out of range");
    pos[std::size_t(species[n])].push_back(atoms_A[n]);
  }
  for (const auto& p : pos)
    if (p.empty()) throw Error("atomic model R-factor: a species without atoms");
  const std::size_t nk = o.profile_widths_A.size(), ns = pos.size();
  const std::size_t nb = ns * nk + (fit_offset ? 1 : 0);
  std::vector<Profile> basis;
  for (double w : o.profile_widths_A) basis.emplace_back(std::vector<double>{w}, std::vector<double>{1.0}, s.pixel_A());
  std::vector<std::vector<double>> ones(ns);
  for (std::size_t k = 0; k < ns; ++k) ones[k].assign(pos[k].size(), 1.0);
  // Normal equations of the linear fit, as fit_profile, with a basis
  // image per (species, width) and the constant.
  const Eigen::VectorXd w = fit_basis_weights(s, nb, [&](int a, std::vector<std::vector<float>>& B) {
    for (std::size_t sp = 0; sp < ns; ++sp)
      for (std::size_t k = 0; k < nk; ++k) {
        auto& img = B[sp * nk + k];
        img.assign(s.image_size(), 0.0f);
        render(Model{pos[sp], ones[sp], basis[k]}, s.geometry().images[std::size_t(a)], s.ny(), s.nx(), s.pixel_A(),
               img.data());
      }
    if (fit_offset) B[nb - 1].assign(s.image_size(), 1.0f);
  });
  if (!w.allFinite()) throw Error("atomic model R-factor: the species' profiles cannot be fitted");
  AtomicModelRFactor r;
  r.profile_weights.resize(ns);
  std::vector<Profile> profiles;
  for (std::size_t sp = 0; sp < ns; ++sp) {
    r.profile_weights[sp].assign(w.data() + sp * nk, w.data() + (sp + 1) * nk);
    profiles.emplace_back(o.profile_widths_A, r.profile_weights[sp], s.pixel_A());
  }
  r.offset = fit_offset ? w(Eigen::Index(nb - 1)) : 0.0;
  std::vector<float> model(s.data().size(), float(r.offset));
#pragma omp parallel for schedule(dynamic)
  for (int a = 0; a < s.nt(); ++a)
    for (std::size_t sp = 0; sp < ns; ++sp)
      render(Model{pos[sp], ones[sp], profiles[sp]}, s.geometry().images[std::size_t(a)], s.ny(), s.nx(), s.pixel_A(),
             model.data() + std::size_t(a) * s.image_size());
  r.r_factor = r_factor(model, s.data(), s.nt(), s.image_size());
  double num = 0, den = 0;
  for (std::size_t q = 0; q < model.size(); ++q) {
    const double d = double(model[q]) - s.data()[q];
    num += d * d;
    den += double(s.data()[q]) * s.data()[q];
  }
  r.relative_residual = num / den;
  return r;
}

}  // namespace aet::recon
