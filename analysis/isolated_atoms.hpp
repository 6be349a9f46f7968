#pragma once
// Isolated atoms: Pd atoms and Pd clusters not connected (through Pd-Pd
// first-shell bonds) to the Pd core, the largest Pd cluster; likewise Pt
// atoms and clusters not connected to the Pt shell. Cluster sizes as a
// histogram and each cluster's distance to the middle of the interface.
#include <map>
#include <vector>

#include "core/neighbours.hpp"
#include "core/atom_model.hpp"

namespace aet::analysis {

struct IsolatedCluster {
  std::vector<std::uint32_t> atoms;
  double interface_depth_A = 0.0;  ///< mean signed depth from the middle of the interface
};

struct IsolatedSpecies {
  std::size_t main_cluster_atoms = 0;     ///< the core (Pd) or shell (Pt)
  std::vector<IsolatedCluster> clusters;  ///< the others, largest first
  std::map<std::size_t, std::size_t> size_histogram;  ///< cluster size -> count
  std::size_t isolated_atoms = 0;
  double single_fraction = 0.0;           ///< single atoms among the clusters
};

struct IsolatedReport {
  IsolatedSpecies pd;
  IsolatedSpecies pt;
  std::vector<std::uint8_t> isolated;  ///< per atom: in a cluster other than its species' main one
};

/// interface_depth_A: per-atom signed depth from the middle of the interface
/// (may be empty: depths then NaN).
IsolatedReport isolated_atoms(const AtomModel& model, const NeighbourList& neighbours,
                              const std::vector<double>& interface_depth_A = {});

}  // namespace aet::analysis
