#pragma once
// Bond lengths: every first-shell pair, overall and per pair type
// ("Pd-Pd", "Pd-Pt", "Pt-Pt": species sorted), their distributions, the same
// restricted to the interface (both atoms' depths inside it), and the mean
// versus depth from the middle of the interface.
#include <map>
#include <string>
#include <vector>

#include "core/neighbours.hpp"
#include "core/atom_model.hpp"

namespace aet::analysis {

struct BondLengthOptions {
  double histogram_min_A = 2.2;
  double histogram_max_A = 3.4;
  double histogram_bin_A = 0.02;
  double depth_bin_A = 1.03;  ///< the paper's depth step
};

struct BondStats {
  std::size_t bonds = 0;
  double mean_A = 0.0;
  double std_A = 0.0;
  std::vector<std::size_t> histogram;  ///< bins from histogram_min_A
};

struct DepthBonds {
  double depth_A = 0.0;  ///< bin centre
  std::size_t bonds = 0;
  double mean_A = 0.0;
};

struct BondLengthReport {
  BondStats all;
  std::map<std::string, BondStats> by_pair;
  BondStats interface_all;
  std::map<std::string, BondStats> interface_by_pair;
  std::vector<DepthBonds> versus_depth;
  std::vector<double> atom_mean_A;  ///< per atom, mean of its bonds (NaN without)
};

/// interface_depth_A per atom (may be empty: no interface or depth statistics);
/// the interface is interface_lo_A <= depth <= interface_hi_A.
BondLengthReport bond_lengths(const AtomModel& model, const NeighbourList& neighbours,
                              const BondLengthOptions& options = {}, const std::vector<double>& interface_depth_A = {},
                              double interface_lo_A = 0.0, double interface_hi_A = 0.0);

}  // namespace aet::analysis
