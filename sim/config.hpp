#pragma once
// Configuration of the ADF-STEM tilt-series simulator: one validated
// aggregate, grouped by physical step, units in the names (Å, degrees, mrad,
// kV, electrons). Nothing in sim/ mutates a config; derived quantities come
// from pure functions (electron_wavelength_A, dose_per_frame_e_per_A2, ...).
//
// The `paper_preset()` values are those of the paper's Methods and
// Supplementary Table 2 (PB particle): 300 kV, 30 mrad convergence, 0.8 Å
// probe, ADF detector 39.4-200 mrad, 0.343 Å pixels, 67 images over ±76°,
// 6.4e5 e/Å² in total, three frames per tilt, 7 nm silicon nitride support.
#include <map>
#include <string>
#include <vector>

#include "core/metadata.hpp"

namespace aet::sim {

/// Electron probe (sim/probe.cpp). Aberrations are round: defocus, C3, C5.
struct ProbeConfig {
  double voltage_kV = 300.0;
  double convergence_mrad = 30.0;  ///< aperture semi-angle
  double defocus_A = 0.0;          ///< C1 (positive = underfocus, Kirkland's sign)
  double c3_mm = 0.0;              ///< third-order spherical aberration
  double c5_mm = 0.0;              ///< fifth-order spherical aberration
  /// FWHM of the Gaussian effective source (demagnified source, vibrations).
  /// 0.72 Å with the 0.34 Å diffraction-limited probe gives the paper's 0.8 Å.
  double source_fwhm_A = 0.72;
  /// A broad component of the effective source: a fraction of the intensity
  /// spread by a second, wider Gaussian (FWHM source_tail_fwhm_A). Measured
  /// sources are not Gaussian: they carry a Lorentzian-like skirt, and
  /// chromatic blur (an incoherent sum over defocus) adds a halo around the
  /// probe. Such a skirt puts signal between atoms. 0: none (the default).
  double source_tail_fraction = 0.0;
  double source_tail_fwhm_A = 3.0;
};

/// How an atom's ADF scattering strength is computed (sim/adf_cross_section.cpp).
enum class AdfModel {
  Kirkland,  ///< |f(q)|² of Kirkland's parameterisation integrated over the detector
  PowerLaw,  ///< sigma = sigma_Kirkland(Pt) * (Z / 78)^z_exponent
};

struct DetectorConfig {
  double inner_mrad = 39.4;
  double outer_mrad = 200.0;
  AdfModel model = AdfModel::Kirkland;
  double z_exponent = 1.7;  ///< used by AdfModel::PowerLaw only
  /// Detector gain (output units per detected electron) and Gaussian read
  /// noise (output units, rms per pixel per frame).
  double gain = 1.0;
  double read_noise = 0.0;
  /// Poisson shot noise on; off gives the expected signal (for checks).
  bool shot_noise = true;
};

/// Frozen-phonon displacements (sim/thermal_motion.cpp): a fresh isotropic
/// Gaussian displacement per atom and frame, rms per Cartesian component.
struct ThermalConfig {
  bool enabled = true;
  /// Per-element rms in Å; elements not listed use default_thermal_rms_A().
  std::map<std::string, double> rms_A;
};

enum class TiltOrder { Sequential, Bidirectional, DoseSymmetric };

/// Tilt scheme (sim/tilt_scheme.cpp): `n_tilts` evenly spaced angles from
/// `min_deg` to `max_deg`, or the explicit list `angles_deg` when not empty.
struct TiltSchemeConfig {
  double min_deg = -76.0;
  double max_deg = 76.0;
  int n_tilts = 67;
  std::vector<double> angles_deg;
  TiltOrder order = TiltOrder::Sequential;
  int frames_per_tilt = 3;
};

/// Misalignment drawn per series (sim/misalignment.cpp); all rms values are
/// of a zero-mean Gaussian. Zero everywhere gives a perfectly aligned series.
struct MisalignmentConfig {
  double shift_rms_px = 0.0;          ///< random shift of each tilt (x and y each)
  double drift_rms_px_per_frame = 0.0;  ///< linear stage drift between frames (x and y each)
  double drift_correlation = 0.8;     ///< drift of consecutive acquisitions, in [0, 1)
  double axis_rotation_deg = 0.0;     ///< in-plane rotation of the tilt axis (fixed offset)
  double angle_error_rms_deg = 0.0;   ///< random error of each tilt angle
  double scan_jitter_rms_px = 0.0;    ///< random x offset of each scan row
};

/// Sublinear column response (sim/column_response.hpp): the atoms' expected
/// signal saturates at about `saturation_atoms` Pt atoms' worth per column.
struct ColumnResponseConfig {
  /// N_sat: 0 is linear (the incoherent model, the default); ~50 mildly and
  /// ~5 strongly sublinear for the 10-30-atom columns of a 3-5 nm particle.
  double saturation_atoms = 0.0;
};

/// Amorphous support film under the particle (sim/support_film.cpp).
struct SupportFilmConfig {
  bool enabled = true;
  double thickness_A = 70.0;        ///< 7 nm SiN
  double density_g_cm3 = 3.0;       ///< amorphous Si3N4
  double roughness = 0.15;          ///< relative rms of the projected thickness
  double correlation_A = 20.0;      ///< correlation length of the thickness variation
};

struct SimConfig {
  int nx = 256, ny = 256;
  double pixel_A = 0.343;
  double dose_e_per_A2 = 6.4e5;  ///< total over the whole series (all tilts and frames)
  ProbeConfig probe;
  DetectorConfig detector;
  ThermalConfig thermal;
  TiltSchemeConfig tilts;
  MisalignmentConfig misalignment;
  SupportFilmConfig film;
  ColumnResponseConfig column;
};

/// The paper's acquisition (Methods, Supplementary Table 2) with moderate
/// misalignment, read noise and the 7 nm SiN film.
SimConfig paper_preset();
/// An ideal acquisition: paper optics and angles, no thermal motion, no
/// noise, no misalignment, no film. Useful for checks.
SimConfig ideal_preset();

/// Throws aet::Error with a one-line message naming the first bad value.
void validate(const SimConfig& config);

/// Every parameter as metadata (keys "sim.<group>.<name>").
Metadata to_metadata(const SimConfig& config);

std::string to_string(TiltOrder order);
/// "sequential", "bidirectional", "dose-symmetric"; anything else is an aet::Error.
TiltOrder parse_tilt_order(const std::string& name);
std::string to_string(AdfModel model);
AdfModel parse_adf_model(const std::string& name);

/// Electrons per Å² in one frame: the total dose spread evenly.
double dose_per_frame_e_per_A2(const SimConfig& config);
/// Number of tilt angles (explicit list or n_tilts).
int tilt_count(const TiltSchemeConfig& tilts);

}  // namespace aet::sim
