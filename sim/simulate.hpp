#pragma once
// The forward simulator: a truth atom model in, the ADF-STEM tilt series an
// experiment would give out (docs/conventions.md frame: single-axis tilt
// about y, u = x cos t + z sin t, v = y; pixel (i, j) at x = (j - nx/2) p,
// y = (i - ny/2) p).
//
// Per frame (tilt k, frame f): fresh thermal displacements (thermal_motion),
// the atoms seen through the true rotation and shift (misalignment), each
// rendered with the probe at its sub-pixel position (adf_image, probe,
// adf_cross_section), the support film added (support_film), then dose and
// detector noise (dose_noise). Frames are averaged per tilt.
//
// Randomness: everything drawn per series (misalignment, film) comes from
// `rng` in a fixed order; then a 64-bit key is drawn and each frame gets its
// own engine seeded from (key, frame index), so the result does not depend on
// the number of OpenMP threads. Same seed -> same bytes.
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/atom_model.hpp"
#include "core/metadata.hpp"
#include "core/tilt_series.hpp"
#include "sim/config.hpp"
#include "sim/misalignment.hpp"
#include "sim/tilt_scheme.hpp"

namespace aet::sim {

struct SimResult {
  /// Frames averaged per tilt (plain mean, not registered), sections at the
  /// nominal angles with no shifts: what an experimenter has (series.mrc/.tlt).
  TiltSeries series;
  /// Every frame, frame f of section k at index k * frames_per_tilt + f, each
  /// with its TRUE geometry (Euler angles with axis rotation and angle error,
  /// drifted shift).
  TiltSeries frames;
  TiltPlan plan;
  TrueMisalignment truth;
  /// ADF cross-section per element (Å²) and the probe's FWHM (Å).
  std::map<std::string, double> sigma_A2;
  double probe_fwhm_A = 0.0;
  /// Parameters, derived values and the truth ("truth.*": per-section lists
  /// of true tilt, angle error, shift, drift, mean shift of the averaged
  /// frames, and the axis rotation). Also the frames' metadata; the averaged
  /// series gets all but "truth.*".
  Metadata metadata;
};

/// Called after each finished frame with (frames done, frames total), from
/// one thread at a time.
using Progress = std::function<void(int, int)>;

/// Throws aet::Error on an empty or invalid model and on a bad config.
SimResult simulate(const AtomModel& model, const SimConfig& config, boost::random::mt19937& rng,
                   const Progress& progress = {});
/// Seeds an mt19937 with `seed` and records it as metadata "seed".
SimResult simulate(const AtomModel& model, const SimConfig& config, std::uint64_t seed,
                   const Progress& progress = {});

}  // namespace aet::sim
