// The tilt axis's in-plane angle by the self-consistency of a reconstruction,
// and the images turned to it (recon/tilt_axis.hpp).
#include "recon/tilt_axis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <Eigen/Dense>
#include <array>
#include <limits>
#include <cmath>
#include <complex>
#include <span>

#include "core/error.hpp"
#include "core/fft.hpp"
#include "recon/alignment.hpp"
#include "recon/binning.hpp"
#include "recon/crop.hpp"
#include "recon/projector.hpp"
#include "recon/resire.hpp"

namespace aet::recon {

namespace {

using Complex = std::complex<double>;

/// Fourier shifts of the rows or columns of an ny x nx image: one plan per
/// length, shared by the threads; each thread its own Shearer (buffers).
class Shearer {
 public:
  Shearer(int ny, int nx)
      : ny_(ny), nx_(nx), real_(std::size_t(std::max(nx, ny)) + 2), spec_(std::size_t(std::max(nx, ny) / 2 + 1)),
        line_(std::size_t(std::max(nx, ny))) {}
  /// Plans of lengths nx and ny (made once; the planner is serialised).
  struct Plans {
    fft::Plan<double> fx, bx, fy, by;
  };
  Plans plans() {
    return {fft::Plan<double>::real_to_complex_1d(nx_, real_.data(), spec_.data()),
            fft::Plan<double>::complex_to_real_1d(nx_, spec_.data(), real_.data()),
            fft::Plan<double>::real_to_complex_1d(ny_, real_.data(), spec_.data()),
            fft::Plan<double>::complex_to_real_1d(ny_, spec_.data(), real_.data())};
  }
  /// Row i (y = i − ny/2) shifted by a y: out(x, y) = in(x − a y, y).
  void rows(std::vector<double>& im, double a, const Plans& p) {
    for (int i = 0; i < ny_; ++i) {
      double* row = im.data() + std::size_t(i) * std::size_t(nx_);
      for (int j = 0; j < nx_; ++j) line_[std::size_t(j)] = row[j];
      shift(nx_, a * (i - ny_ / 2), p.fx, p.bx);
      for (int j = 0; j < nx_; ++j) row[j] = line_[std::size_t(j)];
    }
  }
  /// Column j (x = j − nx/2) shifted by b x: out(x, y) = in(x, y − b x).
  void columns(std::vector<double>& im, double b, const Plans& p) {
    for (int j = 0; j < nx_; ++j) {
      for (int i = 0; i < ny_; ++i) line_[std::size_t(i)] = im[std::size_t(i) * std::size_t(nx_) + std::size_t(j)];
      shift(ny_, b * (j - nx_ / 2), p.fy, p.by);
      for (int i = 0; i < ny_; ++i) im[std::size_t(i) * std::size_t(nx_) + std::size_t(j)] = line_[std::size_t(i)];
    }
  }

 private:
  // line_[0, n) shifted by d, periodic: out(x) = in(x − d), a phase ramp.
  void shift(int n, double d, const fft::Plan<double>& forward, const fft::Plan<double>& backward) {
    if (d == 0.0) return;
    const int nf = n / 2 + 1;
    for (int k = 0; k < n; ++k) real_[std::size_t(k)] = line_[std::size_t(k)];
    forward.execute(real_.data(), spec_.data());
    for (int f = 0; f < nf; ++f) spec_[std::size_t(f)] *= std::polar(1.0 / n, -2 * kPi * f * d / n);
    // The Nyquist term of an even length stays real (the shifted line is real).
    if (n % 2 == 0) spec_[std::size_t(n / 2)] = Complex(spec_[std::size_t(n / 2)].real(), 0.0);
    backward.execute(spec_.data(), real_.data());
    for (int k = 0; k < n; ++k) line_[std::size_t(k)] = real_[std::size_t(k)];
  }
  int ny_, nx_;
  fft::Buffer<double> real_;
  fft::Buffer<Complex> spec_;
  std::vector<double> line_;
};

/// Turns `im` (ny x nx) so that out(w) = in(Rz(phi) w): Rz(phi) = A B C with
/// A = C = [[1, −tan(phi/2)], [0, 1]] (rows shifted by tan(phi/2) y) and
/// B = [[1, 0], [sin phi, 1]] (columns shifted by −sin phi x), applied A,
/// then B, then C. `last_shear` false skips C (it keeps every row's sum).
void turn(std::vector<double>& im, double phi_rad, Shearer& sh, const Shearer::Plans& p, bool last_shear = true) {
  const double t = std::tan(phi_rad / 2), sn = std::sin(phi_rad);
  sh.rows(im, t, p);
  sh.columns(im, -sn, p);
  if (last_shear) sh.rows(im, t, p);
}

/// The series aligned once (centre of mass, common line) for every trial.
/// Aligning each trial anew made the cost a lottery on a crystal whose
/// fringes lock the common line: on the published TO ((200) planes normal
/// to the axis) the costs at 0°, 1° and 2° read 0.0629, 0.0668, 0.0602 and
/// the estimate came out 1.68° for a 0.5° axis (then R 0.159, 16 pm). The
/// alignment's shifts turn with the images (turn_to_axis_frame), so each
/// trial sees the same alignment in its own frame, and the smoothed
/// profiles (the pipeline's) are safe from the fringes. The price: a 0°
/// axis on small-to reads -0.105° (-0.089° with raw profiles; -0.04° with
/// a raw alignment per trial), hence TiltAxisOptions::min_deg.
TiltSeries aligned_once(const TiltSeries& input) {
  TiltSeries s = input;
  align_centre_of_mass_common_line(s);
  return s;
}

/// A trial's images: the aligned series turned by `deg` and binned.
TiltSeries trial_series(const TiltSeries& aligned, double deg, int binning) {
  TiltSeries s = aligned;
  turn_to_axis_frame(s, deg);
  return binning > 1 ? bin_series(s, binning) : s;
}

/// The trial's cost: its images (trial_series) reconstructed by RESIRE from
/// zero on `v`; returns Σ (Π O − b)² / Σ b² and sets `pixels` to the number
/// compared.
double trial_residual(const TiltSeries& aligned, double deg, const TiltAxisOptions& o, int binning,
                      const VolumeGeometry& v, std::size_t& pixels) {
  const TiltSeries b = trial_series(aligned, deg, binning);
  const auto op = make_projector(ProjectionGeometry::of(b, v));
  std::vector<float> x(op->volume_size(), 0.0f);
  ResireOptions ro;
  ro.accelerate = true;
  StopCriteria stop;
  stop.iterations = o.iterations;
  stop.report_every = o.iterations;
  stop.log = false;
  resire(*op, b.data(), x, ro, stop);
  std::vector<float> proj(op->projection_size());
  op->forward(x, proj);
  double rr = 0, bb = 0;
  for (std::size_t p = 0; p < proj.size(); ++p) {
    const double d = double(proj[p]) - b.data()[p];
    rr += d * d;
    bb += double(b.data()[p]) * b.data()[p];
  }
  pixels = proj.size();
  return bb > 0 ? rr / bb : 0.0;
}

/// The largest binning up to `wanted` that keeps the images at least
/// binned_min_px wide (1: none).
int usable_binning(const TiltSeries& s, int wanted, const TiltAxisOptions& o) {
  int b = std::max(1, wanted);
  while (b > 1 && std::min(s.nx(), s.ny()) / b < o.binned_min_px) --b;
  return b;
}

/// The coarse scan's reach: ±this many coarse steps.
int coarse_trials(const TiltAxisOptions& o) { return int(std::floor(o.search_deg / o.coarse_step_deg + 1e-9)); }

/// Least-squares parabola y = c0 + c1 x + c2 x² through the points.
std::array<double, 3> fit_parabola(const std::vector<double>& x, const std::vector<double>& y) {
  Eigen::Matrix3d a = Eigen::Matrix3d::Zero();
  Eigen::Vector3d r = Eigen::Vector3d::Zero();
  for (std::size_t k = 0; k < x.size(); ++k) {
    const Eigen::Vector3d row(1.0, x[k], x[k] * x[k]);
    a += row * row.transpose();
    r += row * y[k];
  }
  const Eigen::Vector3d c = a.ldlt().solve(r);
  return {c[0], c[1], c[2]};
}

}  // namespace

void check_tilt_axis_deg(double deg, const std::string& what) {
  if (!std::isfinite(deg) || std::fabs(deg) > 90.0)
    throw Error(fmt::format("{}: tilt-axis angle {} is not a finite angle within ±90°", what, deg));
}

Mat3 axis_frame_rotation(double deg) { return rotation_z(deg2rad(deg)); }

TiltAxisReport estimate_tilt_axis(const TiltSeries& s, const TiltAxisOptions& o) {
  if (!(o.search_deg > 0 && o.search_deg <= 45) || !(o.coarse_step_deg > 0) || !(o.fine_step_deg > 0) ||
      o.binning < 1 || o.iterations < 1)
    throw Error("tilt axis: search range within (0, 45]°, positive steps, binning and iterations");
  if (s.nt() < 2) throw Error("tilt axis: needs at least two images");
  TiltAxisReport r;
  r.source = "estimated";
  std::size_t pixels = 0;
  const int binning = usable_binning(s, o.binning, o);
  const TiltSeries aligned = aligned_once(s);
  // One volume grid for every trial (that of the untouched series), so that
  // the trials differ in the angle only.
  const VolumeGeometry volume = cropped_volume(trial_series(aligned, 0.0, binning));
  // Each angle reconstructed once: the fine scan reuses the coarse trials it meets.
  auto cost = [&](double deg) {
    for (std::size_t t = 0; t < r.trial_deg.size(); ++t)
      if (std::fabs(r.trial_deg[t] - deg) < 1e-9) return r.cost[t];
    const double c = trial_residual(aligned, deg, o, binning, volume, pixels);
    r.trial_deg.push_back(deg);
    r.cost.push_back(c);
    return c;
  };
  const int nc = coarse_trials(o);
  std::vector<double> cx, cy;
  for (int k = -nc; k <= nc; ++k) {
    cx.push_back(k * o.coarse_step_deg);
    cy.push_back(cost(cx.back()));
  }
  const double centre = cx[std::size_t(std::min_element(cy.begin(), cy.end()) - cy.begin())];
  // The fine scan: ±one coarse step about the coarse minimum.
  std::vector<double> fx, fy;
  const int nf = std::max(1, int(std::lround(o.coarse_step_deg / o.fine_step_deg)));
  for (int k = -nf; k <= nf; ++k) {
    fx.push_back(centre + k * o.fine_step_deg);
    fy.push_back(cost(fx.back()));
  }
  const auto c = fit_parabola(fx, fy);
  const double lo = fx.front(), hi = fx.back();
  r.estimated_deg = c[2] > 0 ? std::clamp(-c[1] / (2 * c[2]), lo, hi) : centre;
  // Least squares: var = 2 s² / J'' with J = Σ r² = B ρ, s² = J_min / N, so
  // var = ρ_min / (N c2) for ρ = c0 + c1 φ + c2 φ² (φ in degrees).
  const double rho_min = *std::min_element(fy.begin(), fy.end());
  r.uncertainty_deg = c[2] > 0 ? std::sqrt(rho_min / (double(pixels) * c[2])) : std::numeric_limits<double>::infinity();
  // A minimum at the search's edge, or a cost with no minimum, is no
  // estimate: the axis may lie beyond the search (or the cost is blind).
  r.at_edge = !std::isfinite(r.uncertainty_deg) || std::fabs(r.estimated_deg) >= nc * o.coarse_step_deg - 1e-9;
  return r;
}

void turn_to_axis_frame(TiltSeries& s, double deg) {
  check_tilt_axis_deg(deg, "tilt axis");
  if (deg == 0.0) return;
  const double phi = deg2rad(deg), sn = std::sin(phi), cs = std::cos(phi);
  Shearer planner(s.ny(), s.nx());
  const Shearer::Plans plans = planner.plans();
#pragma omp parallel
  {
    Shearer sh(s.ny(), s.nx());
    std::vector<double> im(s.image_size());
#pragma omp for schedule(static)
    for (int a = 0; a < s.nt(); ++a) {
      const auto out = s.image(a);
      std::copy(out.begin(), out.end(), im.begin());
      turn(im, phi, sh, plans);
      std::transform(im.begin(), im.end(), out.begin(), [](double v) { return float(v); });
    }
  }
  // The specimen's origin, seen at shift s in the input, is at Rz(−phi) s in the turned image.
  for (auto& g : s.geometry().images) {
    const double x = g.shift_px[0], y = g.shift_px[1];
    g.shift_px = {cs * x + sn * y, -sn * x + cs * y};
  }
}

TiltAxisReport tilt_axis_step(TiltSeries& s, const TiltAxisOptions& o) {
  TiltAxisReport r;
  if (o.given_deg) {
    check_tilt_axis_deg(*o.given_deg, "--tilt-axis-deg");
    r.source = "given";
    r.estimated_deg = *o.given_deg;
    r.deg = *o.given_deg;
  } else {
    r = estimate_tilt_axis(s, o);
    if (r.at_edge) {
      r.refused = true;
      r.reason = fmt::format("no minimum inside the +-{:g} deg search (estimate {:.3f} deg): images left as they are; "
                             "widen --tilt-axis-search or give --tilt-axis-deg",
                             o.search_deg, r.estimated_deg);
      r.deg = 0.0;
      r.applied = false;
      return r;
    }
    const bool significant = std::fabs(r.estimated_deg) > std::max(o.min_significance * r.uncertainty_deg, o.min_deg);
    r.deg = significant ? r.estimated_deg : 0.0;
  }
  r.applied = r.deg != 0.0;
  turn_to_axis_frame(s, r.deg);
  return r;
}

}  // namespace aet::recon
