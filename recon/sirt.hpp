#pragma once
// SIRT, the baseline: x ← x + λ C Πᵀ R (b − Π x), with R = 1 / (row sums of
// Π) and C = 1 / (column sums), optional positivity.
#include <span>

#include "recon/iterative.hpp"
#include "recon/projector.hpp"

namespace aet::recon {

struct SirtOptions {
  double relaxation = 1.0;  ///< λ, in (0, 2)
  bool positivity = true;
};

Report sirt(const Projector& op, std::span<const float> measured, std::span<float> volume,
            const SirtOptions& options, const StopCriteria& stop);

}  // namespace aet::recon
