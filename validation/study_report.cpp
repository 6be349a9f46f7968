#include "validation/study_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "validation/analysis_comparison.hpp"
#include "validation/demo.hpp"
#include "validation/html_report.hpp"
#include "validation/plot.hpp"

namespace aet::validation {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kThicknessTrue = "interface/thickness_true_A";
const char* const kThicknessPaper = "interface/thickness_A";

/// The axes of a point, in the manifest's order, and how a label shows them.
struct Axis {
  const char* key;
  const char* header;
};
const std::vector<Axis> kAxes{{"particle", "particle"},        {"interface_width_A", "built width (Å)"},
                              {"dose_factor", "dose (× paper)"}, {"tilt_max_deg", "tilt (±°)"},
                              {"n_tilts", "tilts"},             {"misalignment_scale", "misalignment (×)"},
                              {"source_fwhm_A", "source (Å)"},  {"source_tail_fraction", "source skirt"},
                              {"source_tail_fwhm_A", "skirt (Å)"}, {"adf_model", "ADF model"},
                              {"z_exponent", "Z exponent"},     {"vibration_rms_A", "vibration (Å)"},
                              {"column_saturation_atoms", "column saturation (atoms)"}};

std::string show(const json& v) {
  if (v.is_null()) return "–";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return fmt::format("{:g}", v.get<double>());
  return v.dump();
}

std::string axis_label(const std::string& key, const json& v) {
  if (key == "particle") return show(v);
  if (key == "interface_width_A") return v.is_null() ? "width as in file" : fmt::format("built {:g} Å", v.get<double>());
  if (key == "dose_factor") return fmt::format("dose ×{:g}", v.get<double>());
  if (key == "tilt_max_deg") return fmt::format("±{:g}°", v.get<double>());
  if (key == "n_tilts") return fmt::format("{} tilts", v.get<int>());
  if (key == "misalignment_scale") return fmt::format("misalignment ×{:g}", v.get<double>());
  if (key == "source_fwhm_A") return fmt::format("source {:g} Å", v.get<double>());
  if (key == "source_tail_fraction") return fmt::format("skirt {:g}", v.get<double>());
  if (key == "source_tail_fwhm_A") return fmt::format("skirt {:g} Å", v.get<double>());
  if (key == "z_exponent") return fmt::format("Z^{:g}", v.get<double>());
  if (key == "vibration_rms_A") return v.is_null() ? "vibration per element" : fmt::format("vibration {:g} Å", v.get<double>());
  if (key == "column_saturation_atoms")
    return v.get<double>() == 0.0 ? "linear columns" : fmt::format("columns saturate at {:g}", v.get<double>());
  return show(v);
}

double num(const json& j) { return j.is_number() ? j.get<double>() : kNaN; }

struct Row {
  std::string id;
  json params, point;
  std::map<std::string, double> m;
  double get(const std::string& k) const {
    auto it = m.find(k);
    return it == m.end() ? kNaN : it->second;
  }
};

Row row_of(const json& point) {
  Row r;
  r.id = point.value("id", "");
  r.params = point.value("parameters", json::object());
  r.point = point;
  const json& s = point.contains("score") ? point["score"] : json::object();
  r.m["recall"] = num(s.value("recall", json()));
  r.m["precision"] = num(s.value("precision", json()));
  r.m["rmsd_pm"] = 100.0 * num(s.value("rmsd_shift_removed_A", json()));
  r.m["species_accuracy"] = num(s.value("species_accuracy", json()));
  r.m["truth_atoms"] = num(s.value("truth_atoms", json()));
  r.m["traced_atoms"] = num(s.value("traced_atoms", json()));
  r.m["r_factor"] = num(point.value("r_factor", json()));
  r.m["seconds"] = num(point.value("seconds", json()));
  r.m["failed"] = point.value("failed", false) ? 1.0 : 0.0;
  const json& a = point.contains("analysis") ? point["analysis"] : json::object();
  for (const auto& k : compared_keys()) {
    if (!a.contains(k) || !a[k].is_object()) continue;
    for (const char* part : {"truth", "traced", "difference"}) r.m[k + "." + part] = num(a[k].value(part, json()));
  }
  const double built = num(r.params.value("interface_width_A", json()));
  for (const char* k : {kThicknessTrue, kThicknessPaper}) {
    r.m[std::string(k) + ".bias"] = r.get(std::string(k) + ".traced") - built;
    r.m[std::string(k) + ".truth_bias"] = r.get(std::string(k) + ".truth") - built;
  }
  return r;
}

/// An axis's value; the simulator's assumptions are in a point's parameters
/// only when not the default, which this fills in.
json axis_value(const json& params, const std::string& key) {
  if (params.contains(key)) return params[key];
  static const json sim0 = SimAssumptions{}.to_json();
  return sim0.value(key, json());
}

json without_seed(const json& params) {
  json p = json::object();
  for (const auto& a : kAxes) p[a.key] = axis_value(params, a.key);
  return p;
}

struct Cell {
  json params;  ///< the axes, without the seed
  std::vector<const Row*> rows;
  std::vector<double> values(const std::string& metric) const {
    std::vector<double> v;
    for (const Row* r : rows) v.push_back(r->get(metric));
    return v;
  }
  double mean(const std::string& metric) const { return num(summary_statistics(values(metric))["mean"]); }
  double sd(const std::string& metric) const { return num(summary_statistics(values(metric))["sd"]); }
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string(); }

std::string mean_sd(const json& st, int digits, double scale = 1.0) {
  if (!st["mean"].is_number()) return "–";
  const double m = scale * st["mean"].get<double>();
  if (!st["sd"].is_number()) return fmt::format("{:.{}f}", m, digits);
  return fmt::format("{:.{}f} ± {:.{}f}", m, digits, scale * st["sd"].get<double>(), digits);
}

std::string sanitized(const std::string& s) {
  std::string o;
  for (char c : s) o += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return o;
}

/// The distinct values of an axis, sorted.
std::vector<json> distinct(const std::vector<Cell>& cells, const std::string& key) {
  std::vector<json> v;
  for (const auto& c : cells)
    if (std::find(v.begin(), v.end(), c.params[key]) == v.end()) v.push_back(c.params[key]);
  std::sort(v.begin(), v.end());
  return v;
}

/// Curves of `metric` against `x_key` over `cells`, one per combination of
/// the axes in `group_keys` (labelled by those that vary).
std::vector<PlotCurve> curves_against(const std::vector<const Cell*>& cells, const std::string& x_key,
                                      const std::vector<std::string>& group_keys, const std::vector<std::string>& varying,
                                      const std::string& metric, const std::string& suffix, bool dashed,
                                      std::map<std::string, int>& colours) {
  std::map<std::string, std::vector<const Cell*>> groups;
  std::vector<std::string> order;
  std::map<std::string, std::string> titles;
  for (const Cell* c : cells) {
    json g = json::object();
    std::vector<std::string> parts;
    for (const auto& k : group_keys) {
      g[k] = c->params[k];
      if (std::find(varying.begin(), varying.end(), k) != varying.end()) parts.push_back(axis_label(k, c->params[k]));
    }
    const std::string key = g.dump();
    if (!groups.count(key)) {
      order.push_back(key);
      titles[key] = parts.empty() ? std::string("all") : fmt::format("{}", fmt::join(parts, ", "));
    }
    groups[key].push_back(c);
  }
  std::vector<PlotCurve> out;
  for (const auto& key : order) {
    PlotCurve cv;
    cv.title = titles[key] + suffix;
    cv.dashed = dashed;
    if (!colours.count(key)) colours[key] = int(colours.size());
    cv.colour = colours[key];
    auto cs = groups[key];
    std::sort(cs.begin(), cs.end(), [&](const Cell* a, const Cell* b) { return num(a->params[x_key]) < num(b->params[x_key]); });
    for (const Cell* c : cs) cv.points.push_back({num(c->params[x_key]), c->mean(metric), c->sd(metric)});
    out.push_back(cv);
  }
  return out;
}

bool spans(const std::vector<json>& xs) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& x : xs)
    if (x.is_number()) lo = std::min(lo, x.get<double>()), hi = std::max(hi, x.get<double>());
  return lo > 0 && hi / lo >= 2.0;
}

std::vector<const Cell*> select(const std::vector<Cell>& cells, const std::string& key, const json& value) {
  std::vector<const Cell*> out;
  for (const auto& c : cells)
    if (c.params[key] == value) out.push_back(&c);
  return out;
}

bool any_finite(const std::vector<Cell>& cells, const std::string& metric) {
  for (const auto& c : cells)
    for (double v : c.values(metric))
      if (std::isfinite(v)) return true;
  return false;
}

std::vector<PlotFigure> study_figures(const std::vector<Cell>& cells, const std::vector<Row>& rows,
                                      const std::vector<std::string>& varying) {
  std::vector<PlotFigure> figs;
  const auto particles = distinct(cells, "particle");
  const bool log_dose = spans(distinct(cells, "dose_factor"));
  std::vector<double> dose_tics, width_tics;
  for (const auto& d : distinct(cells, "dose_factor")) dose_tics.push_back(num(d));
  for (const auto& w : distinct(cells, "interface_width_A"))
    if (w.is_number()) width_tics.push_back(num(w));
  const std::vector<std::string> per_tilt{"tilt_max_deg", "n_tilts", "misalignment_scale"};

  // Recovered interface thickness against dose: a panel per built width.
  if (any_finite(cells, std::string(kThicknessTrue) + ".traced"))
    for (const auto& particle : particles) {
      PlotFigure f;
      f.name = "thickness_vs_dose_" + sanitized(show(particle));
      f.title = fmt::format("{}: recovered interface thickness (5–95 %) vs dose; solid: true distance, dashed: the paper's",
                            show(particle));
      const auto pc = select(cells, "particle", particle);
      std::vector<Cell> mine;
      for (const Cell* c : pc) mine.push_back(*c);
      for (const auto& w : distinct(mine, "interface_width_A")) {
        PlotPanel p;
        std::vector<const Cell*> in;
        for (const Cell* c : pc)
          if (c->params["interface_width_A"] == w) in.push_back(c);
        p.title = axis_label("interface_width_A", w);
        p.xlabel = "dose (× the paper's 6.4e5 e/Å²)";
        p.ylabel = "thickness (Å)";
        p.logx = log_dose;
      p.xtics = dose_tics;
        p.xtics = dose_tics;
        std::map<std::string, int> colours;
        for (auto& cv : curves_against(in, "dose_factor", per_tilt, varying, std::string(kThicknessTrue) + ".traced",
                                       ", true distance", false, colours))
          p.curves.push_back(cv);
        for (auto& cv : curves_against(in, "dose_factor", per_tilt, varying, std::string(kThicknessPaper) + ".traced",
                                       ", paper's", true, colours))
          p.curves.push_back(cv);
        if (w.is_number()) p.hlines.push_back({fmt::format("built {:g} Å", w.get<double>()), w.get<double>()});
        // The estimator on the truth itself: what a perfect reconstruction would give.
        std::vector<double> tt, tp;
        for (const Cell* c : in)
          for (const Row* r : c->rows) {
            tt.push_back(r->get(std::string(kThicknessTrue) + ".truth"));
            tp.push_back(r->get(std::string(kThicknessPaper) + ".truth"));
          }
        const double mt = num(summary_statistics(tt)["mean"]), mp = num(summary_statistics(tp)["mean"]);
        if (std::isfinite(mt)) p.hlines.push_back({fmt::format("truth, true distance {:.2f} Å", mt), mt});
        if (std::isfinite(mp)) p.hlines.push_back({fmt::format("truth, paper's {:.2f} Å", mp), mp});
        f.panels.push_back(p);
      }
      f.columns = std::min<int>(3, int(f.panels.size()));
      figs.push_back(f);
    }

  // Thickness bias (recovered − built) against the built width.
  std::vector<const Cell*> built;
  for (const auto& c : cells)
    if (c.params["interface_width_A"].is_number()) built.push_back(&c);
  if (!built.empty() && any_finite(cells, std::string(kThicknessTrue) + ".bias")) {
    PlotFigure f;
    f.name = "thickness_bias";
    f.title = "interface thickness bias (recovered − built) vs the built width";
    for (const auto& [k, name] : {std::pair{kThicknessTrue, "true distance"}, std::pair{kThicknessPaper, "the paper's definition"}}) {
      PlotPanel p;
      p.title = name;
      p.xlabel = "built interface width (Å)";
      p.ylabel = "recovered − built (Å)";
      p.xtics = width_tics;
      std::map<std::string, int> colours;
      std::vector<std::string> group{"particle", "dose_factor", "tilt_max_deg", "n_tilts", "misalignment_scale"};
      for (auto& cv : curves_against(built, "interface_width_A", group, varying, std::string(k) + ".bias", "", false, colours))
        p.curves.push_back(cv);
      for (auto& cv : curves_against(built, "interface_width_A", {"particle"}, varying, std::string(k) + ".truth_bias",
                                     " (truth itself)", true, colours)) {
        cv.colour = 8;
        p.curves.push_back(cv);
      }
      p.hlines.push_back({"no bias", 0.0});
      f.panels.push_back(p);
    }
    figs.push_back(f);
  }

  // Atom scores against dose, a curve per tilt range.
  for (const auto& particle : particles) {
    PlotFigure f;
    f.name = "scores_" + sanitized(show(particle));
    f.title = fmt::format("{}: atom scores vs dose", show(particle));
    const auto pc = select(cells, "particle", particle);
    const std::vector<std::string> group{"interface_width_A", "tilt_max_deg", "n_tilts", "misalignment_scale"};
    for (const auto& [metric, ylabel] : {std::pair{"recall", "recall"}, std::pair{"precision", "precision"},
                                         std::pair{"rmsd_pm", "position RMSD (pm)"},
                                         std::pair{"species_accuracy", "species accuracy"}}) {
      PlotPanel p;
      p.title = ylabel;
      p.xlabel = "dose (× paper)";
      p.ylabel = ylabel;
      p.logx = log_dose;
      p.xtics = dose_tics;
      std::map<std::string, int> colours;
      p.curves = curves_against(pc, "dose_factor", group, varying, metric, "", false, colours);
      f.panels.push_back(p);
    }
    figs.push_back(f);
  }

  // Strain spread and theta, traced against truth, point by point.
  {
    PlotFigure f;
    f.name = "strain_theta";
    f.title = "the paper's measurements, traced vs truth (one marker per point)";
    PlotPanel strain;
    strain.title = "strain spread (sd, %)";
    strain.xlabel = "truth";
    strain.ylabel = "traced";
    strain.diagonal = true;
    int colour = 0;
    for (const char* comp : {"xx", "yy", "zz", "yz", "xz", "xy"}) {
      PlotCurve cv;
      cv.title = comp;
      cv.lines = false;
      cv.colour = colour++;
      const std::string k = fmt::format("strain/std_percent/{}", comp);
      for (const Row& r : rows) cv.points.push_back({r.get(k + ".truth"), r.get(k + ".traced"), 0.0});
      strain.curves.push_back(cv);
    }
    PlotPanel theta;
    theta.title = "five-fold axis θ (°)";
    theta.xlabel = "truth";
    theta.ylabel = "traced";
    theta.diagonal = true;
    colour = 0;
    for (const auto& particle : particles) {
      PlotCurve cv;
      cv.title = show(particle);
      cv.lines = false;
      cv.colour = colour++;
      for (const Row& r : rows)
        if (r.params["particle"] == particle) cv.points.push_back({r.get("fivefold/theta_deg.truth"), r.get("fivefold/theta_deg.traced"), 0.0});
      theta.curves.push_back(cv);
    }
    f.panels = {strain, theta};
    figs.push_back(f);
  }
  return figs;
}

json read_json(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot read", path.string()));
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(fmt::format("{}: not JSON", path.string()));
  return j;
}

}  // namespace

json summary_statistics(const std::vector<double>& values) {
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  json j{{"n", v.size()}, {"mean", nullptr}, {"sd", nullptr}, {"min", nullptr}, {"max", nullptr}};
  if (v.empty()) return j;
  double sum = 0.0;
  for (double x : v) sum += x;
  const double mean = sum / double(v.size());
  j["mean"] = mean;
  j["min"] = *std::min_element(v.begin(), v.end());
  j["max"] = *std::max_element(v.begin(), v.end());
  if (v.size() >= 2) {
    double ss = 0.0;
    for (double x : v) ss += (x - mean) * (x - mean);
    j["sd"] = std::sqrt(ss / double(v.size() - 1));
  }
  return j;
}

StudyReportSummary write_study_report(const fs::path& dir) {
  const fs::path manifest_path = dir / "manifest.json";
  if (!fs::is_regular_file(manifest_path))
    throw Error(fmt::format("{}: not a study folder (no manifest.json; `aetbench study run` writes one)", dir.string()));
  const json manifest = read_json(manifest_path);
  if (manifest.value("format", "") != "aetbench-study" || !manifest.contains("points") || !manifest["points"].is_array())
    throw Error(fmt::format("{}: not a study manifest", manifest_path.string()));

  StudyReportSummary sum;
  std::vector<Row> rows;
  std::vector<json> all_params;
  for (const json& p : manifest["points"]) {
    ++sum.points;
    const std::string id = p.value("id", "");
    all_params.push_back(p.value("parameters", json::object()));
    const fs::path f = dir / "points" / (id + ".json");
    if (!fs::is_regular_file(f)) {
      sum.unfinished.push_back(id);
      continue;
    }
    json point = read_json(f);
    if (point.value("parameter_hash", "") != p.value("parameter_hash", "")) {
      sum.unfinished.push_back(id);  // a stale file: the next run refuses or redoes it
      continue;
    }
    if (point.value("failed", false)) sum.failed.push_back(id);
    rows.push_back(row_of(point));
  }
  sum.finished = rows.size();

  // The axes that vary over the study (labels name only those).
  std::vector<std::string> varying;
  for (const auto& a : kAxes) {
    std::set<std::string> seen;
    for (const auto& p : all_params) seen.insert(axis_value(p, a.key).dump());
    if (seen.size() > 1) varying.push_back(a.key);
  }

  // Cells: the points without their seed, in the manifest's order.
  std::vector<Cell> cells;
  std::map<std::string, std::size_t> cell_of;
  for (const Row& r : rows) {
    const json key = without_seed(r.params);
    const std::string k = key.dump();
    if (!cell_of.count(k)) {
      cell_of[k] = cells.size();
      cells.push_back(Cell{key, {}});
    }
    cells[cell_of[k]].rows.push_back(&r);
  }

  std::vector<std::string> collect = manifest.value("collect", compared_keys());
  std::vector<std::string> metrics{"recall",           "precision", "rmsd_pm", "species_accuracy",
                                   "r_factor",         "seconds",   "truth_atoms", "traced_atoms"};
  for (const auto& k : collect)
    for (const char* part : {".truth", ".traced", ".difference"}) metrics.push_back(k + part);
  for (const char* k : {kThicknessTrue, kThicknessPaper})
    if (std::find(collect.begin(), collect.end(), k) != collect.end()) metrics.push_back(std::string(k) + ".bias");

  // study.csv
  std::string csv = "id";
  for (const auto& a : kAxes) csv += std::string(",") + a.key;
  csv += ",seed";
  for (const char* m : {"truth_atoms", "traced_atoms", "recall", "precision", "rmsd_pm", "species_accuracy", "r_factor", "seconds"})
    csv += std::string(",") + m;
  // Appended field by field (GCC 12 misreads "," + std::string as an overlapping copy).
  const auto field = [&csv](const std::string& f) {
    csv += ',';
    csv += f;
  };
  for (const auto& k : collect) {
    field(csv_field(k + ".truth"));
    field(csv_field(k + ".traced"));
  }
  csv += ",rank,host,status\n";
  for (const Row& r : rows) {
    csv += csv_field(r.id);
    for (const auto& a : kAxes) {
      const json v = axis_value(r.params, a.key);
      field(v.is_string() ? csv_field(v.get<std::string>()) : v.is_number() ? csv_number(v.get<double>()) : std::string());
    }
    field(show(r.params.value("seed", json())));
    for (const char* m : {"truth_atoms", "traced_atoms", "recall", "precision", "rmsd_pm", "species_accuracy", "r_factor", "seconds"})
      field(csv_number(r.get(m)));
    for (const auto& k : collect) {
      field(csv_number(r.get(k + ".truth")));
      field(csv_number(r.get(k + ".traced")));
    }
    field(show(r.point.value("rank", json())));
    field(csv_field(r.point.value("host", "")));
    field(csv_field(r.point.value("status", "")));
    csv += '\n';
  }
  write_stream_atomically(dir / "study.csv", [&](std::ostream& out) { out << csv; });

  // study.json
  json jcells = json::array();
  for (const Cell& c : cells) {
    json seeds = json::array(), ids = json::array(), stats = json::object();
    for (const Row* r : c.rows) {
      seeds.push_back(r->params.value("seed", json()));
      ids.push_back(r->id);
    }
    json failed = json::array();
    for (const Row* r : c.rows)
      if (r->get("failed") > 0) failed.push_back(r->id);
    for (const auto& m : metrics) stats[m] = summary_statistics(c.values(m));
    jcells.push_back({{"parameters", c.params}, {"seeds", seeds}, {"points", ids}, {"metrics", stats}, {"failed", failed}});
  }
  const json study{{"format", "aetbench-study-report"}, {"name", manifest.value("name", "")},
                   {"version", kVersion},                 {"study_hash", manifest.value("study_hash", "")},
                   {"points", sum.points},                {"finished", sum.finished},
                   {"unfinished", sum.unfinished},        {"failed", sum.failed},
                   {"varying", varying},
                   {"metrics", metrics},                  {"cells", jcells}};
  write_stream_atomically(dir / "study.json", [&](std::ostream& out) { out << study.dump(1) << '\n'; });

  // Plots.
  const fs::path plots = dir / "plots";
  fs::create_directories(plots);
  const auto gnuplot = gnuplot_version();
  std::vector<std::pair<PlotFigure, bool>> figures;
  if (!rows.empty())
    for (auto& f : study_figures(cells, rows, varying)) {
      const bool ok = gnuplot && render_figure(f, plots);
      sum.plots += ok ? 1 : 0;
      figures.push_back({f, ok});
    }
  if (!gnuplot) fmt::print(stderr, "study report: gnuplot not found: no plots (scripts/install-deps installs it)\n");

  // report.html
  const std::string name = manifest.value("name", "study");
  HtmlPage page("aetbench study: " + name);
  page.heading(1, "Study " + name);
  std::set<std::string> versions, hosts;
  std::set<int> ranks;
  double compute_s = 0.0;
  for (const Row& r : rows) {
    versions.insert(r.point.value("version", "?"));
    hosts.insert(r.point.value("host", "?"));
    ranks.insert(r.point.value("rank", 0));
    compute_s += r.get("seconds") * std::max(1.0, num(r.point.value("threads", json(1))));
  }
  page.paragraph(fmt::format("{} of {} points finished{}. Compute: {:.0f} core-seconds ({:.2f} core-hours) on {} host(s), {} rank(s).",
                             sum.finished, sum.points,
                             sum.unfinished.empty() ? std::string()
                                                    : fmt::format(" (unfinished: {})", fmt::join(sum.unfinished, ", ")),
                             compute_s, compute_s / 3600.0, hosts.size(), ranks.size()));
  page.paragraph(sum.failed.empty()
                     ? std::string("No finished point failed (every run's status is ok, or predates the status).")
                     : fmt::format("{} of {} finished points FAILED: their run's status is \"suspect\" (R far above "
                                   "what the noise allows, or the particle at the image edge; see status_reasons in "
                                   "their point files); their scores are in the tables, marked: {}.",
                                   sum.failed.size(), sum.finished, fmt::join(sum.failed, ", ")));
  page.paragraph(
      "Each point: a Pd@Pt truth (built by models/ or read from a file) → its ADF-STEM tilt series simulated → the "
      "pipeline on the series alone → traced atoms scored against the truth, and the paper's measurements made on "
      "both. A cell is a point without its seed: values are mean ± sd over the seeds.");
  if (!varying.empty()) {
    std::vector<std::string> v;
    for (const auto& k : varying) v.push_back(k);
    page.paragraph(fmt::format("Axes that vary: {}.", fmt::join(v, ", ")));
  }
  page.heading(2, "Plots");
  if (!gnuplot) page.raw("<p class=\"note\">gnuplot was not found: no plots.</p>\n");
  for (const auto& [f, ok] : figures) page.figure(plots / f.name, f.title);

  page.heading(2, "Cells (mean ± sd over seeds)");
  {
    std::vector<std::string> header;
    for (const auto& a : kAxes) header.push_back(a.header);
    for (const char* h : {"seeds", "recall", "precision", "RMSD (pm)", "species", "thickness, true distance (Å)",
                          "thickness, paper's (Å)", "truth's true / paper's (Å)", "seconds"})
      header.push_back(h);
    std::vector<std::vector<std::string>> table;
    for (const Cell& c : cells) {
      std::vector<std::string> row;
      for (const auto& a : kAxes) row.push_back(show(c.params[a.key]));
      row.push_back(fmt::format("{}", c.rows.size()));
      row.push_back(mean_sd(summary_statistics(c.values("recall")), 3));
      row.push_back(mean_sd(summary_statistics(c.values("precision")), 3));
      row.push_back(mean_sd(summary_statistics(c.values("rmsd_pm")), 1));
      row.push_back(mean_sd(summary_statistics(c.values("species_accuracy")), 3));
      row.push_back(mean_sd(summary_statistics(c.values(std::string(kThicknessTrue) + ".traced")), 2));
      row.push_back(mean_sd(summary_statistics(c.values(std::string(kThicknessPaper) + ".traced")), 2));
      row.push_back(mean_sd(summary_statistics(c.values(std::string(kThicknessTrue) + ".truth")), 2) + " / " +
                    mean_sd(summary_statistics(c.values(std::string(kThicknessPaper) + ".truth")), 2));
      row.push_back(mean_sd(summary_statistics(c.values("seconds")), 0));
      table.push_back(row);
    }
    page.table(header, table);
  }

  page.heading(2, "Points");
  {
    std::vector<std::string> header{"id"};
    for (const auto& a : kAxes) header.push_back(a.header);
    for (const char* h : {"seed", "atoms", "recall", "precision", "RMSD (pm)", "species", "R", "seconds", "rank", "host", "status"})
      header.push_back(h);
    std::vector<std::vector<std::string>> table;
    for (const Row& r : rows) {
      std::vector<std::string> row{r.id};
      for (const auto& a : kAxes) row.push_back(show(axis_value(r.params, a.key)));
      row.push_back(show(r.params.value("seed", json())));
      row.push_back(csv_number(r.get("truth_atoms")));
      row.push_back(fmt::format("{:.4f}", r.get("recall")));
      row.push_back(fmt::format("{:.4f}", r.get("precision")));
      row.push_back(fmt::format("{:.2f}", r.get("rmsd_pm")));
      row.push_back(fmt::format("{:.4f}", r.get("species_accuracy")));
      row.push_back(fmt::format("{:.4f}", r.get("r_factor")));
      row.push_back(fmt::format("{:.0f}", r.get("seconds")));
      row.push_back(show(r.point.value("rank", json())));
      row.push_back(r.point.value("host", ""));
      row.push_back(r.point.value("status", "–"));
      table.push_back(row);
    }
    page.table(header, table);
  }

  page.heading(2, "The study file");
  std::ifstream src(dir / "study.toml", std::ios::binary);
  page.preformatted(std::string{std::istreambuf_iterator<char>(src), std::istreambuf_iterator<char>()});
  page.heading(2, "Versions");
  page.table({"what", "version"},
             {{"aetbench (this report)", kVersion},
              {"aetbench (the points)", fmt::format("{}", fmt::join(versions, ", "))},
              {"gnuplot", gnuplot.value_or("not found")},
              {"study hash", manifest.value("study_hash", "")}});
  page.paragraph("Files beside this page: study.csv (a line per point), study.json (per cell: mean, sd, min, max over "
                 "seeds), plots/ (PNG, SVG and the gnuplot scripts), points/ (a JSON file per point), manifest.json.");
  page.write(dir / "report.html");
  return sum;
}

}  // namespace aet::validation
