#include "validation/analysis_comparison.hpp"

#include "analysis/report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

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
  };
  return keys;
}

AnalysisComparison compare_analyses(const AtomModel& truth, const AtomModel& traced,
                                    const analysis::AnalysisOptions& options) {
  const auto rt = analysis::analyze(truth, options);
  const auto rg = analysis::analyze(traced, options);
  const nlohmann::json jt = analysis::to_json(rt, options), jg = analysis::to_json(rg, options);
  AnalysisComparison c;
  for (const auto& key : compared_keys()) c.quantities.push_back({key, at(jt, key), at(jg, key)});
  for (const auto& n : rt.notes) c.notes.push_back("truth: " + n);
  for (const auto& n : rg.notes) c.notes.push_back("traced: " + n);
  return c;
}

nlohmann::json to_json(const AnalysisComparison& c) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& q : c.quantities)
    j[q.key] = {{"truth", num(q.truth)}, {"traced", num(q.traced)}, {"difference", num(q.difference())}};
  j["notes"] = c.notes;
  return j;
}

std::string format_comparison(const AnalysisComparison& c) {
  const auto f = [](double x, bool sign) {
    if (!std::isfinite(x)) return std::string("-");
    return sign ? fmt::format("{:+.4f}", x) : fmt::format("{:.4f}", x);
  };
  std::string out = fmt::format("  {:<28} {:>10} {:>10} {:>11}\n", "measurement", "truth", "traced", "difference");
  for (const auto& q : c.quantities)
    out += fmt::format("  {:<28} {:>10} {:>10} {:>11}\n", q.key, f(q.truth, false), f(q.traced, false),
                       f(q.difference(), true));
  return out;
}

}  // namespace aet::validation
