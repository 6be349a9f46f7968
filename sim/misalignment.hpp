#pragma once
// The misalignment an acquisition suffers, drawn once per series and kept as
// the truth that alignment is scored against:
//  - a fixed in-plane rotation phi0 of the tilt axis: image k sees the
//    specimen through R = Rz(phi0) Ry(theta_k) Rz(-phi0) (ZYZ Euler angles
//    (phi0, theta_k, -phi0), core/geometry.hpp), i.e. the tilt axis lies at
//    phi0 from the image's y axis;
//  - a random error of each tilt angle: theta_k = nominal_k + error_k;
//  - a random shift of each tilt (recentring error), in pixels;
//  - linear stage drift between the frames of a tilt, in pixels per frame:
//    frame f of tilt k is shifted by shift_k + f drift_k; the drift velocity
//    follows the acquisition order as an AR(1) process (correlation rho);
//  - scan-row jitter (drawn per frame when rendering, sim/simulate.cpp).
#include <array>
#include <boost/random/mersenne_twister.hpp>
#include <vector>

#include "core/geometry.hpp"
#include "sim/config.hpp"
#include "sim/tilt_scheme.hpp"

namespace aet::sim {

struct TrueMisalignment {
  double axis_rotation_deg = 0.0;
  std::vector<double> angle_error_deg;                 ///< per section
  std::vector<std::array<double, 2>> shift_px;         ///< per section (x, y), frame 0
  std::vector<std::array<double, 2>> drift_px_per_frame;  ///< per section (x, y)
};

/// `config` with every misalignment scaled by `factor` (>= 0): shifts,
/// drift, axis rotation, angle errors and scan jitter; the drift's
/// correlation is kept. 0 gives a perfectly aligned series; 1 returns
/// `config` unchanged.
MisalignmentConfig scale_misalignment(const MisalignmentConfig& config, double factor);

/// Draws the misalignment of every section from `rng` (serially, in acquisition order).
TrueMisalignment draw_misalignment(const MisalignmentConfig& config, const TiltPlan& plan,
                                   boost::random::mt19937& rng);

/// The true geometry of a frame of `section` at (fractional) frame index
/// `frame`: Euler angles (phi0, nominal + error, -phi0) and the drifted shift.
/// The average of frames 0..F-1 has frame = (F - 1) / 2.
ImageGeometry true_geometry(const TrueMisalignment& truth, const TiltPlan& plan, int section, double frame);

}  // namespace aet::sim
