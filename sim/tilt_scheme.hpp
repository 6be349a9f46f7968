#pragma once
// Tilt scheme: which nominal angles, and in which order they are acquired.
// Sections (images in the output) are in ascending angle for a range, or in
// the given order for an explicit list; the acquisition order only decides
// the sequence in which the stage drift evolves (sim/misalignment.cpp).
//   sequential:     lowest to highest angle;
//   bidirectional:  from the angle nearest 0° up to the highest, then from
//                   the next below the start down to the lowest;
//   dose-symmetric: nearest 0° first, then alternately the next higher and
//                   the next lower (Hagen, Wan & Briggs, J. Struct. Biol. 197
//                   (2017) 191).
#include <vector>

#include "sim/config.hpp"

namespace aet::sim {

struct TiltPlan {
  std::vector<double> angles_deg;  ///< nominal angle of each section
  std::vector<int> acquisition;    ///< acquisition[n] = the section acquired n-th
};

/// Throws aet::Error on a bad tilt config (see validate()).
TiltPlan plan_tilts(const TiltSchemeConfig& config);

}  // namespace aet::sim
