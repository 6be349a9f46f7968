#include "analysis/isolated_atoms.hpp"

#include <algorithm>
#include <cmath>

namespace aet::analysis {

namespace {

IsolatedSpecies clusters_of(const AtomModel& model, const NeighbourList& nl, const std::string& symbol,
                            const std::vector<double>& depth, std::vector<std::uint8_t>& isolated) {
  const auto& sp = model.species();
  const std::size_t n = model.size();
  std::vector<char> seen(n, 0);
  std::vector<std::vector<std::uint32_t>> comps;
  for (std::size_t i = 0; i < n; ++i) {
    if (sp[i] != symbol || seen[i]) continue;
    std::vector<std::uint32_t> c{std::uint32_t(i)};
    seen[i] = 1;
    for (std::size_t k = 0; k < c.size(); ++k)
      for (const auto& nb : nl[c[k]])
        if (!seen[nb.atom] && sp[nb.atom] == symbol) {
          seen[nb.atom] = 1;
          c.push_back(nb.atom);
        }
    comps.push_back(std::move(c));
  }
  IsolatedSpecies s;
  if (comps.empty()) return s;
  std::stable_sort(comps.begin(), comps.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  s.main_cluster_atoms = comps[0].size();
  std::size_t singles = 0;
  for (std::size_t c = 1; c < comps.size(); ++c) {
    IsolatedCluster ic;
    ic.atoms = comps[c];
    double sum = 0.0;
    for (const auto i : ic.atoms) {
      isolated[i] = 1;
      sum += depth.empty() ? std::nan("") : depth[i];
    }
    ic.interface_depth_A = sum / double(ic.atoms.size());
    ++s.size_histogram[ic.atoms.size()];
    s.isolated_atoms += ic.atoms.size();
    if (ic.atoms.size() == 1) ++singles;
    s.clusters.push_back(std::move(ic));
  }
  s.single_fraction = s.clusters.empty() ? 0.0 : double(singles) / double(s.clusters.size());
  return s;
}

}  // namespace

IsolatedReport isolated_atoms(const AtomModel& model, const NeighbourList& nl,
                              const std::vector<double>& interface_depth_A) {
  IsolatedReport r;
  r.isolated.assign(model.size(), 0);
  r.pd = clusters_of(model, nl, "Pd", interface_depth_A, r.isolated);
  r.pt = clusters_of(model, nl, "Pt", interface_depth_A, r.isolated);
  return r;
}

}  // namespace aet::analysis
