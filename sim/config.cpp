#include "sim/config.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace aet::sim {

SimConfig paper_preset() {
  SimConfig c;  // optics, detector, pixel, dose, angles and film: the defaults above are the paper's
  c.detector.gain = 1.0;
  c.detector.read_noise = 0.3;  // a fraction of one electron per pixel, as for a scintillator/PMT ADF detector
  // Misalignment of the size an experiment leaves before alignment: a few
  // pixels of recentring error, sub-pixel drift between 2 µs-dwell frames,
  // a small axis rotation and a few tenths of a degree of goniometer error.
  c.misalignment.shift_rms_px = 3.0;
  c.misalignment.drift_rms_px_per_frame = 0.3;
  c.misalignment.drift_correlation = 0.8;
  c.misalignment.axis_rotation_deg = 0.5;
  c.misalignment.angle_error_rms_deg = 0.3;
  c.misalignment.scan_jitter_rms_px = 0.05;
  return c;
}

SimConfig ideal_preset() {
  SimConfig c;
  c.detector.shot_noise = false;
  c.detector.read_noise = 0.0;
  c.thermal.enabled = false;
  c.film.enabled = false;
  c.misalignment = MisalignmentConfig{};
  return c;
}

namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw Error(message);
}

bool finite(double v) { return std::isfinite(v); }

}  // namespace

void validate(const SimConfig& c) {
  require(c.nx >= 8 && c.ny >= 8 && c.nx <= limits::kMaxSidePx && c.ny <= limits::kMaxSidePx,
          fmt::format("image size {} x {} (ny x nx): each side must be 8 to {} pixels", c.ny, c.nx,
                      limits::kMaxSidePx));
  require(finite(c.pixel_A) && c.pixel_A >= limits::kMinPixel_A && c.pixel_A <= limits::kMaxPixel_A,
          fmt::format("pixel size {} Å: must be {:g} to {:g}", c.pixel_A, limits::kMinPixel_A, limits::kMaxPixel_A));
  require(finite(c.dose_e_per_A2) && c.dose_e_per_A2 > 0.0,
          fmt::format("dose {} e/Å²: must be > 0 and finite", c.dose_e_per_A2));

  const ProbeConfig& p = c.probe;
  require(finite(p.voltage_kV) && p.voltage_kV > 0.0, fmt::format("voltage {} kV: must be > 0", p.voltage_kV));
  require(finite(p.convergence_mrad) && p.convergence_mrad > 0.0 && p.convergence_mrad < 200.0,
          fmt::format("convergence semi-angle {} mrad: must be in (0, 200)", p.convergence_mrad));
  require(finite(p.defocus_A) && finite(p.c3_mm) && finite(p.c5_mm), "probe aberrations must be finite");
  require(finite(p.source_fwhm_A) && p.source_fwhm_A >= 0.0 && p.source_fwhm_A < 10.0,
          fmt::format("source size {} Å: must be in [0, 10)", p.source_fwhm_A));
  // Half the intensity in the skirt is a probe no microscopist would image with.
  require(finite(p.source_tail_fraction) && p.source_tail_fraction >= 0.0 && p.source_tail_fraction <= 0.5,
          fmt::format("source tail fraction {}: must be in [0, 0.5]", p.source_tail_fraction));
  require(finite(p.source_tail_fwhm_A) && p.source_tail_fwhm_A > 0.0 && p.source_tail_fwhm_A < 10.0,
          fmt::format("source tail size {} Å: must be in (0, 10)", p.source_tail_fwhm_A));

  const DetectorConfig& d = c.detector;
  require(finite(d.inner_mrad) && finite(d.outer_mrad) && d.inner_mrad > 0.0 && d.outer_mrad > d.inner_mrad,
          fmt::format("detector {}-{} mrad: need 0 < inner < outer", d.inner_mrad, d.outer_mrad));
  require(d.outer_mrad <= 600.0, fmt::format("detector outer angle {} mrad: at most 600", d.outer_mrad));
  require(finite(d.z_exponent) && d.z_exponent > 0.0 && d.z_exponent <= 2.0,
          fmt::format("Z exponent {}: must be in (0, 2]", d.z_exponent));
  require(finite(d.gain) && d.gain > 0.0, fmt::format("detector gain {}: must be > 0", d.gain));
  require(finite(d.read_noise) && d.read_noise >= 0.0, fmt::format("read noise {}: must be >= 0", d.read_noise));

  for (const auto& [el, rms] : c.thermal.rms_A)
    require(finite(rms) && rms >= 0.0 && rms < 1.0,
            fmt::format("thermal rms of {} = {} Å: must be in [0, 1)", el, rms));

  // Below one atom's worth a single atom would already be saturated: no column response models that.
  require(finite(c.column.saturation_atoms) && (c.column.saturation_atoms == 0.0 || c.column.saturation_atoms >= 1.0),
          fmt::format("column saturation {} atoms: must be 0 (linear) or >= 1", c.column.saturation_atoms));

  const TiltSchemeConfig& t = c.tilts;
  require(t.frames_per_tilt >= 1 && t.frames_per_tilt <= 1000,
          fmt::format("frames per tilt {}: must be 1 to 1000", t.frames_per_tilt));
  if (t.angles_deg.empty()) {
    require(t.n_tilts >= 1 && t.n_tilts <= limits::kMaxImages,
            fmt::format("number of tilts {}: must be 1 to {}", t.n_tilts, limits::kMaxImages));
    require(finite(t.min_deg) && finite(t.max_deg) && t.min_deg <= t.max_deg,
            fmt::format("tilt range {}..{}°: need min <= max", t.min_deg, t.max_deg));
    require(std::fabs(t.min_deg) < 90.0 && std::fabs(t.max_deg) < 90.0,
            fmt::format("tilt range {}..{}°: angles must lie within ±90° (exclusive)", t.min_deg, t.max_deg));
    require(t.n_tilts > 1 || t.min_deg == t.max_deg,
            fmt::format("tilt range {}..{}° with one tilt: give equal ends", t.min_deg, t.max_deg));
  } else {
    for (double a : t.angles_deg)
      require(finite(a) && std::fabs(a) < 90.0, fmt::format("tilt angle {}°: must lie within ±90° (exclusive)", a));
  }

  // Every frame is kept (the HDF5 output holds them all).
  const double frames = double(tilt_count(t)) * t.frames_per_tilt;
  require(frames <= limits::kMaxImages && frames * c.nx * c.ny <= double(limits::kMaxElements),
          fmt::format("{} tilts x {} frames of {} x {} pixels: more than {} images or {} pixels in all", tilt_count(t),
                      t.frames_per_tilt, c.ny, c.nx, limits::kMaxImages, limits::kMaxElements));

  const MisalignmentConfig& m = c.misalignment;
  for (auto [name, v] : {std::pair{"shift rms", m.shift_rms_px}, std::pair{"drift rms", m.drift_rms_px_per_frame},
                         std::pair{"angle error rms", m.angle_error_rms_deg},
                         std::pair{"scan jitter rms", m.scan_jitter_rms_px}})
    require(finite(v) && v >= 0.0, fmt::format("misalignment {} {}: must be >= 0", name, v));
  require(finite(m.drift_correlation) && m.drift_correlation >= 0.0 && m.drift_correlation < 1.0,
          fmt::format("drift correlation {}: must be in [0, 1)", m.drift_correlation));
  require(finite(m.axis_rotation_deg) && std::fabs(m.axis_rotation_deg) <= 45.0,
          fmt::format("tilt-axis rotation {}°: must be within ±45°", m.axis_rotation_deg));

  const SupportFilmConfig& f = c.film;
  require(finite(f.thickness_A) && f.thickness_A >= 0.0 && f.thickness_A < 1e4,
          fmt::format("film thickness {} Å: must be in [0, 1e4)", f.thickness_A));
  require(finite(f.density_g_cm3) && f.density_g_cm3 >= 0.0,
          fmt::format("film density {} g/cm³: must be >= 0", f.density_g_cm3));
  require(finite(f.roughness) && f.roughness >= 0.0 && f.roughness <= 1.0,
          fmt::format("film roughness {}: must be in [0, 1]", f.roughness));
  require(finite(f.correlation_A) && f.correlation_A > 0.0,
          fmt::format("film correlation length {} Å: must be > 0", f.correlation_A));
}

Metadata to_metadata(const SimConfig& c) {
  Metadata m;
  m.set("sim.nx", c.nx);
  m.set("sim.ny", c.ny);
  m.set("sim.pixel_A", c.pixel_A);
  m.set("sim.dose_e_per_A2", c.dose_e_per_A2);
  m.set("sim.dose_per_frame_e_per_A2", dose_per_frame_e_per_A2(c));
  m.set("sim.probe.voltage_kV", c.probe.voltage_kV);
  m.set("sim.probe.convergence_mrad", c.probe.convergence_mrad);
  m.set("sim.probe.defocus_A", c.probe.defocus_A);
  m.set("sim.probe.c3_mm", c.probe.c3_mm);
  m.set("sim.probe.c5_mm", c.probe.c5_mm);
  m.set("sim.probe.source_fwhm_A", c.probe.source_fwhm_A);
  if (c.probe.source_tail_fraction > 0.0) {  // absent: no tail (so a default run's files are as before)
    m.set("sim.probe.source_tail_fraction", c.probe.source_tail_fraction);
    m.set("sim.probe.source_tail_fwhm_A", c.probe.source_tail_fwhm_A);
  }
  m.set("sim.detector.inner_mrad", c.detector.inner_mrad);
  m.set("sim.detector.outer_mrad", c.detector.outer_mrad);
  m.set("sim.detector.model", to_string(c.detector.model));
  m.set("sim.detector.z_exponent", c.detector.z_exponent);
  m.set("sim.detector.gain", c.detector.gain);
  m.set("sim.detector.read_noise", c.detector.read_noise);
  m.set("sim.detector.shot_noise", c.detector.shot_noise ? "true" : "false");
  m.set("sim.thermal.enabled", c.thermal.enabled ? "true" : "false");
  for (const auto& [el, rms] : c.thermal.rms_A) m.set("sim.thermal.rms_A." + el, rms);
  m.set("sim.tilts.min_deg", c.tilts.min_deg);
  m.set("sim.tilts.max_deg", c.tilts.max_deg);
  m.set("sim.tilts.n_tilts", tilt_count(c.tilts));
  if (!c.tilts.angles_deg.empty()) m.set("sim.tilts.angles_deg", c.tilts.angles_deg);
  m.set("sim.tilts.order", to_string(c.tilts.order));
  m.set("sim.tilts.frames_per_tilt", c.tilts.frames_per_tilt);
  m.set("sim.misalignment.shift_rms_px", c.misalignment.shift_rms_px);
  m.set("sim.misalignment.drift_rms_px_per_frame", c.misalignment.drift_rms_px_per_frame);
  m.set("sim.misalignment.drift_correlation", c.misalignment.drift_correlation);
  m.set("sim.misalignment.axis_rotation_deg", c.misalignment.axis_rotation_deg);
  m.set("sim.misalignment.angle_error_rms_deg", c.misalignment.angle_error_rms_deg);
  m.set("sim.misalignment.scan_jitter_rms_px", c.misalignment.scan_jitter_rms_px);
  m.set("sim.film.enabled", c.film.enabled ? "true" : "false");
  m.set("sim.film.thickness_A", c.film.thickness_A);
  m.set("sim.film.density_g_cm3", c.film.density_g_cm3);
  m.set("sim.film.roughness", c.film.roughness);
  m.set("sim.film.correlation_A", c.film.correlation_A);
  // Only when on: a linear run's metadata (and files) stay as they were before the step existed.
  if (c.column.saturation_atoms > 0.0) m.set("sim.column.saturation_atoms", c.column.saturation_atoms);
  return m;
}

std::string to_string(TiltOrder order) {
  switch (order) {
    case TiltOrder::Sequential: return "sequential";
    case TiltOrder::Bidirectional: return "bidirectional";
    case TiltOrder::DoseSymmetric: return "dose-symmetric";
  }
  return "?";
}

TiltOrder parse_tilt_order(const std::string& name) {
  if (name == "sequential") return TiltOrder::Sequential;
  if (name == "bidirectional") return TiltOrder::Bidirectional;
  if (name == "dose-symmetric") return TiltOrder::DoseSymmetric;
  throw Error(fmt::format("tilt order '{}': expected sequential, bidirectional or dose-symmetric", name));
}

std::string to_string(AdfModel model) { return model == AdfModel::Kirkland ? "kirkland" : "power-law"; }

AdfModel parse_adf_model(const std::string& name) {
  if (name == "kirkland") return AdfModel::Kirkland;
  if (name == "power-law") return AdfModel::PowerLaw;
  throw Error(fmt::format("ADF model '{}': expected kirkland or power-law", name));
}

int tilt_count(const TiltSchemeConfig& t) {
  return t.angles_deg.empty() ? t.n_tilts : static_cast<int>(t.angles_deg.size());
}

double dose_per_frame_e_per_A2(const SimConfig& c) {
  return c.dose_e_per_A2 / (double(tilt_count(c.tilts)) * double(c.tilts.frames_per_tilt));
}

}  // namespace aet::sim
