#include "validation/analysis_comparison.hpp"

#include "analysis/report.hpp"

#include <fmt/format.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <set>

#include "core/error.hpp"
#include "models/columns.hpp"

namespace aet::validation {

namespace {

/// The number at a '/'-separated path of an analysis.json, NaN when absent,
/// null or not a number.
double at(const nlohmann::json& j, const std::string& key) {
  const nlohmann::json::json_pointer p("/" + key);
  if (!j.contains(p)) return std::numeric_limits<double>::quiet_NaN();
  const auto& v = j.at(p);
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

}  // namespace

const std::vector<std::string>& compared_keys() {
  static const std::vector<std::string> keys{
      "mean_bond_length_A",
      "interface/thickness_A",
      "interface/thickness_true_A",
      "grains",
      "fivefold/axis_atoms",
      "fivefold/alpha_over_gamma",
      "fivefold/beta_over_gamma",
      "fivefold/theta_deg",
      "strain/std_percent/xx",
      "strain/std_percent/yy",
      "strain/std_percent/zz",
      "strain/std_percent/yz",
      "strain/std_percent/xz",
      "strain/std_percent/xy",
      // Appended, so that earlier columns keep their places: the interface
      // estimators with an outer-layer outlier term (analysis/interface_erf_profile.hpp).
      "interface/thickness_robust_A",
      "interface/thickness_true_robust_A",
  };
  return keys;
}

namespace {

bool has_bool_column(const AtomModel& m, std::string_view name) {
  return m.has_column(std::string(name)) && m.column(std::string(name)).type == ColumnType::Bool;
}

PerAtomAgreement per_atom(const AtomModel& truth, const AtomModel& traced, const analysis::AnalysisReport& rt,
                          const analysis::AnalysisReport& rg, const ScoreReport& score) {
  namespace col = models::columns;
  PerAtomAgreement p;
  const auto& pairs = score.pairs;
  p.matched = pairs.size();
  if (!pairs.empty()) {
    std::size_t same_cn = 0, same_ptm = 0, n4 = 0, n6 = 0;
    double d_cn = 0, d4 = 0, d6 = 0;
    for (const auto& m : pairs) {
      const int a = rt.coordination.cn[m.truth], b = rg.coordination.cn[m.traced];
      same_cn += a == b;
      d_cn += std::abs(a - b);
      same_ptm += rt.ptm.structure[m.truth] == rg.ptm.structure[m.traced];
      const double e4 = rg.boo.q4[m.traced] - rt.boo.q4[m.truth], e6 = rg.boo.q6[m.traced] - rt.boo.q6[m.truth];
      if (std::isfinite(e4)) {
        d4 += e4 * e4;
        ++n4;
      }
      if (std::isfinite(e6)) {
        d6 += e6 * e6;
        ++n6;
      }
    }
    const double n = double(pairs.size());
    p.cn_agreement = double(same_cn) / n;
    p.cn_mean_abs_difference = d_cn / n;
    p.ptm_agreement = double(same_ptm) / n;
    if (n4) p.q4_rms_difference = std::sqrt(d4 / double(n4));
    if (n6) p.q6_rms_difference = std::sqrt(d6 / double(n6));
  }
  const std::string strain(col::kStrain);
  if (truth.has_column(strain) && truth.column(strain).components == col::kStrainComponents && rg.strain) {
    std::array<double, 6> s{}, st{};
    std::size_t nst = 0;
    for (const auto& m : pairs) {
      const auto& e = rg.strain->strain[m.traced];
      bool ok = true;
      for (int c = 0; c < 6; ++c) ok = ok && std::isfinite(e[std::size_t(c)]) && std::isfinite(truth.real(strain, m.truth, c));
      if (!ok) continue;
      ++p.strain_atoms;
      for (int c = 0; c < 6; ++c) {
        const double d = e[std::size_t(c)] - truth.real(strain, m.truth, c);
        s[std::size_t(c)] += d * d;
      }
      if (rt.strain && [&] {
            for (int c = 0; c < 6; ++c)
              if (!std::isfinite(rt.strain->strain[m.truth][std::size_t(c)])) return false;
            return true;
          }()) {
        ++nst;
        for (int c = 0; c < 6; ++c) {
          const double d = rt.strain->strain[m.truth][std::size_t(c)] - truth.real(strain, m.truth, c);
          st[std::size_t(c)] += d * d;
        }
      }
    }
    for (int c = 0; c < 6; ++c) {
      if (p.strain_atoms) p.strain_rmse_percent[std::size_t(c)] = 100 * std::sqrt(s[std::size_t(c)] / double(p.strain_atoms));
      if (nst) p.strain_rmse_truth_analysed_percent[std::size_t(c)] = 100 * std::sqrt(st[std::size_t(c)] / double(nst));
    }
  }
  // Five-fold axis.
  std::vector<char> on_axis_true(truth.size(), 0);
  const bool axis_column = has_bool_column(truth, col::kFivefoldAxis);
  for (std::size_t a = 0; a < truth.size(); ++a)
    on_axis_true[a] = axis_column ? truth.integer(std::string(col::kFivefoldAxis), a) != 0
                                  : (!rt.fivefold.on_axis.empty() && rt.fivefold.on_axis[a]);
  for (char c : on_axis_true) p.axis_atoms_true += c != 0;
  for (auto c : rg.fivefold.on_axis) p.axis_atoms_traced += c != 0;
  for (const auto& m : pairs)
    p.axis_atoms_found += on_axis_true[m.truth] && !rg.fivefold.on_axis.empty() && rg.fivefold.on_axis[m.traced];
  // Grains.
  const std::string grain(col::kGrain);
  if (truth.has_column(grain) && truth.column(grain).type == ColumnType::Int) {
    std::set<std::int64_t> ids;
    for (std::size_t a = 0; a < truth.size(); ++a)
      if (truth.integer(grain, a) >= 0) ids.insert(truth.integer(grain, a));
    p.grains_true = ids.size();
  } else {
    p.grains_true = rt.grains.grains.size();
  }
  p.grains_traced = rg.grains.grains.size();
  // Isolated Pd.
  const auto isolated_pd = [](const AtomModel& m, const analysis::IsolatedReport& r, std::size_t a) {
    return !r.isolated.empty() && r.isolated[a] && m.species()[a] == "Pd";
  };
  p.isolated_pd_truth_analysed = rt.isolated.pd.isolated_atoms;
  p.isolated_pd_traced = rg.isolated.pd.isolated_atoms;
  p.isolated_pd_has_built = has_bool_column(truth, col::kIsolated);
  if (p.isolated_pd_has_built) {
    const std::string iso(col::kIsolated);
    for (std::size_t a = 0; a < truth.size(); ++a)
      p.isolated_pd_built += truth.integer(iso, a) != 0 && truth.species()[a] == "Pd";
    for (const auto& m : pairs)
      p.isolated_pd_found += truth.integer(iso, m.truth) != 0 && truth.species()[m.truth] == "Pd" &&
                             isolated_pd(traced, rg.isolated, m.traced);
  }
  return p;
}

double sample_sd(const std::vector<double>& x) {
  std::vector<double> f;
  for (double v : x)
    if (std::isfinite(v)) f.push_back(v);
  if (f.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  double m = 0, ss = 0;
  for (double v : f) m += v;
  m /= double(f.size());
  for (double v : f) ss += (v - m) * (v - m);
  return std::sqrt(ss / double(f.size() - 1));
}

}  // namespace

DerivedErrors bootstrap_derived(const AtomModel& model, const analysis::AnalysisReport& report,
                                const analysis::AnalysisOptions& options, const BootstrapOptions& b) {
  if (b.resamples < 2) throw Error("bootstrap: at least two resamples needed");
  DerivedErrors e;
  e.resamples = b.resamples;
  e.seed = b.seed;
  boost::random::mt19937 rng(static_cast<std::uint32_t>(b.seed));
  const std::size_t n = model.size();
  if (report.interface && n > 0) {
    const auto& in = *report.interface;
    const std::vector<double>& dist =
        in.true_fit_polyhedral ? in.polyhedral.atom_distance_A : in.atom_iso_distance_A;
    const bool true_fit = in.true_fit.found && dist.size() == n;
    const bool paper = in.paper.found && in.atom_layer.size() == n;
    std::vector<double> thick, thick_true;
    boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
    std::vector<std::size_t> rows(n);
    for (int k = 0; k < b.resamples; ++k) {
      for (auto& r : rows) r = pick(rng);
      if (true_fit) {
        std::vector<double> d(n);
        std::vector<std::uint8_t> pd(n);
        for (std::size_t i = 0; i < n; ++i) {
          d[i] = dist[rows[i]];
          pd[i] = model.species()[rows[i]] == "Pd";
        }
        const auto f = analysis::detail::fit_erf_profile(d, pd, &in.true_fit);
        thick_true.push_back(f.found ? f.thickness_A : std::numeric_limits<double>::quiet_NaN());
      }
      if (paper) {
        std::vector<int> layer(n);
        std::vector<std::string> species(n);
        analysis::Coordination cn;
        cn.cn.resize(n);
        cn.cn_pd.resize(n);
        cn.cn_pt.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
          layer[i] = in.atom_layer[rows[i]];
          species[i] = model.species()[rows[i]];
          cn.cn[i] = report.coordination.cn[rows[i]];
          cn.cn_pd[i] = report.coordination.cn_pd[rows[i]];
          cn.cn_pt[i] = report.coordination.cn_pt[rows[i]];
        }
        const auto p = analysis::detail::layer_profile(layer, species, cn, in.layer_A, options.interface.upper_fraction,
                                                       options.interface.lower_fraction);
        thick.push_back(p.found ? p.thickness_A : std::numeric_limits<double>::quiet_NaN());
      }
    }
    if (paper) e.thickness_A = sample_sd(thick);
    if (true_fit) e.thickness_true_A = sample_sd(thick_true);
  }
  const auto& bp = report.fivefold.bipyramids;
  if (report.fivefold.found && !bp.empty()) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, bp.size() - 1);
    std::vector<double> theta, ag, bg;
    for (int k = 0; k < b.resamples; ++k) {
      double t = 0, a = 0, g = 0;
      for (std::size_t i = 0; i < bp.size(); ++i) {
        const auto& q = bp[pick(rng)];
        t += q.theta_deg;
        a += q.alpha_A / q.gamma_A;
        g += q.beta_A / q.gamma_A;
      }
      theta.push_back(t / double(bp.size()));
      ag.push_back(a / double(bp.size()));
      bg.push_back(g / double(bp.size()));
    }
    e.theta_deg = sample_sd(theta);
    e.alpha_over_gamma = sample_sd(ag);
    e.beta_over_gamma = sample_sd(bg);
  }
  return e;
}

nlohmann::json to_json(const DerivedErrors& e) {
  return {{"resamples", e.resamples},
          {"seed", e.seed},
          {"interface/thickness_A", num(e.thickness_A)},
          {"interface/thickness_true_A", num(e.thickness_true_A)},
          {"fivefold/theta_deg", num(e.theta_deg)},
          {"fivefold/alpha_over_gamma", num(e.alpha_over_gamma)},
          {"fivefold/beta_over_gamma", num(e.beta_over_gamma)}};
}

Sensitivity position_sensitivity(const AtomModel& truth, const std::vector<double>& truth_values,
                                 const analysis::AnalysisOptions& options, const SensitivityOptions& so) {
  if (so.draws < 2) throw Error(fmt::format("position sensitivity: at least two draws needed, got {}", so.draws));
  if (!(so.sigma_per_axis_A >= 0.0 && std::isfinite(so.sigma_per_axis_A)))
    throw Error(fmt::format("position sensitivity: position error must be finite and >= 0 Å, got {}",
                            so.sigma_per_axis_A));
  const auto& keys = compared_keys();
  if (truth_values.size() != keys.size())
    throw Error("position sensitivity: one truth value per compared quantity needed");
  Sensitivity s;
  s.draws = so.draws;
  s.sigma_per_axis_A = so.sigma_per_axis_A;
  s.seed = so.seed;
  boost::random::mt19937 rng(static_cast<std::uint32_t>(so.seed));
  boost::random::normal_distribution<double> error(0.0, 1.0);
  std::vector<std::vector<double>> moved(keys.size());
  for (int d = 0; d < so.draws; ++d) {
    AtomModel m = truth;
    for (Vec3& r : m.positions())
      for (int c = 0; c < 3; ++c) r[c] += so.sigma_per_axis_A * error(rng);
    const nlohmann::json j = analysis::to_json(analysis::analyze(m, options), options);
    for (std::size_t k = 0; k < keys.size(); ++k) moved[k].push_back(at(j, keys[k]) - truth_values[k]);
  }
  for (auto& v : moved) {
    s.sd.push_back(sample_sd(v));
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double x : v)
      if (std::isfinite(x)) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
    s.min.push_back(std::isfinite(lo) ? lo : Sensitivity::kNaN);
    s.max.push_back(std::isfinite(hi) ? hi : Sensitivity::kNaN);
  }
  return s;
}

AnalysisComparison compare_analyses(const AtomModel& truth, const AtomModel& traced,
                                    const analysis::AnalysisOptions& options, const ScoreReport* score,
                                    const BootstrapOptions* bootstrap, const SensitivityOptions* sensitivity) {
  auto rt = analysis::analyze(truth, options);
  auto rg = analysis::analyze(traced, options);
  const nlohmann::json jt = analysis::to_json(rt, options), jg = analysis::to_json(rg, options);
  AnalysisComparison c;
  for (const auto& key : compared_keys()) c.quantities.push_back({key, at(jt, key), at(jg, key)});
  for (const auto& n : rt.notes) c.notes.push_back("truth: " + n);
  for (const auto& n : rg.notes) c.notes.push_back("traced: " + n);
  if (truth.metadata().contains("model_interface_width_A"))
    c.built_interface_width_A = truth.metadata().get_double("model_interface_width_A");
  if (score) {
    if (score->truth_atoms != truth.size() || score->traced_atoms != traced.size())
      throw Error("analysis comparison: the score does not belong to these models");
    c.per_atom = per_atom(truth, traced, rt, rg, *score);
  }
  if (bootstrap) {
    c.errors_truth = bootstrap_derived(truth, rt, options, *bootstrap);
    c.errors_traced = bootstrap_derived(traced, rg, options, *bootstrap);
  }
  if (sensitivity && sensitivity->draws > 0) {
    SensitivityOptions so = *sensitivity;
    if (score) so.sigma_per_axis_A = score->rmsd_shift_removed_A / std::sqrt(3.0);
    std::vector<double> truth_values;
    for (const auto& q : c.quantities) truth_values.push_back(q.truth);
    c.sensitivity = position_sensitivity(truth, truth_values, options, so);
  }
  c.truth_report = std::move(rt);
  c.traced_report = std::move(rg);
  return c;
}

nlohmann::json to_json(const AnalysisComparison& c) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& q : c.quantities)
    j[q.key] = {{"truth", num(q.truth)}, {"traced", num(q.traced)}, {"difference", num(q.difference())}};
  j["notes"] = c.notes;
  j["built"] = {{"interface_width_A", num(c.built_interface_width_A)}};
  if (c.errors_truth && c.errors_traced)
    j["bootstrap_sd"] = {{"truth", to_json(*c.errors_truth)}, {"traced", to_json(*c.errors_traced)}};
  if (c.sensitivity) {
    const auto& s = *c.sensitivity;
    nlohmann::json js = {{"draws", s.draws}, {"sigma_per_axis_A", s.sigma_per_axis_A}, {"seed", s.seed}};
    for (std::size_t k = 0; k < c.quantities.size() && k < s.sd.size(); ++k) {
      js[c.quantities[k].key] = {{"sd", num(s.sd[k])},
                                 {"min", num(s.min[k])},
                                 {"max", num(s.max[k])},
                                 {"difference_within", s.contains(k, c.quantities[k].difference())}};
    }
    j["position_sensitivity"] = js;
  }
  if (c.per_atom) {
    const auto& p = *c.per_atom;
    static const char* voigt[] = {"xx", "yy", "zz", "yz", "xz", "xy"};
    nlohmann::json strain = nlohmann::json::object(), strain_truth = nlohmann::json::object();
    for (int k = 0; k < 6; ++k) {
      strain[voigt[k]] = num(p.strain_rmse_percent[std::size_t(k)]);
      strain_truth[voigt[k]] = num(p.strain_rmse_truth_analysed_percent[std::size_t(k)]);
    }
    j["per_atom"] = {
        {"matched", p.matched},
        {"cn_agreement", num(p.cn_agreement)},
        {"cn_mean_abs_difference", num(p.cn_mean_abs_difference)},
        {"q4_rms_difference", num(p.q4_rms_difference)},
        {"q6_rms_difference", num(p.q6_rms_difference)},
        {"ptm_agreement", num(p.ptm_agreement)},
        {"strain_rmse_percent", strain},
        {"strain_rmse_truth_analysed_percent", strain_truth},
        {"strain_atoms", p.strain_atoms},
        {"fivefold_axis_atoms", {{"truth", p.axis_atoms_true}, {"traced", p.axis_atoms_traced}, {"found", p.axis_atoms_found}}},
        {"grains", {{"truth", p.grains_true}, {"traced", p.grains_traced}}},
        {"isolated_pd",
         {{"built", p.isolated_pd_has_built ? nlohmann::json(p.isolated_pd_built) : nlohmann::json()},
          {"truth_analysed", p.isolated_pd_truth_analysed},
          {"traced", p.isolated_pd_traced},
          {"found", p.isolated_pd_has_built ? nlohmann::json(p.isolated_pd_found) : nlohmann::json()}}},
    };
  }
  return j;
}

std::string format_comparison(const AnalysisComparison& c) {
  const auto f = [](double x, bool sign) {
    if (!std::isfinite(x)) return std::string("-");
    return sign ? fmt::format("{:+.4f}", x) : fmt::format("{:.4f}", x);
  };
  std::size_t w = 28;
  for (const auto& q : c.quantities) w = std::max(w, q.key.size());
  std::string out = fmt::format("  {:<{}} {:>10} {:>10} {:>11}\n", "measurement", w, "truth", "traced", "difference");
  for (const auto& q : c.quantities)
    out += fmt::format("  {:<{}} {:>10} {:>10} {:>11}\n", q.key, w, f(q.truth, false), f(q.traced, false),
                       f(q.difference(), true));
  if (std::isfinite(c.built_interface_width_A))
    out += fmt::format("  {:<{}} {:>10}\n", "interface width (built)", w, f(c.built_interface_width_A, false));
  if (c.per_atom) {
    const auto& p = *c.per_atom;
    out += fmt::format("  per matched atom ({}): CN same {}  |ΔCN| {}  Q4 rms {}  Q6 rms {}  PTM same {}\n", p.matched,
                       f(p.cn_agreement, false), f(p.cn_mean_abs_difference, false), f(p.q4_rms_difference, false),
                       f(p.q6_rms_difference, false), f(p.ptm_agreement, false));
    if (p.strain_atoms)
      out += fmt::format("  strain RMSE vs built (%, xx yy zz yz xz xy; {} atoms): traced {} {} {} {} {} {}; truth analysed {} {} {} {} {} {}\n",
                         p.strain_atoms, f(p.strain_rmse_percent[0], false), f(p.strain_rmse_percent[1], false),
                         f(p.strain_rmse_percent[2], false), f(p.strain_rmse_percent[3], false),
                         f(p.strain_rmse_percent[4], false), f(p.strain_rmse_percent[5], false),
                         f(p.strain_rmse_truth_analysed_percent[0], false), f(p.strain_rmse_truth_analysed_percent[1], false),
                         f(p.strain_rmse_truth_analysed_percent[2], false), f(p.strain_rmse_truth_analysed_percent[3], false),
                         f(p.strain_rmse_truth_analysed_percent[4], false), f(p.strain_rmse_truth_analysed_percent[5], false));
    out += fmt::format("  five-fold axis atoms: truth {}, traced {}, found {}; grains: truth {}, traced {}\n",
                       p.axis_atoms_true, p.axis_atoms_traced, p.axis_atoms_found, p.grains_true, p.grains_traced);
    if (c.errors_truth && c.errors_traced) {
      const auto& t = *c.errors_truth;
      const auto& g = *c.errors_traced;
      out += fmt::format("  bootstrap sd ({} resamples), truth / traced: thickness {} / {} Å, thickness_true {} / {} Å, "
                         "theta {} / {} deg\n",
                         g.resamples, f(t.thickness_A, false), f(g.thickness_A, false), f(t.thickness_true_A, false),
                         f(g.thickness_true_A, false), f(t.theta_deg, false), f(g.theta_deg, false));
    }
    out += fmt::format("  isolated Pd: built {}, truth analysed {}, traced {}, found {}\n",
                       p.isolated_pd_has_built ? std::to_string(p.isolated_pd_built) : "-", p.isolated_pd_truth_analysed,
                       p.isolated_pd_traced, p.isolated_pd_has_built ? std::to_string(p.isolated_pd_found) : "-");
  }
  if (c.sensitivity) {
    const auto& s = *c.sensitivity;
    out += fmt::format("  the truth with its atoms moved by {:.1f} pm per axis ({} draws), minus the truth:\n",
                       100 * s.sigma_per_axis_A, s.draws);
    for (std::size_t k = 0; k < c.quantities.size() && k < s.sd.size(); ++k) {
      if (!std::isfinite(s.sd[k])) continue;
      out += fmt::format("    {:<26} sd {:>8}  range {} .. {}  traced's difference {}\n", c.quantities[k].key,
                         f(s.sd[k], false), f(s.min[k], true), f(s.max[k], true),
                         s.contains(k, c.quantities[k].difference()) ? "inside" : "outside");
    }
  }
  return out;
}

}  // namespace aet::validation
