#pragma once
// RESIRE, the real-space iterative reconstruction of Pham et al. (Sci. Rep.
// 2023): gradient descent on ε(O) = ½ Σθ ||Πθ(O) − bθ||²,
//   O ← O − (t / λ) · Σθ Πθᵀ (Πθ O − bθ),
// then positivity and an optional support each iteration. The step t is
// normalised by λ, the largest eigenvalue of ΠᵀΠ (power iteration, 10
// steps from a constant volume), so 0 < t < 2 converges. λ is what the
// paper's normalisation by the number of projections and the size
// approximates: measured λ ≈ 0.69 · Nθ · L for single-axis series of
// ±60–72° (L the longest ray through the volume); normalising by Nθ · L
// instead wastes a third of every step.
#include <cstdint>
#include <span>
#include <vector>

#include "recon/iterative.hpp"
#include "recon/projector.hpp"

namespace aet::recon {

struct ResireOptions {
  double step = 1.8;      ///< t in (0, 2)
  bool positivity = true;  ///< O ← max(O, 0) each iteration
  /// Nesterov's momentum (FISTA): the gradient step is taken from the
  /// extrapolation y = x_k + β_k (x_k − x_{k−1}), β_k = (τ_k − 1)/τ_{k+1},
  /// restarted (τ = 1) whenever the step turns against the momentum
  /// (O'Donoghue & Candès' gradient test). Same fixed point as the plain
  /// update (the constrained least-squares minimiser), reached in far
  /// fewer iterations: the plain update's error falls as 1/k, FISTA's as 1/k².
  /// The step is then min(t, 1).
  bool accelerate = false;
  /// Optional support in the projector's internal volume layout: voxels
  /// where it is 0 are held at zero. Empty: no support.
  std::vector<std::uint8_t> support;
};

/// Runs RESIRE from the initial volume `volume` (internal layout, updated in
/// place) against the measured images (TiltSeries layout).
Report resire(const Projector& op, std::span<const float> measured, std::span<float> volume,
              const ResireOptions& options, const StopCriteria& stop);

/// λ, the largest eigenvalue of ΠᵀΠ, by `iterations` power iterations
/// from a constant volume (a lower bound that converges from below; the
/// constant volume is close to the top eigenvector, 10 steps give ~1 %).
double largest_eigenvalue(const Projector& op, int iterations = 10);

}  // namespace aet::recon
