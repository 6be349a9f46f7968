#include "validation/score.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/neighbours.hpp"
#include "core/error.hpp"

namespace aet::validation {

namespace {

struct Pair {
  std::size_t truth, traced;
};

/// Greedy one-to-one matching by increasing distance within the radius.
std::vector<Pair> match(const std::vector<Vec3>& truth, const std::vector<Vec3>& traced, double radius) {
  std::vector<std::tuple<double, std::size_t, std::size_t>> candidates;
  const PointIndex index(truth);
  for (std::size_t b = 0; b < traced.size(); ++b)
    for (const auto& nb : index.within(traced[b], radius)) candidates.emplace_back(nb.distance_A, nb.atom, b);
  std::sort(candidates.begin(), candidates.end());
  std::vector<char> used_truth(truth.size(), 0), used_traced(traced.size(), 0);
  std::vector<Pair> pairs;
  for (const auto& [d, a, b] : candidates) {
    if (used_truth[a] || used_traced[b]) continue;
    used_truth[a] = used_traced[b] = 1;
    pairs.push_back({a, b});
  }
  return pairs;
}

}  // namespace

ScoreReport score_atoms(const AtomModel& truth, const AtomModel& traced, const ScoreOptions& o) {
  if (truth.empty()) throw Error("score: the truth model has no atoms");
  if (!(o.match_radius_A > 0)) throw Error("score: match radius must be positive");
  truth.validate("score: truth");
  traced.validate("score: traced model");
  ScoreReport r;
  r.truth_atoms = truth.size();
  r.traced_atoms = traced.size();
  r.match_radius_A = o.match_radius_A;
  if (traced.empty()) return r;

  std::vector<Pair> pairs = match(truth.positions(), traced.positions(), o.match_radius_A);
  auto mean_shift = [&](const std::vector<Pair>& ps, const std::vector<Vec3>& pos) {
    Vec3 s = Vec3::Zero();
    for (const Pair& p : ps) s += pos[p.traced] - truth.positions()[p.truth];
    return ps.empty() ? Vec3(Vec3::Zero()) : Vec3(s / double(ps.size()));
  };
  auto rmsd = [&](const std::vector<Pair>& ps, const std::vector<Vec3>& pos, double* worst) {
    double s = 0;
    for (const Pair& p : ps) {
      const double e = (pos[p.traced] - truth.positions()[p.truth]).norm();
      s += e * e;
      if (worst) *worst = std::max(*worst, e);
    }
    return ps.empty() ? 0.0 : std::sqrt(s / double(ps.size()));
  };
  r.mean_shift_A = mean_shift(pairs, traced.positions());
  r.rmsd_A = rmsd(pairs, traced.positions(), o.remove_mean_shift ? nullptr : &r.max_error_A);
  r.rmsd_shift_removed_A = r.rmsd_A;
  if (o.remove_mean_shift) {
    // Start from the centroid difference (an alignment by centre of mass
    // moves the whole model by more than the match radius), then shift by
    // the pairs' mean displacement and rematch until it settles.
    std::vector<Vec3> shifted = traced.positions();
    Vec3 total = Vec3::Zero();
    for (const auto& p : traced.positions()) total += p;
    for (const auto& p : truth.positions()) total -= p * (double(traced.size()) / double(truth.size()));
    total /= double(traced.size());
    for (auto& p : shifted) p -= total;
    pairs = match(truth.positions(), shifted, o.match_radius_A);
    for (int pass = 0; pass < 3; ++pass) {
      const Vec3 s = mean_shift(pairs, shifted);
      total += s;
      for (auto& p : shifted) p -= s;
      pairs = match(truth.positions(), shifted, o.match_radius_A);
    }
    r.mean_shift_A = total;
    r.rmsd_shift_removed_A = rmsd(pairs, shifted, &r.max_error_A);
    r.rmsd_A = rmsd(pairs, traced.positions(), nullptr);  // the same pairs, as traced
  }
  r.matched = pairs.size();
  r.recall = double(r.matched) / double(r.truth_atoms);
  r.precision = double(r.matched) / double(r.traced_atoms);
  std::size_t right = 0;
  for (const Pair& p : pairs) {
    const auto& ts = truth.species()[p.truth];
    const auto& gs = traced.species()[p.traced];
    right += ts == gs;
    ++r.confusion[ts][gs];
  }
  r.species_accuracy = r.matched ? double(right) / double(r.matched) : 0.0;
  return r;
}

nlohmann::json to_json(const ScoreReport& r) {
  nlohmann::json j;
  j["truth_atoms"] = r.truth_atoms;
  j["traced_atoms"] = r.traced_atoms;
  j["matched"] = r.matched;
  j["recall"] = r.recall;
  j["precision"] = r.precision;
  j["rmsd_A"] = r.rmsd_A;
  j["rmsd_shift_removed_A"] = r.rmsd_shift_removed_A;
  j["mean_shift_A"] = {r.mean_shift_A.x(), r.mean_shift_A.y(), r.mean_shift_A.z()};
  j["max_error_A"] = r.max_error_A;
  j["species_accuracy"] = r.species_accuracy;
  j["confusion"] = r.confusion;
  j["match_radius_A"] = r.match_radius_A;
  return j;
}

}  // namespace aet::validation
