#pragma once
// Position refinement (the AET "refinement" step): every traced
// atom's position (and its own amplitude, which absorbs its species' peak
// height) refined against the measured projections, not the
// reconstruction, by minimising the squared residual of the atomic model's
// projections, with the atoms' common projected profile (a sum of Gaussians,
// weights fitted: width per species is not assumed) re-fitted each round.
// The fit is recon/atomic_refinement's bundle adjustment with the images'
// geometry held fixed (it was refined before the reconstruction).
#include <cstddef>
#include <vector>

#include "core/atom_model.hpp"
#include "core/tilt_series.hpp"
#include "recon/atomic_refinement.hpp"

namespace aet::tracing {

struct PositionRefinementOptions {
  int rounds = 3;  ///< alternations of profile fit and atom fit
  int gauss_newton_steps = 3;
  /// A refined atom moving further than this from its traced position is a
  /// failed fit (e.g. two atoms collapsing): it keeps its traced position.
  double max_move_A = 0.5;
};

struct PositionRefinementReport {
  std::vector<double> residual_per_round;  ///< Σ (model − b)² / Σ b²
  double mean_move_A = 0.0, max_move_A = 0.0;  ///< of the accepted moves
  std::size_t kept_traced = 0;  ///< atoms whose refined position was refused
};

/// Refines `atoms` (positions in Å, volume-centre frame) in place against
/// `series` (the pre-processed images with their final geometry, as
/// recon::Reconstruction::series holds them); adds a column "amplitude".
/// Throws aet::Error on no atoms.
PositionRefinementReport refine_positions(AtomModel& atoms, const TiltSeries& series,
                                          const PositionRefinementOptions& options = {});

}  // namespace aet::tracing
