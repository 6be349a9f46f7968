#pragma once
// Coordination number (CN) per atom: its neighbours within the first-shell
// cut-off, in total and by species (CN-Pd, CN-Pt: the paper's CN-Pt_Pd is the
// Pd neighbours of a Pt atom, CN-Pd_Pt the Pt neighbours of a Pd atom).
#include <vector>

#include "core/neighbours.hpp"
#include "core/atom_model.hpp"

namespace aet::analysis {

struct Coordination {
  std::vector<int> cn;     ///< all neighbours
  std::vector<int> cn_pd;  ///< Pd neighbours
  std::vector<int> cn_pt;  ///< Pt neighbours
  double mean_cn = 0.0;
  /// histogram[c] = atoms with CN c (c = 0..max CN).
  std::vector<std::size_t> histogram;
};

/// Throws aet::Error when the neighbour list does not match the model.
Coordination coordination(const AtomModel& model, const NeighbourList& neighbours);

}  // namespace aet::analysis
