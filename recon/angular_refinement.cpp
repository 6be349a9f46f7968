// Projection-matching refinement of angles and shifts (recon/angular_refinement.hpp).
#include "recon/angular_refinement.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "recon/binning.hpp"
#include "recon/cross_correlation.hpp"

namespace aet::recon {

namespace {

ProjectionGeometry single_image(const VolumeGeometry& volume, int ny, int nx, double pixel_A,
                                const ImageGeometry& image) {
  ProjectionGeometry g;
  g.volume = volume;
  g.ny = ny;
  g.nx = nx;
  g.pixel_A = pixel_A;
  g.tilts.images = {image};
  return g;
}

}  // namespace

ImageProjector::ImageProjector(const std::vector<float>& zyx, const VolumeGeometry& volume, const TiltSeries& s)
    : zyx_(zyx), volume_(volume), ny_(s.ny()), nx_(s.nx()), pixel_A_(s.pixel_A()) {
  // The single-axis layout depends on the volume grid only, not on the angle.
  const auto op = make_projector(single_image(volume_, ny_, nx_, pixel_A_, ImageGeometry{}), ProjectorPath::SingleAxis);
  single_axis_.resize(op->volume_size());
  op->to_internal(zyx_, single_axis_);
}

void ImageProjector::project(const ImageGeometry& image, std::vector<float>& out) const {
  out.resize(std::size_t(ny_) * std::size_t(nx_));
  const auto g = single_image(volume_, ny_, nx_, pixel_A_, image);
  if (image.has_euler) {
    // The general path works on the zyx layout directly (no conversion).
    make_projector(g, ProjectorPath::General)->forward(zyx_, out);
  } else {
    make_projector(g, ProjectorPath::SingleAxis)->forward(single_axis_, out);
  }
}

/// The changes the data cannot see are removed from `refined` (relative to
/// `old`): a common tilt offset (a rotation of the object about y), a common
/// y shift and x shifts of the form p cos θ + q sin θ (a translation of the
/// object by (p, 0, q)). The reconstruction thus stays where it was.
void remove_gauge(const std::vector<ImageGeometry>& old, std::vector<ImageGeometry>& refined) {
  const std::size_t n = old.size();
  double dt = 0, dy = 0, cc = 0, cs = 0, ss = 0, cx = 0, sx = 0;
  for (std::size_t a = 0; a < n; ++a) {
    dt += (refined[a].tilt_deg - old[a].tilt_deg) / double(n);
    dy += (refined[a].shift_px[1] - old[a].shift_px[1]) / double(n);
    const double t = deg2rad(old[a].tilt_deg), c = std::cos(t), sn = std::sin(t);
    const double d = refined[a].shift_px[0] - old[a].shift_px[0];
    cc += c * c;
    cs += c * sn;
    ss += sn * sn;
    cx += c * d;
    sx += sn * d;
  }
  const double det = cc * ss - cs * cs;
  const double p = det > 1e-12 ? (cx * ss - sx * cs) / det : 0.0, q = det > 1e-12 ? (sx * cc - cx * cs) / det : 0.0;
  for (std::size_t a = 0; a < n; ++a) {
    auto& g = refined[a];
    g.tilt_deg -= dt;
    if (g.has_euler) g.euler_deg[1] -= dt;
    const double t = deg2rad(old[a].tilt_deg);
    g.shift_px[0] -= p * std::cos(t) + q * std::sin(t);
    g.shift_px[1] -= dy;
  }
}

double image_residual(const ImageProjector& volume, const TiltSeries& s, int a, const ImageGeometry& image,
                      std::vector<float>& scratch) {
  volume.project(image, scratch);
  return squared_residual(scratch, s, a);
}

double squared_residual(const std::vector<float>& model, const TiltSeries& s, int a) {
  const auto b = s.image(a);
  double r = 0;
  for (std::size_t p = 0; p < b.size(); ++p) {
    const double d = double(model[p]) - b[p];
    r += d * d;
  }
  return r;
}

ImageGeometry refine_image(const ImageProjector& volume, const TiltSeries& s, int a, ImageGeometry g,
                           const AngularRefinementOptions& o, const CrossCorrelator& cc) {
  std::vector<float> proj;
  if (o.refine_in_plane && !g.has_euler) {
    g.has_euler = true;
    g.euler_deg = {0.0, g.tilt_deg, 0.0};
  }
  if (o.refine_shifts) {
    volume.project(g, proj);
    const ShiftEstimate e = cc.find_shift(proj, s.image(a), o.max_shift_px);
    g.shift_px[0] += e.shift_px[0];
    g.shift_px[1] += e.shift_px[1];
  }
  std::vector<double*> params;
  if (o.refine_tilt) params.push_back(g.has_euler ? &g.euler_deg[1] : &g.tilt_deg);
  if (o.refine_in_plane) {
    params.push_back(&g.euler_deg[0]);
    params.push_back(&g.euler_deg[2]);
  }
  double best = image_residual(volume, s, a, g, proj);
  int trials = 0;
  for (double step = o.angle_step_deg; step >= o.min_angle_step_deg && !params.empty() && trials < 200;) {
    bool improved = false;
    for (double* p : params)
      for (double sign : {1.0, -1.0}) {
        const double keep = *p;
        *p = keep + sign * step;
        const double r2 = image_residual(volume, s, a, g, proj);
        ++trials;
        if (r2 < best) {
          best = r2;
          improved = true;
          break;
        }
        *p = keep;
      }
    if (!improved) step *= 0.5;
  }
  if (g.has_euler) g.tilt_deg = g.euler_deg[1];
  return g;
}

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Σ (Π x − b)² / Σ b² of the volume x (the projector's layout).
double relative_residual(const Projector& op, const std::vector<float>& x, const TiltSeries& s) {
  std::vector<float> proj(op.projection_size());
  op.forward(x, proj);
  double rr = 0, bb = 0;
  for (std::size_t p = 0; p < proj.size(); ++p) {
    const double b = s.data()[p], d = proj[p] - b;
    rr += d * d;
    bb += b * b;
  }
  return bb > 0 ? rr / bb : 0.0;
}

// RESIRE on `volume`'s grid with the current geometry of `s`, from `zyx`
// (warm) or from zero; the result in `zyx`. Returns its R-factor;
// `squared_residual` (if given): Σ (Π O − b)² / Σ b².
double reconstruct_round(const TiltSeries& s, const VolumeGeometry& volume, const ResireOptions& resire_options,
                         int iterations, bool warm, std::vector<float>& zyx, double* squared_residual = nullptr) {
  const auto op = make_projector(ProjectionGeometry::of(s, volume));
  std::vector<float> x(op->volume_size(), 0.0f);
  if (warm) op->to_internal(zyx, x);
  StopCriteria stop;
  stop.iterations = iterations;
  stop.report_every = iterations;
  stop.log = false;
  const Report r = resire(*op, s.data(), x, resire_options, stop);
  op->from_internal(x, zyx);
  if (squared_residual) *squared_residual = relative_residual(*op, x, s);
  return r.r_factor;
}

// Σ (Π O − b)² / Σ b² of the volume `zyx` with the geometry `images`.
double relative_residual(const TiltSeries& s, const std::vector<ImageGeometry>& images, const VolumeGeometry& volume,
                         const std::vector<float>& zyx) {
  ProjectionGeometry g = ProjectionGeometry::of(s, volume);
  g.tilts.images = images;
  const auto op = make_projector(g);
  std::vector<float> x(op->volume_size());
  op->to_internal(zyx, x);
  return relative_residual(*op, x, s);
}

// Up to `max_rounds` rounds on (s, volume): reconstruct, stop when R
// improved too little, else refine every image and remove the gauge.
// `zyx` ends with the reconstruction for the geometry `s` ends with.
void run_rounds(TiltSeries& s, const VolumeGeometry& volume, const ResireOptions& resire_options,
                const AngularRefinementOptions& o, int max_rounds, int binning, std::vector<float>& zyx,
                AngularRefinementReport& rep) {
  const int nt = s.nt();
  zyx.assign(volume.size(), 0.0f);
  double previous = 0.0;
  for (int round = 0; round < max_rounds; ++round) {
    const auto t0 = Clock::now();
    const bool warm = round > 0 && o.warm_iterations > 0;
    const int iterations = warm ? o.warm_iterations : o.iterations_per_round;
    const double r_factor = reconstruct_round(s, volume, resire_options, iterations, warm, zyx);
    rep.r_factor_per_round.push_back(r_factor);
    rep.iterations_per_round.push_back(iterations);
    rep.binning_per_round.push_back(binning);
    ++rep.rounds;
    if (o.log)
      fmt::print(stderr, "angular refinement: round {}{}  R = {:.5f}  ({} iterations{}, {:.1f} s)\n", rep.rounds - 1,
                 binning > 1 ? fmt::format(" (binned {}x)", binning) : std::string(), r_factor, iterations,
                 warm ? ", warm" : "", since(t0));
    const bool converged = round > 0 && !(previous - r_factor > o.min_relative_improvement * previous);
    previous = r_factor;
    if (converged || round + 1 == max_rounds) {
      rep.stop_reason = converged ? "converged" : "max_rounds";
      rep.seconds_per_round.push_back(since(t0));
      return;
    }
    // Per image: shift by cross-correlation, then angles by pattern search.
    std::vector<ImageGeometry> refined = s.geometry().images;
    const ImageProjector projector(zyx, volume, s);
#pragma omp parallel
    {
      CrossCorrelator cc(s.ny(), s.nx());
#pragma omp for schedule(dynamic)
      for (int a = 0; a < nt; ++a) refined[std::size_t(a)] = refine_image(projector, s, a, refined[std::size_t(a)], o, cc);
    }
    remove_gauge(s.geometry().images, refined);
    double dt2 = 0, ds2 = 0;
    for (int a = 0; a < nt; ++a) {
      const auto &old_g = s.geometry().images[std::size_t(a)], &new_g = refined[std::size_t(a)];
      dt2 += (new_g.tilt_deg - old_g.tilt_deg) * (new_g.tilt_deg - old_g.tilt_deg);
      for (int k = 0; k < 2; ++k) {
        const double d = (new_g.shift_px[std::size_t(k)] - old_g.shift_px[std::size_t(k)]) * binning;
        ds2 += d * d;
      }
    }
    rep.tilt_change_rms_deg.push_back(std::sqrt(dt2 / nt));
    rep.shift_change_rms_px.push_back(std::sqrt(ds2 / (2.0 * nt)));
    s.geometry().images = refined;
    rep.seconds_per_round.push_back(since(t0));
    if (o.log)
      fmt::print(stderr, "angular refinement: round {} changed the tilts by {:.3f} deg rms, the shifts by {:.3f} px rms ({:.1f} s)\n",
                 rep.rounds - 1, rep.tilt_change_rms_deg.back(), rep.shift_change_rms_px.back(), since(t0));
    // A geometry that no longer moves: the volume the caller makes next
    // (warm, or the next resolution's) carries it; `zyx` is a round behind.
    if (rep.tilt_change_rms_deg.back() < o.min_tilt_change_deg && rep.shift_change_rms_px.back() < o.min_shift_change_px) {
      rep.stop_reason = "geometry_converged";
      return;
    }
  }
}

}  // namespace

AngularRefinementReport refine_angles(TiltSeries& s, const VolumeGeometry& volume, const ResireOptions& resire_options,
                                      const AngularRefinementOptions& o, std::vector<float>* last_volume) {
  check_reconstructible(s);
  if (o.max_rounds < 1 || o.iterations_per_round < 1 || o.warm_iterations < 0 || o.coarse_rounds < 0 ||
      o.coarse_binning < 1)
    throw Error("angular refinement: rounds and iterations must be positive (warm iterations, coarse rounds >= 0)");
  AngularRefinementReport rep;
  std::vector<float> zyx;
  const int f = o.coarse_binning;
  if (f > 1 && o.coarse_rounds > 0 && s.nx() / f >= o.coarse_min_px && s.ny() / f >= o.coarse_min_px) {
    TiltSeries binned = bin_series(s, f);
    run_rounds(binned, bin_volume(volume, f), resire_options, o, o.coarse_rounds, f, zyx, rep);
    s.geometry().images = unbin_geometry(binned.geometry().images, f, s.ny(), s.nx());
    rep.coarse_stop_reason = rep.stop_reason;
  }
  run_rounds(s, volume, resire_options, o, o.max_rounds, 1, zyx, rep);
  // With warm rounds, the atomic model's geometry too continues from the last volume.
  auto reconstruct_now = [&](double* squared_residual = nullptr) {
    const bool warm = o.warm_iterations > 0;
    return reconstruct_round(s, volume, resire_options, warm ? o.warm_iterations : o.iterations_per_round, warm, zyx,
                             squared_residual);
  };
  // zyx now holds the reconstruction with the current geometry (the last
  // round's, whose refinement was not applied).
  const auto t_atomic = Clock::now();
  if (o.atomic_model && (o.refine_tilt || o.refine_shifts)) {
    Volume v(volume);
    std::copy(zyx.begin(), zyx.end(), v.data().begin());
    const std::vector<Vec3> atoms = find_atoms(v, o.atomic);
    rep.atoms = int(atoms.size());
    if (atoms.size() >= 4) {
      const std::vector<ImageGeometry> before = s.geometry().images;
      std::vector<float> zyx_before = zyx;
      AtomicRefinementOptions ao = o.atomic;
      ao.refine_tilt = o.refine_tilt;
      ao.refine_shifts = o.refine_shifts;
      const AtomicModelFit fit = refine_geometry_atomic(s, atoms, ao);
      rep.atomic_residual = fit.residual_per_round.empty() ? 1.0 : fit.residual_per_round.back();
      const double r_before = rep.r_factor_per_round.back();
      // A model that explains the images worse than the voxel reconstruction
      // already does (as on noisy data) is discarded without the
      // reconstruction that would confirm it.
      rep.voxel_residual_before = relative_residual(s, before, volume, zyx_before);
      if (rep.atomic_residual > rep.voxel_residual_before) {
        rep.atomic_r_factor = r_before;
        rep.voxel_residual = rep.voxel_residual_before;
        rep.atomic_accepted = false;
      } else {
        rep.atomic_r_factor = reconstruct_now(&rep.voxel_residual);
        rep.atomic_accepted = rep.atomic_residual <= rep.voxel_residual &&
                              rep.atomic_r_factor <= (1.0 + o.atomic_max_r_increase) * r_before;
      }
      if (!rep.atomic_accepted) {
        s.geometry().images = before;
        std::swap(zyx, zyx_before);
      }
      if (o.log)
        fmt::print(stderr, "angular refinement: atomic model ({} atoms, residual {:.2g} vs voxels {:.2g})  R = {:.5f}, {}\n",
                   atoms.size(), rep.atomic_residual, rep.voxel_residual, rep.atomic_r_factor,
                   rep.atomic_accepted ? "kept" : "discarded");
    }
    rep.atomic_seconds = since(t_atomic);
  }
  if (last_volume) *last_volume = std::move(zyx);
  return rep;
}

}  // namespace aet::recon
