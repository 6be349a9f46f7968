#pragma once
// Whether a pipeline run has failed, judged from what it can see without a
// truth: "ok", or "suspect" with the reasons. A reconstruction whose final
// R-factor lies far above what the images' noise allows has left signal
// unexplained (wrong tilt angles or order, a wrong geometry, a particle that
// moved); one whose particle reaches the image edge had no background to
// estimate there. The status changes nothing the run produced.
#include <string>
#include <vector>

#include "recon/background.hpp"
#include "recon/reconstruct.hpp"

namespace aet::pipeline {

struct StatusOptions {
  /// "suspect" when the final R-factor exceeds this multiple of the one the
  /// noise alone leaves (recon::NoiseEstimate::expected_r_factor) and
  /// min_r_factor as well. A correct run sits above 1 at every dose: it
  /// also misses signal no volume explains (thermal motion differing frame
  /// by frame, scan jitter, drift within a tilt, the voxel grid), and
  /// without angular refinement the misalignment it leaves: up to about
  /// twice the noise's R. 3 leaves room above that; a series with shuffled
  /// tilt angles lies well above it at the paper's dose and a quarter of it,
  /// but below it at a tenth, where the noise is largest. The measured
  /// ratios are in the README.
  double max_r_ratio = 3.0;
  /// Never "suspect" on the R-factor below this. The signal a correct run
  /// cannot explain grows with the signal, not the noise: on a large
  /// particle at a high dose it is most of R and the ratio to the noise's
  /// R rises with the dose, while R itself stays well under this (correct
  /// paper-scale runs on the published PB and EPB end at 0.07-0.08). A
  /// failed reconstruction can end below 0.2: the published TO at the
  /// paper's acquisition ended at 0.179, 3.95 x its noise's R, recall 0.75.
  double min_r_factor = 0.1;
  /// "suspect" when the particle reaches the image edge in any image
  /// (recon::particle_at_edge).
  bool flag_edge = true;
};

struct RunStatus {
  std::string status = "ok";         ///< "ok" or "suspect"
  std::vector<std::string> reasons;  ///< each "<code>: <what>", codes r_factor, particle_at_edge
  double r_factor = 0.0;
  double expected_r_factor = 0.0;  ///< the noise's (0: no estimate)
  double r_ratio = 0.0;            ///< r_factor / expected_r_factor (0: no estimate)
  bool ok() const { return status == "ok"; }
};

/// The status of a run from its reconstruction and its edge check.
RunStatus assess_run(const recon::Reconstruction& reconstruction, const recon::EdgeCheck& edge,
                     const StatusOptions& options = {});

}  // namespace aet::pipeline
