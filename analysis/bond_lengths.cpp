#include "analysis/bond_lengths.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace aet::analysis {

namespace {

struct Acc {
  std::size_t n = 0;
  double s = 0, s2 = 0;
  std::vector<std::size_t> h;
  void add(double d, const BondLengthOptions& o) {
    ++n;
    s += d;
    s2 += d * d;
    const double x = (d - o.histogram_min_A) / o.histogram_bin_A;
    if (x >= 0 && x < double(h.size())) ++h[std::size_t(x)];
  }
  BondStats stats() const {
    BondStats b;
    b.bonds = n;
    b.mean_A = n ? s / double(n) : std::nan("");
    b.std_A = n ? std::sqrt(std::max(0.0, s2 / double(n) - b.mean_A * b.mean_A)) : std::nan("");
    b.histogram = h;
    return b;
  }
};

}  // namespace

BondLengthReport bond_lengths(const AtomModel& model, const NeighbourList& nl, const BondLengthOptions& o,
                              const std::vector<double>& depth, double lo, double hi) {
  if (nl.size() != model.size())
    throw Error(fmt::format("bond lengths: neighbour list has {} atoms, model {}", nl.size(), model.size()));
  if (!(o.histogram_bin_A > 0.0) || !(o.histogram_max_A > o.histogram_min_A) || !(o.depth_bin_A > 0.0))
    throw Error("bond lengths: histogram range and bins must be positive");
  if (!depth.empty() && depth.size() != model.size())
    throw Error(fmt::format("bond lengths: {} depths for {} atoms", depth.size(), model.size()));
  const auto nb = std::size_t(std::ceil((o.histogram_max_A - o.histogram_min_A) / o.histogram_bin_A));
  auto fresh = [&] {
    Acc a;
    a.h.assign(nb, 0);
    return a;
  };
  Acc all = fresh(), iall = fresh();
  std::map<std::string, Acc> by, iby;
  std::map<long, Acc> dep;
  const auto& sp = model.species();
  BondLengthReport r;
  r.atom_mean_A.assign(model.size(), std::nan(""));
  for (std::size_t i = 0; i < model.size(); ++i) {
    double sum = 0;
    for (const auto& b : nl[i]) sum += b.distance_A;
    if (!nl[i].empty()) r.atom_mean_A[i] = sum / double(nl[i].size());
    for (const auto& b : nl[i]) {
      if (b.atom <= i) continue;
      const std::string key = sp[i] < sp[b.atom] ? sp[i] + "-" + sp[b.atom] : sp[b.atom] + "-" + sp[i];
      all.add(b.distance_A, o);
      if (!by.count(key)) by[key] = fresh();
      by[key].add(b.distance_A, o);
      if (depth.empty()) continue;
      const double di = depth[i], dj = depth[b.atom];
      if (di >= lo && di <= hi && dj >= lo && dj <= hi) {
        iall.add(b.distance_A, o);
        if (!iby.count(key)) iby[key] = fresh();
        iby[key].add(b.distance_A, o);
      }
      const double dm = 0.5 * (di + dj);
      if (std::isfinite(dm)) {
        const long bin = std::lround(dm / o.depth_bin_A);
        if (!dep.count(bin)) dep[bin] = fresh();
        dep[bin].add(b.distance_A, o);
      }
    }
  }
  r.all = all.stats();
  for (const auto& [k, a] : by) r.by_pair[k] = a.stats();
  if (!depth.empty()) {
    r.interface_all = iall.stats();
    for (const auto& [k, a] : iby) r.interface_by_pair[k] = a.stats();
    for (const auto& [bin, a] : dep) r.versus_depth.push_back({double(bin) * o.depth_bin_A, a.n, a.stats().mean_A});
  }
  return r;
}

}  // namespace aet::analysis
