#include "analysis/coordination.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace aet::analysis {

Coordination coordination(const AtomModel& model, const NeighbourList& neighbours) {
  if (neighbours.size() != model.size())
    throw Error(fmt::format("coordination: neighbour list has {} atoms, model {}", neighbours.size(), model.size()));
  const std::size_t n = model.size();
  Coordination c;
  c.cn.assign(n, 0);
  c.cn_pd.assign(n, 0);
  c.cn_pt.assign(n, 0);
  const auto& sp = model.species();
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    c.cn[i] = static_cast<int>(neighbours[i].size());
    for (const auto& nb : neighbours[i]) {
      if (sp[nb.atom] == "Pd") ++c.cn_pd[i];
      else if (sp[nb.atom] == "Pt") ++c.cn_pt[i];
    }
    sum += c.cn[i];
    if (std::size_t(c.cn[i]) >= c.histogram.size()) c.histogram.resize(std::size_t(c.cn[i]) + 1, 0);
    ++c.histogram[std::size_t(c.cn[i])];
  }
  c.mean_cn = n ? sum / double(n) : 0.0;
  return c;
}

}  // namespace aet::analysis
