#include "validation/baseline.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/utc_time.hpp"
#include "core/hash.hpp"
#include "core/version.hpp"
#include "sim/simulate.hpp"
#include "models/presets.hpp"

namespace aet::validation {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
double num_from(const json& j) { return j.is_number() ? j.get<double>() : kNaN; }

/// The number at a '/'-separated path, NaN when absent, null or not a number.
double at(const json& j, const std::string& path) {
  const json::json_pointer p("/" + path);
  if (!j.contains(p)) return kNaN;
  return num_from(j.at(p));
}

std::string utc_date() { return utc_time("%Y-%m-%d %H:%M UTC"); }

Guard guard_from(const std::string& s, const std::string& name) {
  for (Guard g : {Guard::Lower, Guard::Upper, Guard::Both})
    if (to_string(g) == s) return g;
  throw Error(fmt::format("{}: unknown guard '{}' (expected lower, upper or both)", name, s));
}

fs::path realisation_dir(const fs::path& runs_dir, const BaselineCase& c, int k) {
  return runs_dir / c.name / fmt::format("noise-{}", c.noise_seed(k));
}

/// A realisation's outputs already in `dir`, when they are this version's run
/// of this case and realisation.
std::optional<CaseRun> stored_run(const fs::path& dir, const BaselineCase& c, int k) {
  const fs::path report_path = dir / "report.json", atoms = dir / "atoms.xyz";
  if (!fs::is_regular_file(report_path) || !fs::is_regular_file(atoms)) return std::nullopt;
  std::ifstream in(report_path);
  json report = json::parse(in, nullptr, false);
  if (report.is_discarded() || !report.contains("demo") || !report.contains("version")) return std::nullopt;
  const json& d = report["demo"];
  const auto matches = [&](const char* key, const json& v) { return d.contains(key) && d[key] == v; };
  const DemoConfig demo = c.demo(k, pipeline::PipelineConfig{});
  if (report["version"] != kVersion || !matches("acquisition", "paper") || !matches("particle", c.particle) || !matches("seed", c.seed) ||
      !matches("noise_seed", c.noise_seed(k)) || !matches("tilt_range_deg", json{-demo.tilt_max_deg, demo.tilt_max_deg}) ||
      !matches("dose_e_per_A2", sim::paper_preset().dose_e_per_A2 * demo.dose_factor))
    return std::nullopt;
  return CaseRun{std::move(report), atoms_xyz_hash(atoms)};
}

}  // namespace

DemoConfig BaselineCase::demo(int realisation, const pipeline::PipelineConfig& pipeline) const {
  DemoConfig d;
  d.particle = particle;
  d.seed = seed;
  if (realisation > 0) d.noise_seed = noise_seed(realisation);
  d.dose_factor = dose_factor;
  d.tilt_max_deg = tilt_max_deg;
  d.pipeline = pipeline;
  return d;
}

const std::vector<BaselineCase>& baseline_cases() {
  // Realisations: as many as the last record could afford on a shared
  // two-core machine (each small one a few minutes there, the medium one a
  // quarter of an hour); the files say how many each has.
  static const std::vector<BaselineCase> cases{
      {"small-to", "small-to", 1, 1.0, 76.0, 3},
      {"small-decahedron", "small-decahedron", 1, 1.0, 76.0, 3},
      {"small-ico", "small-ico", 1, 1.0, 76.0, 3},
      {"small-amorphous", "small-amorphous", 1, 1.0, 76.0, 2},
      {"small-to-quarter-dose", "small-to", 1, 0.25, 76.0, 2},
      {"small-decahedron-quarter-dose", "small-decahedron", 1, 0.25, 76.0, 2},
      {"small-to-60deg", "small-to", 1, 1.0, 60.0, 3},
      {"small-decahedron-60deg", "small-decahedron", 1, 1.0, 60.0, 3},
      {"medium-decahedron", "medium-decahedron", 1, 1.0, 76.0, 2},
  };
  return cases;
}

std::string to_string(Guard g) {
  switch (g) {
    case Guard::Lower: return "lower";
    case Guard::Upper: return "upper";
    case Guard::Both: return "both";
  }
  return "both";
}

const std::vector<BaselineMetricSpec>& baseline_metric_specs() {
  static const std::vector<BaselineMetricSpec> specs{
      {"recall", "score: matched / true atoms", Guard::Lower, 0.0, true, "one atom of the case: 1 / true atoms"},
      {"precision", "score: matched / traced atoms", Guard::Lower, 0.0, true, "one atom of the case: 1 / true atoms"},
      {"rmsd_pm", "score: position RMSD of matched pairs, global shift removed, pm", Guard::Upper, 0.5, false,
       "0.5 pm"},
      {"species_accuracy", "score: matched pairs with the right species", Guard::Lower, 0.0, true,
       "one atom of the case: 1 / true atoms"},
      {"r_factor", "the reconstruction's final R-factor", Guard::Upper, 1e-3, false, "0.001"},
      {"thickness_true_A", "analysis of the traced atoms: interface thickness by true distance, Å", Guard::Both, 0.1,
       false, "0.1 Å"},
      {"thickness_A", "analysis of the traced atoms: interface thickness, the paper's definition, Å", Guard::Both,
       0.1, false, "0.1 Å"},
      {"mean_bond_length_A", "analysis of the traced atoms: mean bond length, Å", Guard::Both, 0.005, false,
       "0.005 Å (the RMSD floor, 0.5 pm)"},
      {"theta_deg", "analysis of the traced atoms: the five-fold axis's theta, degrees", Guard::Both, 0.1, false,
       "0.1 degree"},
      {"strain_std_percent", "analysis of the traced atoms: strain spread, mean of the six components' sd, %",
       Guard::Both, 0.05, false, "0.05 % strain"},
  };
  return specs;
}

std::vector<double> baseline_metrics(const json& r) {
  const json& a = r.contains("analysis") ? r["analysis"] : json::object();
  // The comparison's keys are analysis.json paths, flat: "interface/thickness_A".
  const auto traced = [&](const std::string& key) {
    return a.contains(key) && a[key].is_object() && a[key].contains("traced") ? num_from(a[key]["traced"]) : kNaN;
  };
  double strain = 0.0;
  for (const char* k : {"xx", "yy", "zz", "yz", "xz", "xy"}) strain += traced(fmt::format("strain/std_percent/{}", k));
  return {
      at(r, "score/recall"),
      at(r, "score/precision"),
      100.0 * at(r, "score/rmsd_shift_removed_A"),
      at(r, "score/species_accuracy"),
      at(r, "r_factor"),
      traced("interface/thickness_true_A"),
      traced("interface/thickness_A"),
      traced("mean_bond_length_A"),
      traced("fivefold/theta_deg"),
      strain / 6.0,
  };
}

std::string tolerance_rule() {
  return "tolerance = max(3 sd, floor), sd the sample standard deviation over the realisations (the reference "
         "included); a regression is a change beyond the tolerance in the guarded direction: lower = a fall "
         "(it may rise freely), upper = a rise (it may fall freely), both = either; a metric the check no longer "
         "produces is a regression, unless a realisation lacked it too (null among 'realisations')";
}

nlohmann::ordered_json to_json(const Baseline& b) {
  // Ordered as a reader reads it: the case, the rule, then the metrics.
  using ojson = nlohmann::ordered_json;
  ojson metrics = ojson::array();
  for (const auto& m : b.metrics) {
    ojson values = ojson::array();
    for (double v : m.values) values.push_back(std::isfinite(v) ? ojson(v) : ojson(nullptr));
    metrics.push_back({{"key", m.key},
                       {"value", m.value},
                       {"guard", to_string(m.guard)},
                       {"tolerance", m.tolerance},
                       {"mean", std::isfinite(m.mean) ? ojson(m.mean) : ojson(nullptr)},
                       {"sd", std::isfinite(m.sd) ? ojson(m.sd) : ojson(nullptr)},
                       {"floor", m.floor},
                       {"floor_rule", m.floor_rule},
                       {"realisations", values}});
  }
  return ojson{{"case", b.c.name},
          {"particle", b.c.particle},
          {"seed", b.c.seed},
          {"dose_factor", b.c.dose_factor},
          {"tilt_max_deg", b.c.tilt_max_deg},
          {"truth_atoms", b.truth_atoms},
          {"image_px", b.image_px},
          {"reference",
           fmt::format("realisation 0: truth and noise seed {} (the case's seed); aetbench baseline check reruns it "
                       "and, on an unchanged binary, reproduces 'value' exactly",
                       b.c.seed)},
          {"realisations", b.c.realisations},
          {"noise_seeds", b.noise_seeds},
          {"tolerance_rule", tolerance_rule()},
          {"atoms_xyz_hash", b.atoms_hash},
          {"version", b.version},
          {"recorded", b.recorded},
          {"pipeline_parameters", ojson(b.parameters)},
          {"metrics", metrics}};
}

Baseline baseline_from_json(const json& j, const std::string& name) {
  try {
    Baseline b;
    b.c.name = j.at("case").get<std::string>();
    b.c.particle = j.at("particle").get<std::string>();
    b.c.seed = j.at("seed").get<std::uint64_t>();
    b.c.dose_factor = j.at("dose_factor").get<double>();
    b.c.tilt_max_deg = j.at("tilt_max_deg").get<double>();
    b.c.realisations = j.at("realisations").get<int>();
    b.truth_atoms = j.at("truth_atoms").get<std::size_t>();
    b.image_px = j.at("image_px").get<int>();
    b.noise_seeds = j.at("noise_seeds").get<std::vector<std::uint64_t>>();
    b.atoms_hash = j.value("atoms_xyz_hash", "");
    b.version = j.value("version", "");
    b.recorded = j.value("recorded", "");
    b.parameters = j.value("pipeline_parameters", json::object());
    (void)models::preset(b.c.particle);
    for (const auto& m : j.at("metrics")) {
      BaselineMetric x;
      x.key = m.at("key").get<std::string>();
      const auto& specs = baseline_metric_specs();
      if (std::none_of(specs.begin(), specs.end(), [&](const auto& s) { return s.key == x.key; }))
        throw Error(fmt::format("unknown metric '{}'", x.key));
      x.value = num_from(m.at("value"));
      x.guard = guard_from(m.at("guard").get<std::string>(), name);
      x.tolerance = m.at("tolerance").get<double>();
      x.mean = num_from(m.value("mean", json(nullptr)));
      x.sd = num_from(m.value("sd", json(nullptr)));
      x.floor = m.value("floor", 0.0);
      x.floor_rule = m.value("floor_rule", "");
      for (const auto& v : m.value("realisations", json::array())) x.values.push_back(num_from(v));
      if (!std::isfinite(x.value) || !(x.tolerance >= 0.0))
        throw Error(fmt::format("metric '{}' has no value or a negative tolerance", x.key));
      b.metrics.push_back(x);
    }
    return b;
  } catch (const json::exception& e) {
    throw Error(fmt::format("{}: not a baseline file ({})", name, e.what()));
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", name, e.what()));
  }
}

void write_baseline(const fs::path& dir, const Baseline& b) {
  fs::create_directories(dir);
  write_stream_atomically(dir / (b.c.name + ".json"), [&](std::ostream& out) { out << to_json(b).dump(2) << '\n'; });
}

std::vector<Baseline> read_baselines(const fs::path& dir, const std::vector<std::string>& names) {
  if (!fs::is_directory(dir)) throw Error(fmt::format("{}: no such baselines folder", dir.string()));
  std::vector<fs::path> files;
  if (names.empty()) {
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw Error(fmt::format("{}: no baseline files (*.json)", dir.string()));
  } else {
    for (const auto& n : names) {
      const fs::path f = dir / (n + ".json");
      if (!fs::is_regular_file(f)) throw Error(fmt::format("{}: no baseline for case '{}'", dir.string(), n));
      files.push_back(f);
    }
  }
  std::vector<Baseline> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    const json j = json::parse(in, nullptr, false);
    if (j.is_discarded()) throw Error(fmt::format("{}: not valid JSON", f.string()));
    out.push_back(baseline_from_json(j, f.string()));
  }
  return out;
}

std::string atoms_xyz_hash(const fs::path& path) { return file_fnv1a64_hex(path); }

CaseRun run_case(const BaselineCase& c, int k, const pipeline::PipelineConfig& pipeline, const fs::path& dir) {
  fmt::print(stderr, "baseline: {}: realisation {} (noise seed {})\n", c.name, k, c.noise_seed(k));
  const DemoResult r = run_demo(c.demo(k, pipeline));
  write_demo_outputs(dir, r, /*html_report=*/false);  // the atoms are what a baseline keeps
  return {r.report, atoms_xyz_hash(dir / "atoms.xyz")};
}

BaselineMetric measure_metric(const BaselineMetricSpec& spec, const std::vector<double>& values,
                              std::size_t truth_atoms) {
  if (values.empty() || !std::isfinite(values.front()))
    throw Error(fmt::format("baseline metric {}: the reference realisation has no value", spec.key));
  BaselineMetric m;
  m.key = spec.key;
  m.guard = spec.guard;
  m.value = values.front();
  m.values = values;
  double sum = 0.0, n = 0.0;
  for (double v : values)
    if (std::isfinite(v)) sum += v, n += 1.0;
  m.mean = sum / n;
  double ss = 0.0;
  for (double v : values)
    if (std::isfinite(v)) ss += (v - m.mean) * (v - m.mean);
  m.sd = n > 1.0 ? std::sqrt(ss / (n - 1.0)) : kNaN;
  m.floor = spec.floor_per_atom ? 1.0 / double(std::max<std::size_t>(truth_atoms, 1)) : spec.floor;
  m.floor_rule = spec.floor_rule;
  m.tolerance = std::isfinite(m.sd) ? std::max(3.0 * m.sd, m.floor) : m.floor;
  return m;
}

Baseline record_baseline(const BaselineCase& c, const pipeline::PipelineConfig& pipeline, const fs::path& runs_dir,
                         bool reuse) {
  if (c.realisations < 2) throw Error(fmt::format("baseline {}: a spread needs at least 2 realisations", c.name));
  std::vector<CaseRun> runs;
  for (int k = 0; k < c.realisations; ++k) {
    const fs::path dir = realisation_dir(runs_dir, c, k);
    std::optional<CaseRun> run = reuse ? stored_run(dir, c, k) : std::nullopt;
    if (run) fmt::print(stderr, "baseline: {}: realisation {} read from {}\n", c.name, k, dir.string());
    else run = run_case(c, k, pipeline, dir);
    if (!runs.empty() && run->report["parameters"] != runs.front().report["parameters"])
      throw Error(fmt::format("baseline {}: {} was run with other pipeline parameters than the reference", c.name,
                              dir.string()));
    runs.push_back(std::move(*run));
  }
  const json& ref = runs.front().report;
  Baseline b;
  b.c = c;
  b.truth_atoms = ref["demo"]["truth_atoms"].get<std::size_t>();
  b.image_px = ref["demo"]["image_px"].get<int>();
  for (int k = 0; k < c.realisations; ++k) b.noise_seeds.push_back(c.noise_seed(k));
  b.atoms_hash = runs.front().atoms_hash;
  b.parameters = ref["parameters"];
  b.version = kVersion;
  b.recorded = utc_date();
  std::vector<std::vector<double>> values;
  for (const auto& r : runs) values.push_back(baseline_metrics(r.report));
  const auto& specs = baseline_metric_specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (!std::isfinite(values.front()[i])) continue;  // the case has no such measurement
    std::vector<double> v;
    for (const auto& r : values) v.push_back(r[i]);
    b.metrics.push_back(measure_metric(specs[i], v, b.truth_atoms));
  }
  return b;
}

void append_baseline_change(const fs::path& log, const std::string& reason, const std::vector<std::string>& cases) {
  std::string text;
  if (fs::is_regular_file(log)) {
    std::ifstream in(log, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() != '\n') text += '\n';
  } else {
    text = "# Baseline changes\n\nEvery deliberate re-record (aetbench baseline record --reason), newest last.\n";
  }
  text += fmt::format("\n## {}, aetbench {}: {}\n\n{}\n", utc_date(), kVersion, fmt::join(cases, ", "), reason);
  write_stream_atomically(log, [&](std::ostream& out) { out << text; });
}

std::size_t CaseCheck::regressions() const {
  return std::size_t(std::count_if(metrics.begin(), metrics.end(), [](const auto& m) { return m.regression; }));
}

bool BaselineMetric::may_be_absent() const {
  return std::any_of(values.begin(), values.end(), [](double v) { return !std::isfinite(v); });
}

bool is_regression(const BaselineMetric& m, double now) {
  if (!std::isfinite(now) && m.may_be_absent()) return false;
  // Written so that NaN (the metric lost) is a regression.
  switch (m.guard) {
    case Guard::Lower: return !(now >= m.value - m.tolerance);
    case Guard::Upper: return !(now <= m.value + m.tolerance);
    case Guard::Both: return !(std::fabs(now - m.value) <= m.tolerance);
  }
  return true;
}

CaseCheck check_baseline(const Baseline& b, const pipeline::PipelineConfig& pipeline, const fs::path& dir) {
  const auto t0 = std::chrono::steady_clock::now();
  const CaseRun run = run_case(b.c, 0, pipeline, dir);
  CaseCheck c;
  c.name = b.c.name;
  c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  c.baseline_hash = b.atoms_hash;
  c.now_hash = run.atoms_hash;
  const json& was = b.parameters;
  const json& is = run.report.contains("parameters") ? run.report["parameters"] : json::object();
  for (const auto& [key, value] : is.items())
    if (!was.contains(key) || was[key] != value)
      c.parameter_changes.push_back(
          fmt::format("{}: {} -> {}", key, was.contains(key) ? was[key].dump() : std::string("-"), value.dump()));
  const std::vector<double> now = baseline_metrics(run.report);
  const auto& specs = baseline_metric_specs();
  for (const auto& m : b.metrics) {
    const auto i = std::size_t(std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.key == m.key; }) -
                               specs.begin());
    c.metrics.push_back({m.key, m.guard, m.value, now[i], m.tolerance, is_regression(m, now[i])});
  }
  return c;
}

namespace {

std::string verdict(const MetricCheck& m) {
  if (m.regression) return "REGRESSION";
  const bool beyond = !(std::fabs(m.now - m.baseline) <= m.tolerance);
  return beyond ? "better" : "ok";
}

}  // namespace

std::string format_checks(const std::vector<CaseCheck>& checks) {
  std::string out = fmt::format("{:<30} {:<19} {:<6} {:>10} {:>10} {:>10}  {}\n", "case", "metric", "guard",
                                "baseline", "now", "tolerance", "verdict");
  const auto f = [](double x) { return std::isfinite(x) ? fmt::format("{:.4f}", x) : std::string("-"); };
  for (const auto& c : checks)
    for (const auto& m : c.metrics)
      out += fmt::format("{:<30} {:<19} {:<6} {:>10} {:>10} {:>10}  {}\n", c.name, m.key, to_string(m.guard),
                         f(m.baseline), f(m.now), f(m.tolerance), verdict(m));
  for (const auto& c : checks) {
    if (!c.parameter_changes.empty())
      out += fmt::format("{}: pipeline parameters other than the baseline's: {}\n", c.name,
                         fmt::join(c.parameter_changes, ", "));
    out += c.atoms_changed()
               ? fmt::format("{}: atoms.xyz changed ({} recorded, {} now; informational)\n", c.name,
                             c.baseline_hash, c.now_hash)
               : fmt::format("{}: atoms.xyz unchanged ({})\n", c.name, c.now_hash);
  }
  return out;
}

json to_json(const std::vector<CaseCheck>& checks) {
  json cases = json::array();
  std::size_t regressions = 0;
  for (const auto& c : checks) {
    json metrics = json::array();
    for (const auto& m : c.metrics)
      metrics.push_back({{"metric", m.key},
                         {"guard", to_string(m.guard)},
                         {"baseline", num(m.baseline)},
                         {"now", num(m.now)},
                         {"tolerance", m.tolerance},
                         {"verdict", verdict(m)}});
    cases.push_back({{"case", c.name},
                     {"seconds", c.seconds},
                     {"regressions", c.regressions()},
                     {"atoms_xyz", {{"baseline", c.baseline_hash}, {"now", c.now_hash}, {"changed", c.atoms_changed()}}},
                     {"parameter_changes", c.parameter_changes},
                     {"metrics", metrics}});
    regressions += c.regressions();
  }
  return {{"version", kVersion}, {"regressions", regressions}, {"cases", cases}};
}

}  // namespace aet::validation
