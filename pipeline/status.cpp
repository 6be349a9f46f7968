// The run's status (pipeline/status.hpp).
#include "pipeline/status.hpp"

#include <fmt/format.h>

#include <cmath>

namespace aet::pipeline {

RunStatus assess_run(const recon::Reconstruction& rec, const recon::EdgeCheck& edge, const StatusOptions& o) {
  RunStatus s;
  s.r_factor = rec.report.r_factor;
  s.expected_r_factor = rec.noise.expected_r_factor;
  if (s.expected_r_factor > 0) s.r_ratio = s.r_factor / s.expected_r_factor;
  // Not finite (NaN from broken data) fails the test as well as too high.
  if (s.expected_r_factor > 0 && !(s.r_ratio <= o.max_r_ratio) && !(s.r_factor < o.min_r_factor))
    s.reasons.push_back(fmt::format("r_factor: R = {:.4f} is {:.1f} x the {:.4f} the images' noise allows (limit {:g} x, "
                                    "above R {:g}): the reconstruction does not explain the images",
                                    s.r_factor, s.r_ratio, s.expected_r_factor, o.max_r_ratio, o.min_r_factor));
  if (o.flag_edge && edge.touches())
    s.reasons.push_back(fmt::format("particle_at_edge: the particle reaches the image edge in {} of {} images "
                                    "(first: image {}): no background there to estimate",
                                    edge.images_at_edge.size(), edge.images, edge.images_at_edge.front()));
  if (!s.reasons.empty()) s.status = "suspect";
  return s;
}

}  // namespace aet::pipeline
