#pragma once
// The in-plane angle of the tilt axis, and the images turned so that it is
// their y axis (pre-processing, before the alignment, which assumes the axis
// along y).
//
// Angle: phi, the tilt axis's direction (-sin phi, cos phi) in the image,
// i.e. phi from the image's y axis towards -x, counterclockwise positive
// with x to the right and y up. This is IMOD's "tilt axis rotation angle"
// (angle from the vertical, counterclockwise positive) and the project's
// ZYZ Euler angle phi of an image seen as (phi, theta, -phi)
// (docs/conventions.md, sim/misalignment.hpp).
//
// Estimate: self-consistency of the reconstruction. For a trial angle the
// images (aligned once, centre of mass and common line, the shifts turned
// with them) are turned by it, binned and reconstructed by a short RESIRE
// from zero on one fixed grid; the cost is
// the relative residual Σ (Π O − b)² / Σ b². With the wrong axis, no single
// object explains every image (the error is an in-plane rotation of each
// image about a tilt-dependent axis, first order in the angle error, and
// grows with the tilt), so the cost is smallest at the axis. A coarse scan
// of ±search_deg, a fine one about its minimum, a least-squares parabola
// through the fine scan; its uncertainty is the least-squares one,
// sqrt(ρ_min / (N c2)) for N pixels and curvature c2 (it ignores the noise
// the reconstruction fits, so it is a lower bound).
//
// Run it on denoised, background-subtracted images (the pipeline's order):
// on a simulated small particle at the paper's dose the raw images put it
// 0.4° off a 2° axis, the denoised ones 0.04°.
//
// (The common line alone, the images' profiles along the axis, is blind to
// first order in the angle for a particle whose slices are centred on the
// axis, as a faceted nanoparticle's are.)
//
// Frame: with the images turned by -phi, the reconstruction is the specimen
// in the axis frame, r' = Rz(-phi) r; the input's frame is r = Rz(phi) r'.
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "core/tilt_series.hpp"

namespace aet::recon {

struct TiltAxisOptions {
  /// The angle given (deg, convention above): used as it is, not estimated.
  std::optional<double> given_deg;
  double search_deg = 4.0;        ///< estimate within ±this
  double coarse_step_deg = 1.0;    ///< coarse scan step
  /// Fine scan step, over ±one coarse step about the coarse minimum: 5
  /// trials for the parabola (0.25, 9 trials, moved small-to's 1.5° and 3°
  /// estimates by < 0.03° and cost 1.8x).
  double fine_step_deg = 0.5;
  /// Every trial's reconstruction on images binned this much. 4 for the
  /// coarse scan (1/8 of a trial's cost) lost the axis on every paper-scale
  /// model: at 1.37 Å pixels the minimum went to the search's edge (pb, PB,
  /// TO, EPB; EPB then recall 0.84).
  int binning = 2;
  int binned_min_px = 64;          ///< less binning where the binned images would be narrower than this
  int iterations = 30;             ///< RESIRE iterations (with momentum) of each trial
  /// An estimate within this many of its own standard errors of zero, or
  /// below min_deg, is taken as zero: the images are left as they are. The
  /// least-squares error understates the scatter (on simulated small
  /// particles at the paper's dose the estimate is off by up to ~0.08°, its
  /// stated error ~0.01°), so min_deg is what keeps a zero axis at zero:
  /// with one alignment for every trial (tilt_axis.cpp) small-to's 0° axis
  /// reads -0.105°, so 0.15°.
  double min_significance = 3.0;
  double min_deg = 0.15;
};

struct TiltAxisReport {
  std::string source;  ///< "estimated" or "given"
  double deg = 0.0;    ///< the angle the images were turned by (its negative); 0: not turned
  double estimated_deg = 0.0;    ///< the estimator's value (the given one when given)
  double uncertainty_deg = 0.0;  ///< its least-squares standard error (0 when given)
  bool applied = false;          ///< whether the images were turned
  /// The estimate was refused: its minimum at the search's edge or no
  /// minimum at all (the images are left as they are; the reason says so).
  bool refused = false;
  std::string reason;
  /// The estimate's minimum lies at the search's edge, or the cost has none.
  bool at_edge = false;
  /// Every trial angle and its cost, in the order tried.
  std::vector<double> trial_deg, cost;
};

/// Throws aet::Error (one line) unless `deg` is a finite angle within ±90°.
void check_tilt_axis_deg(double deg, const std::string& what);

/// The estimate of the axis angle of `series` (unchanged).
TiltAxisReport estimate_tilt_axis(const TiltSeries& series, const TiltAxisOptions& options = {});

/// Every image resampled so that the axis at `deg` becomes its y axis:
/// out(w) = in(Rz(deg) w) about the image centre (three shears, each a
/// Fourier shift of rows or columns: exact for band-limited images), and
/// each image's shift turned alike. 0: unchanged.
void turn_to_axis_frame(TiltSeries& series, double deg);

/// The step: the given angle or the estimate (zero when not significant),
/// the images turned by it.
TiltAxisReport tilt_axis_step(TiltSeries& series, const TiltAxisOptions& options = {});

/// Rz(deg): maps the axis frame's positions back to the input's frame.
Mat3 axis_frame_rotation(double deg);

}  // namespace aet::recon
