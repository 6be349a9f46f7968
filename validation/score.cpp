#include "validation/score.hpp"

#include <fmt/format.h>

#include <Eigen/Geometry>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "analysis/coordination.hpp"
#include "analysis/facets.hpp"
#include "core/error.hpp"
#include "core/neighbours.hpp"
#include "models/columns.hpp"

namespace aet::validation {

namespace {

using Pair = MatchedPair;

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

double rmsd_of(const std::vector<Pair>& ps, const std::vector<Vec3>& truth, const std::vector<Vec3>& pos,
               double* worst) {
  double s = 0;
  for (const Pair& p : ps) {
    const double e = (pos[p.traced] - truth[p.truth]).norm();
    s += e * e;
    if (worst) *worst = std::max(*worst, e);
  }
  return ps.empty() ? 0.0 : std::sqrt(s / double(ps.size()));
}

double species_accuracy_of(const std::vector<Pair>& ps, const AtomModel& truth, const AtomModel& traced) {
  std::size_t right = 0;
  for (const Pair& p : ps) right += truth.species()[p.truth] == traced.species()[p.traced];
  return ps.empty() ? 0.0 : double(right) / double(ps.size());
}

/// Shell index (0 surface, 1 subsurface, 2 bulk) per true atom, and what it
/// was taken from.
std::vector<int> depth_shells(const AtomModel& truth, const ShellOptions& o, std::string& by) {
  std::vector<int> shell(truth.size(), 2);
  const std::string depth(models::columns::kDepth);
  bool usable = truth.has_column(depth) && truth.column(depth).type == ColumnType::Real;
  if (usable)
    for (std::size_t a = 0; a < truth.size() && usable; ++a) usable = std::isfinite(truth.real(depth, a));
  if (usable) {
    by = "depth_A";
    for (std::size_t a = 0; a < truth.size(); ++a) {
      const double d = truth.real(depth, a);
      shell[a] = d < o.surface_A ? 0 : d < o.subsurface_A ? 1 : 2;
    }
    return shell;
  }
  by = "coordination";
  const NeighbourList nl = find_neighbours(truth.positions());
  const auto sites = analysis::classify_surface(analysis::coordination(truth, nl)).site;
  for (std::size_t a = 0; a < truth.size(); ++a)
    if (sites[a] != analysis::SurfaceSite::Bulk) shell[a] = 0;
  for (std::size_t a = 0; a < truth.size(); ++a) {
    if (shell[a] == 0) continue;
    for (const auto& nb : nl[a])
      if (shell[nb.atom] == 0) {
        shell[a] = 1;
        break;
      }
  }
  return shell;
}

/// Rotation R and shift s with traced ≈ R (truth - c) + c + s over the
/// pairs (Kabsch), c the truth centroid.
void kabsch(const std::vector<Pair>& ps, const std::vector<Vec3>& truth, const std::vector<Vec3>& traced,
            const Vec3& c, Mat3& R, Vec3& s) {
  Vec3 pc = Vec3::Zero(), gc = Vec3::Zero();
  for (const Pair& p : ps) {
    pc += truth[p.truth];
    gc += traced[p.traced];
  }
  pc /= double(ps.size());
  gc /= double(ps.size());
  Mat3 H = Mat3::Zero();
  for (const Pair& p : ps) H += (truth[p.truth] - pc) * (traced[p.traced] - gc).transpose();
  const Eigen::JacobiSVD<Mat3> svd(H, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Mat3& U = svd.matrixU();
  const Mat3& V = svd.matrixV();
  Mat3 D = Mat3::Identity();
  D(2, 2) = (V * U.transpose()).determinant() < 0 ? -1.0 : 1.0;
  R = V * D * U.transpose();
  s = R * (c - pc) + gc - c;
}

RigidScore rigid_alignment(const AtomModel& truth, const AtomModel& traced, std::vector<Pair> pairs,
                           const ScoreOptions& o) {
  RigidScore r;
  Vec3 c = Vec3::Zero();
  for (const auto& p : truth.positions()) c += p;
  c /= double(truth.size());
  Mat3 R = Mat3::Identity();
  Vec3 s = Vec3::Zero();
  std::vector<Vec3> aligned = traced.positions();
  for (int it = 0; it < o.rigid_iterations && pairs.size() >= 3; ++it) {
    kabsch(pairs, truth.positions(), traced.positions(), c, R, s);
    for (std::size_t b = 0; b < aligned.size(); ++b) aligned[b] = R.transpose() * (traced.positions()[b] - c - s) + c;
    auto next = match(truth.positions(), aligned, o.match_radius_A);
    r.iterations = it + 1;
    const bool same = next.size() == pairs.size() &&
                      std::equal(next.begin(), next.end(), pairs.begin(), [](const Pair& a, const Pair& b) {
                        return a.truth == b.truth && a.traced == b.traced;
                      });
    pairs = std::move(next);
    if (same) break;
  }
  const Eigen::AngleAxisd aa(R);
  r.rotation_deg = aa.angle() * 180.0 / M_PI;
  r.axis = aa.axis();
  r.shift_A = s;
  r.matched = pairs.size();
  r.recall = double(r.matched) / double(truth.size());
  r.precision = double(r.matched) / double(traced.size());
  r.rmsd_A = rmsd_of(pairs, truth.positions(), aligned, nullptr);
  r.species_accuracy = species_accuracy_of(pairs, truth, traced);
  return r;
}

nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

}  // namespace

ScoreReport score_atoms(const AtomModel& truth, const AtomModel& traced, const ScoreOptions& o) {
  if (truth.empty()) throw Error("score: the truth model has no atoms");
  if (!(o.match_radius_A > 0)) throw Error("score: match radius must be positive");
  if (!(o.shells.surface_A > 0) || !(o.shells.subsurface_A > o.shells.surface_A))
    throw Error("score: shell bounds must satisfy 0 < surface < subsurface");
  if (o.rigid_iterations < 1) throw Error("score: rigid alignment needs at least one iteration");
  truth.validate("score: truth");
  traced.validate("score: traced model");
  ScoreReport r;
  r.truth_atoms = truth.size();
  r.traced_atoms = traced.size();
  r.match_radius_A = o.match_radius_A;
  r.truth_shell = depth_shells(truth, o.shells, r.shells_by);

  std::vector<Pair> pairs = match(truth.positions(), traced.positions(), o.match_radius_A);
  auto mean_shift = [&](const std::vector<Pair>& ps, const std::vector<Vec3>& pos) {
    Vec3 s = Vec3::Zero();
    for (const Pair& p : ps) s += pos[p.traced] - truth.positions()[p.truth];
    return ps.empty() ? Vec3(Vec3::Zero()) : Vec3(s / double(ps.size()));
  };
  std::vector<Vec3> shifted = traced.positions();
  if (!traced.empty()) {
    r.mean_shift_A = mean_shift(pairs, traced.positions());
    r.rmsd_A = rmsd_of(pairs, truth.positions(), traced.positions(), o.remove_mean_shift ? nullptr : &r.max_error_A);
    r.rmsd_shift_removed_A = r.rmsd_A;
  }
  if (o.remove_mean_shift && !traced.empty()) {
    // Start from the centroid difference (an alignment by centre of mass
    // moves the whole model by more than the match radius), then shift by
    // the pairs' mean displacement and rematch until it settles.
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
    r.applied_shift_A = total;
    r.rmsd_shift_removed_A = rmsd_of(pairs, truth.positions(), shifted, &r.max_error_A);
    r.rmsd_A = rmsd_of(pairs, truth.positions(), traced.positions(), nullptr);  // the same pairs, as traced
  }
  r.matched = pairs.size();
  r.recall = double(r.matched) / double(r.truth_atoms);
  r.precision = traced.empty() ? 0.0 : double(r.matched) / double(r.traced_atoms);
  for (const Pair& p : pairs) ++r.confusion[truth.species()[p.truth]][traced.species()[p.traced]];
  r.species_accuracy = species_accuracy_of(pairs, truth, traced);

  // Breakdowns, on the shifted positions.
  std::map<std::string, std::pair<double, std::size_t>> by_species;
  Vec3 sq = Vec3::Zero();
  for (const Pair& p : pairs) {
    const Vec3 e = shifted[p.traced] - truth.positions()[p.truth];
    auto& [s, n] = by_species[truth.species()[p.truth]];
    s += e.squaredNorm();
    ++n;
    sq += e.cwiseProduct(e);
  }
  for (const auto& [sp, sn] : by_species) r.rmsd_by_species_A[sp] = std::sqrt(sn.first / double(sn.second));
  if (!pairs.empty()) r.rmsd_by_axis_A = (sq / double(pairs.size())).cwiseSqrt();

  r.by_depth.resize(kShellNames.size());
  const bool by_depth = r.shells_by == "depth_A";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double bounds[] = {0.0, o.shells.surface_A, o.shells.subsurface_A, std::numeric_limits<double>::infinity()};
  for (std::size_t k = 0; k < r.by_depth.size(); ++k) {
    r.by_depth[k].name = kShellNames[k];
    r.by_depth[k].depth_min_A = by_depth ? bounds[k] : nan;
    r.by_depth[k].depth_max_A = by_depth ? bounds[k + 1] : nan;
  }
  std::vector<char> truth_matched(truth.size(), 0), traced_matched(traced.size(), 0);
  std::vector<double> shell_sq(r.by_depth.size(), 0.0);
  std::vector<std::size_t> shell_right(r.by_depth.size(), 0);
  for (std::size_t a = 0; a < truth.size(); ++a) ++r.by_depth[r.truth_shell[a]].atoms;
  for (const Pair& p : pairs) {
    truth_matched[p.truth] = traced_matched[p.traced] = 1;
    const int k = r.truth_shell[p.truth];
    auto& sh = r.by_depth[k];
    ++sh.matched;
    shell_sq[k] += (shifted[p.traced] - truth.positions()[p.truth]).squaredNorm();
    const auto& ts = truth.species()[p.truth];
    const auto& gs = traced.species()[p.traced];
    shell_right[k] += ts == gs;
    ++sh.confusion[ts][gs];
  }
  for (std::size_t a = 0; a < truth.size(); ++a)
    if (!truth_matched[a]) ++r.by_depth[r.truth_shell[a]].missed_by_species[truth.species()[a]];
  if (!traced.empty()) {
    const PointIndex index(truth.positions());
    for (std::size_t b = 0; b < traced.size(); ++b) {
      if (traced_matched[b]) continue;
      const auto nearest = index.nearest(shifted[b], 1);
      auto& sh = r.by_depth[r.truth_shell[nearest.front().atom]];
      ++sh.false_atoms;
      ++sh.false_by_species[traced.species()[b]];
    }
  }
  for (std::size_t k = 0; k < r.by_depth.size(); ++k) {
    auto& sh = r.by_depth[k];
    sh.recall = sh.atoms ? double(sh.matched) / double(sh.atoms) : nan;
    sh.precision = sh.matched + sh.false_atoms ? double(sh.matched) / double(sh.matched + sh.false_atoms) : nan;
    sh.rmsd_A = sh.matched ? std::sqrt(shell_sq[k] / double(sh.matched)) : nan;
    sh.species_accuracy = sh.matched ? double(shell_right[k]) / double(sh.matched) : nan;
  }
  r.pairs = pairs;

  if (o.rigid && !traced.empty()) r.rigid = rigid_alignment(truth, traced, pairs, o);
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

  nlohmann::json species = nlohmann::json::object();
  for (const auto& [s, v] : r.rmsd_by_species_A) species[s] = 100 * v;
  j["rmsd_by_species_pm"] = species;
  j["rmsd_by_axis_pm"] = {
      {"x", 100 * r.rmsd_by_axis_A.x()}, {"y", 100 * r.rmsd_by_axis_A.y()}, {"z", 100 * r.rmsd_by_axis_A.z()}};
  j["shells_by"] = r.shells_by;
  nlohmann::json shells = nlohmann::json::array();
  for (const auto& sh : r.by_depth) {
    nlohmann::json s;
    s["shell"] = sh.name;
    s["depth_min_A"] = finite_or_null(sh.depth_min_A);
    s["depth_max_A"] = finite_or_null(sh.depth_max_A);  // null for bulk: no upper bound
    s["atoms"] = sh.atoms;
    s["matched"] = sh.matched;
    s["false_atoms"] = sh.false_atoms;
    s["recall"] = finite_or_null(sh.recall);
    s["precision"] = finite_or_null(sh.precision);
    s["rmsd_pm"] = finite_or_null(100 * sh.rmsd_A);
    s["species_accuracy"] = finite_or_null(sh.species_accuracy);
    s["missed_by_species"] = nlohmann::json(sh.missed_by_species);
    s["false_by_species"] = nlohmann::json(sh.false_by_species);
    s["confusion"] = nlohmann::json(sh.confusion);
    shells.push_back(std::move(s));
  }
  j["by_depth"] = shells;
  if (r.rigid) {
    const auto& g = *r.rigid;
    j["rigid"] = {{"rotation_deg", g.rotation_deg},
                  {"axis", {g.axis.x(), g.axis.y(), g.axis.z()}},
                  {"shift_A", {g.shift_A.x(), g.shift_A.y(), g.shift_A.z()}},
                  {"matched", g.matched},
                  {"recall", g.recall},
                  {"precision", g.precision},
                  {"rmsd_pm", 100 * g.rmsd_A},
                  {"species_accuracy", g.species_accuracy},
                  {"iterations", g.iterations}};
  }
  return j;
}

AtomModel status_model(const AtomModel& truth, const AtomModel& traced, const ScoreReport& r) {
  if (r.truth_atoms != truth.size() || r.traced_atoms != traced.size() || r.truth_shell.size() != truth.size())
    throw Error("score: the report does not belong to these models");
  std::vector<std::ptrdiff_t> match_of(truth.size(), -1);
  std::vector<char> traced_matched(traced.size(), 0);
  for (const auto& p : r.pairs) {
    match_of[p.truth] = std::ptrdiff_t(p.traced);
    traced_matched[p.traced] = 1;
  }
  AtomModel m;
  m.reserve(truth.size() + traced.size() - r.pairs.size());
  std::vector<std::string> status, traced_species, shell;
  std::vector<Vec3> error;
  for (std::size_t a = 0; a < truth.size(); ++a) {
    m.add_atom(truth.species()[a], truth.positions()[a]);
    shell.push_back(kShellNames[r.truth_shell[a]]);
    if (match_of[a] < 0) {
      status.push_back("missed");
      traced_species.push_back("none");
      error.push_back(Vec3::Zero());
      continue;
    }
    const auto b = std::size_t(match_of[a]);
    const auto& gs = traced.species()[b];
    status.push_back(gs == truth.species()[a] ? "matched" : "wrong-species");
    traced_species.push_back(gs);
    error.push_back(traced.positions()[b] - r.applied_shift_A - truth.positions()[a]);
  }
  const PointIndex index(truth.positions());
  for (std::size_t b = 0; b < traced.size(); ++b) {
    if (traced_matched[b]) continue;
    const Vec3 p = traced.positions()[b] - r.applied_shift_A;
    m.add_atom(traced.species()[b], p);
    status.push_back("false");
    traced_species.push_back(traced.species()[b]);
    error.push_back(Vec3::Zero());
    shell.push_back(kShellNames[r.truth_shell[index.nearest(p, 1).front().atom]]);
  }
  auto& st = m.add_column("status", ColumnType::String);
  st.strings = std::move(status);
  auto& ts = m.add_column("traced_species", ColumnType::String);
  ts.strings = std::move(traced_species);
  auto& er = m.add_column("error_A", ColumnType::Real, 3);
  for (std::size_t i = 0; i < error.size(); ++i)
    for (int c = 0; c < 3; ++c) er.reals[3 * i + std::size_t(c)] = error[i][c];
  auto& sh = m.add_column("shell", ColumnType::String);
  sh.strings = std::move(shell);
  m.metadata().set("shells_by", r.shells_by);
  m.metadata().set("match_radius_A", r.match_radius_A);
  return m;
}

ImageScore score_against_images(const AtomModel& atoms, const TiltSeries& series, const ImageScoreOptions& o) {
  if (atoms.empty()) throw Error("score: the atom model has no atoms");
  if (series.nt() < 1) throw Error("score: the tilt series has no images");
  atoms.validate("score: atom model");
  const std::vector<std::string> names = atoms.distinct_species();
  std::vector<int> index(atoms.size());
  for (std::size_t a = 0; a < atoms.size(); ++a)
    index[a] = int(std::lower_bound(names.begin(), names.end(), atoms.species()[a]) - names.begin());
  const auto fit = recon::atomic_model_r_factor(series, atoms.positions(), index, int(names.size()), o.model, o.fit_offset);
  ImageScore r;
  r.atoms = atoms.size();
  r.images = series.nt();
  r.r_factor = fit.r_factor;
  r.relative_residual = fit.relative_residual;
  r.offset = fit.offset;
  r.profile_widths_A = o.model.profile_widths_A;
  for (std::size_t k = 0; k < names.size(); ++k) {
    SpeciesProfile p;
    p.weights = fit.profile_weights[k];
    double moment = 0;
    for (std::size_t g = 0; g < p.weights.size(); ++g) {
      const double sigma_px = r.profile_widths_A[g] / series.pixel_A();
      const double integral = p.weights[g] * 2 * M_PI * sigma_px * sigma_px;
      p.peak += p.weights[g];
      p.integral_px2 += integral;
      moment += integral * r.profile_widths_A[g] * r.profile_widths_A[g];
    }
    p.width_A = std::sqrt(moment / p.integral_px2);
    r.species[names[k]] = p;
  }
  return r;
}

nlohmann::json to_json(const ImageScore& r) {
  nlohmann::json species = nlohmann::json::object();
  for (const auto& [name, p] : r.species)
    species[name] = {{"peak", finite_or_null(p.peak)},
                     {"integral_px2", finite_or_null(p.integral_px2)},
                     {"width_A", finite_or_null(p.width_A)},
                     {"weights", p.weights}};
  return {{"atoms", r.atoms},
          {"images", r.images},
          {"r_factor", finite_or_null(r.r_factor)},
          {"relative_residual", finite_or_null(r.relative_residual)},
          {"offset", finite_or_null(r.offset)},
          {"profile_widths_A", r.profile_widths_A},
          {"species", species}};
}

namespace {

/// The mean and sd of the numbers at one path in every report, walked
/// through the first report's structure; null where some report lacks it.
nlohmann::json summarise_at(const std::vector<const nlohmann::json*>& at) {
  const nlohmann::json& first = *at.front();
  if (first.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : first.items()) {
      std::vector<const nlohmann::json*> next;
      for (const auto* j : at) {
        if (!j->is_object() || !j->contains(key)) break;
        next.push_back(&(*j)[key]);
      }
      if (next.size() != at.size()) continue;
      auto s = summarise_at(next);
      if (!s.is_null()) out[key] = std::move(s);
    }
    return out.empty() ? nlohmann::json() : out;
  }
  if (first.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    bool any = false;
    for (std::size_t i = 0; i < first.size(); ++i) {
      std::vector<const nlohmann::json*> next;
      for (const auto* j : at) {
        if (!j->is_array() || j->size() <= i) break;
        next.push_back(&(*j)[i]);
      }
      auto s = next.size() == at.size() ? summarise_at(next) : nlohmann::json();
      any = any || !s.is_null();
      out.push_back(std::move(s));
    }
    return any ? out : nlohmann::json();
  }
  if (!first.is_number() || first.is_boolean()) return nlohmann::json();
  double sum = 0;
  for (const auto* j : at) {
    if (!j->is_number()) return nlohmann::json();
    sum += j->get<double>();
  }
  const double n = double(at.size()), mean = sum / n;
  double ss = 0;
  for (const auto* j : at) ss += (j->get<double>() - mean) * (j->get<double>() - mean);
  return {{"mean", mean}, {"sd", at.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0}, {"n", at.size()}};
}

}  // namespace

nlohmann::json summarise_realisations(const std::vector<nlohmann::json>& reports) {
  if (reports.empty()) throw Error("realisations: no reports to summarise");
  std::vector<const nlohmann::json*> at;
  for (const auto& r : reports) at.push_back(&r);
  auto s = summarise_at(at);
  return s.is_null() ? nlohmann::json::object() : s;
}

}  // namespace aet::validation
