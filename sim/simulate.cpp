#include "sim/simulate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <exception>
#include <map>
#include <string>
#include <random>

#include "core/error.hpp"
#include "sim/adf_cross_section.hpp"
#include "sim/adf_image.hpp"
#include "sim/column_response.hpp"
#include "sim/dose_noise.hpp"
#include "sim/probe.hpp"
#include "sim/support_film.hpp"
#include "sim/thermal_motion.hpp"

namespace aet::sim {

namespace {

void add_truth_metadata(Metadata& m, const TiltPlan& plan, const TrueMisalignment& t, int frames) {
  const std::size_t n = plan.angles_deg.size();
  std::vector<double> tilt(n), sx(n), sy(n), dx(n), dy(n), ax(n), ay(n), acq(n);
  for (std::size_t k = 0; k < n; ++k) {
    tilt[k] = plan.angles_deg[k] + t.angle_error_deg[k];
    sx[k] = t.shift_px[k][0];
    sy[k] = t.shift_px[k][1];
    dx[k] = t.drift_px_per_frame[k][0];
    dy[k] = t.drift_px_per_frame[k][1];
    ax[k] = sx[k] + 0.5 * (frames - 1) * dx[k];
    ay[k] = sy[k] + 0.5 * (frames - 1) * dy[k];
  }
  for (std::size_t i = 0; i < plan.acquisition.size(); ++i) acq[i] = plan.acquisition[i];
  m.set("nominal_tilts_deg", plan.angles_deg);
  m.set("acquisition_order", acq);
  m.set("frames_per_tilt", frames);
  m.set("truth.axis_rotation_deg", t.axis_rotation_deg);
  m.set("truth.angle_error_deg", t.angle_error_deg);
  m.set("truth.tilt_deg", tilt);
  m.set("truth.shift_x_px", sx);
  m.set("truth.shift_y_px", sy);
  m.set("truth.drift_x_px_per_frame", dx);
  m.set("truth.drift_y_px_per_frame", dy);
  m.set("truth.mean_shift_x_px", ax);
  m.set("truth.mean_shift_y_px", ay);
}

/// What every frame is rendered with: per-atom cross-sections and thermal
/// rms, the probe (core and tail), the film, the frames' random-stream keys
/// and the dose.
struct FrameScene {
  std::vector<double> sigma, rms;
  const ProbeProfile& probe;
  const ProbeTail& tail;
  const SupportFilm& film;
  std::uint32_t key0, key1;
  double electrons;
  double saturation_signal;  ///< sim/column_response.hpp; 0: linear
};

/// Per-element cross-sections (into sigma_A2) and per-atom values.
std::vector<double> atom_cross_sections(const AtomModel& model, const SimConfig& c,
                                        std::map<std::string, double>& sigma_A2) {
  for (const auto& el : model.distinct_species())
    sigma_A2[el] = adf_cross_section_A2(el, c.probe.voltage_kV, c.detector);
  std::vector<double> sigma(model.size());
  for (std::size_t a = 0; a < model.size(); ++a) sigma[a] = sigma_A2.at(model.species()[a]);
  return sigma;
}

/// Every frame, in parallel, each from its own random stream seeded by
/// (key0, key1, frame): thermal displacement, scan jitter, atoms, probe
/// tail, film, detection. An exception (e.g. out of memory) in a worker is
/// carried out of the parallel region and rethrown.
std::vector<float> render_frames(const AtomModel& model, const SimConfig& c, const FrameScene& scene,
                                 const TiltGeometry& frame_geometry, const Progress& progress) {
  const int nframes = int(frame_geometry.size());
  const std::size_t npix = std::size_t(c.ny) * std::size_t(c.nx);
  std::vector<float> frames(std::size_t(nframes) * npix);
  int done = 0;
  std::exception_ptr failure;
#pragma omp parallel
  {
    std::vector<Vec3> positions;
    std::vector<double> fraction(npix), row_offset(std::size_t(c.ny));
#pragma omp for schedule(dynamic, 1)
    for (int n = 0; n < nframes; ++n) {
      try {
        std::seed_seq seq{scene.key0, scene.key1, std::uint32_t(n)};
        boost::random::mt19937 frame_rng(seq);
        const ImageGeometry& g = frame_geometry.images[std::size_t(n)];
        const Mat3 rot = g.rotation();
        positions = model.positions();
        displace(positions, scene.rms, frame_rng);
        const bool jitter = c.misalignment.scan_jitter_rms_px > 0.0;
        boost::random::normal_distribution<double> gauss(0.0, jitter ? c.misalignment.scan_jitter_rms_px : 1.0);
        for (auto& o : row_offset) o = jitter ? gauss(frame_rng) : 0.0;

        std::fill(fraction.begin(), fraction.end(), 0.0);
        add_atoms(fraction, c.ny, c.nx, c.pixel_A, rot, g.shift_px, positions, scene.sigma, scene.probe,
                  jitter ? std::span<const double>(row_offset) : std::span<const double>());
        scene.tail.add(fraction, rot, g.shift_px, positions, scene.sigma);
        apply_column_response(fraction, scene.saturation_signal);
        scene.film.add(fraction, c.ny, c.nx, c.pixel_A, rot, g.shift_px);
        detect(fraction, std::span<float>(frames.data() + std::size_t(n) * npix, npix), scene.electrons,
               c.detector, frame_rng);
        if (progress) {
#pragma omp critical(aet_sim_progress)
          progress(++done, nframes);
        }
      } catch (...) {
#pragma omp critical(aet_sim_failure)
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  return frames;
}

/// Averages per tilt, in a fixed order (deterministic).
std::vector<float> average_frames(const std::vector<float>& frames, int nt, int nf, std::size_t npix) {
  std::vector<float> mean(std::size_t(nt) * npix);
  for (int k = 0; k < nt; ++k)
    for (std::size_t i = 0; i < npix; ++i) {
      double s = 0.0;
      for (int f = 0; f < nf; ++f) s += frames[std::size_t(k * nf + f) * npix + i];
      mean[std::size_t(k) * npix + i] = static_cast<float>(s / nf);
    }
  return mean;
}

/// The run's parameters, derived quantities and truth.
Metadata simulation_metadata(const AtomModel& model, const SimConfig& c, const SimResult& r,
                             const ProbeProfile& probe, const SupportFilm& film, double electrons) {
  Metadata m = to_metadata(c);
  m.set("generator", "aetbench sim");
  m.set("units", "detector output: gain x detected electrons per pixel per frame");
  m.set("sim.electrons_per_pixel_per_frame", electrons);
  m.set("sim.probe.fwhm_A", probe.fwhm_A());
  m.set("sim.probe.radius_A", probe.radius_A());
  m.set("sim.probe.core_radius_A", probe.core_radius_A());
  m.set("sim.film.fraction_untilted", film.fraction_untilted());
  for (const auto& [el, s] : r.sigma_A2) m.set("sim.sigma_A2." + el, s);
  m.set("model.atoms", std::int64_t(model.size()));
  add_truth_metadata(m, r.plan, r.truth, c.tilts.frames_per_tilt);
  return m;
}

}  // namespace

SimResult simulate(const AtomModel& model, const SimConfig& config, boost::random::mt19937& rng,
                   const Progress& progress) {
  validate(config);
  if (model.empty()) throw Error("simulate: the atom model is empty");
  model.validate("simulate: atom model");

  SimResult r;
  const SimConfig& c = config;
  const int nt = tilt_count(c.tilts), nf = c.tilts.frames_per_tilt, nframes = nt * nf;
  const std::size_t npix = std::size_t(c.ny) * std::size_t(c.nx);

  std::vector<double> sigma = atom_cross_sections(model, c, r.sigma_A2);
  std::vector<double> rms = thermal_rms_per_atom(model.species(), c.thermal);
  const ProbeProfile probe(c.probe);
  const ProbeTail tail(probe, c.ny, c.nx, c.pixel_A);
  r.probe_fwhm_A = probe.fwhm_A();
  r.plan = plan_tilts(c.tilts);

  // Series-wide random draws, in a fixed order.
  r.truth = draw_misalignment(c.misalignment, r.plan, rng);
  double zmin = model.positions()[0].z();
  for (const auto& p : model.positions()) zmin = std::min(zmin, p.z());
  const SupportFilm film(c.film, c.probe.voltage_kV, c.detector, zmin - 1.5 - 0.5 * c.film.thickness_A, rng);
  const std::uint32_t key0 = rng(), key1 = rng();

  const double electrons = electrons_per_pixel(c);
  TiltGeometry frame_geometry;
  frame_geometry.images.resize(std::size_t(nframes));
  for (int n = 0; n < nframes; ++n)
    frame_geometry.images[std::size_t(n)] = true_geometry(r.truth, r.plan, n / nf, double(n % nf));

  const FrameScene scene{std::move(sigma), std::move(rms), probe, tail, film, key0, key1, electrons,
                         column_saturation_signal(c, probe.peak())};
  std::vector<float> frames = render_frames(model, c, scene, frame_geometry, progress);
  std::vector<float> mean = average_frames(frames, nt, nf, npix);

  r.metadata = simulation_metadata(model, c, r, probe, film, electrons);
  const Metadata& m = r.metadata;
  r.series = TiltSeries(c.ny, c.nx, c.pixel_A, TiltGeometry::from_tilts(r.plan.angles_deg), std::move(mean));
  // The averaged series is what an experimenter has: parameters, no truth.
  for (const auto& [key, value] : m)
    if (key.rfind("truth.", 0) != 0) r.series.metadata().set(key, value);
  r.series.metadata().set("content", "frames averaged per tilt (not registered); nominal angles");
  r.frames = TiltSeries(c.ny, c.nx, c.pixel_A, std::move(frame_geometry), std::move(frames));
  r.frames.metadata() = m;
  r.frames.metadata().set("content", "every frame (tilt k, frame f at k * frames_per_tilt + f); true geometry");
  return r;
}

SimResult simulate(const AtomModel& model, const SimConfig& config, std::uint64_t seed, const Progress& progress) {
  boost::random::mt19937 rng(static_cast<std::uint32_t>(seed ^ (seed >> 32)));
  SimResult r = simulate(model, config, rng, progress);
  for (Metadata* m : {&r.metadata, &r.series.metadata(), &r.frames.metadata()}) m->set("seed", seed);
  return r;
}

}  // namespace aet::sim
