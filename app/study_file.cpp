#include "app/study_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <toml++/toml.h>

#include "app/pipeline_options.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "models/presets.hpp"

namespace aet::cli {

namespace {

namespace fs = std::filesystem;
using validation::Study;
using validation::StudyPoint;

const std::vector<std::string> kTopKeys{"name", "description", "image_px", "acquisition", "collect",
                                        "keep", "axes",        "points",   "pipeline"};
// The simulator's assumptions (validation::SimAssumptions), in its order:
// the grid's innermost axes, the first of them outermost.
const std::vector<std::string> kSimAxisKeys{"source_fwhm_A", "source_tail_fraction", "source_tail_fwhm_A",
                                            "adf_model",     "z_exponent",           "vibration_rms_A",
                                            "column_saturation_atoms"};
// The simulator's assumptions that are plain numbers, and their members.
const std::vector<std::pair<std::string, double validation::SimAssumptions::*>> kSimNumbers{
    {"source_fwhm_A", &validation::SimAssumptions::source_fwhm_A},
    {"source_tail_fraction", &validation::SimAssumptions::source_tail_fraction},
    {"source_tail_fwhm_A", &validation::SimAssumptions::source_tail_fwhm_A},
    {"z_exponent", &validation::SimAssumptions::z_exponent},
    {"column_saturation_atoms", &validation::SimAssumptions::column_saturation_atoms}};

std::vector<std::string> axis_keys() {
  std::vector<std::string> k{"particle", "interface_width_A", "dose_factor",       "tilt_max_deg",
                             "n_tilts",  "misalignment_scale", "seed"};
  k.insert(k.end(), kSimAxisKeys.begin(), kSimAxisKeys.end());
  return k;
}
const std::vector<std::string> kAxisKeys = axis_keys();

struct Reader {
  std::string file;
  fs::path base_dir;

  [[noreturn]] void fail(const toml::node* node, const std::string& key, const std::string& what) const {
    const auto line = node ? node->source().begin.line : 0;
    throw Error(line ? fmt::format("{}:{}: {}: {}", file, line, key, what) : fmt::format("{}: {}: {}", file, key, what));
  }

  void check_keys(const toml::table& t, const std::vector<std::string>& known, const std::string& prefix) const {
    for (auto&& [k, v] : t)
      if (std::find(known.begin(), known.end(), std::string(k.str())) == known.end())
        fail(&v, prefix + std::string(k.str()), fmt::format("unknown key (known: {})", fmt::join(known, ", ")));
  }

  /// A value or a list of values (each checked by `get`), never empty.
  template <class T, class Get>
  std::vector<T> list(const toml::node& node, const std::string& key, Get get, bool allow_list = true) const {
    std::vector<T> out;
    if (const toml::array* a = node.as_array()) {
      if (!allow_list) fail(&node, key, "expected one value, not a list");
      if (a->empty()) fail(&node, key, "empty axis");
      for (const toml::node& e : *a) out.push_back(get(e, key));
    } else {
      out.push_back(get(node, key));
    }
    return out;
  }

  double number(const toml::node& n, const std::string& key) const {
    if (!n.is_number()) fail(&n, key, "expected a number");
    return *n.value<double>();
  }
  std::int64_t integer(const toml::node& n, const std::string& key) const {
    if (!n.is_integer()) fail(&n, key, "expected an integer");
    return n.as_integer()->get();
  }
  std::string string(const toml::node& n, const std::string& key) const {
    if (!n.is_string()) fail(&n, key, "expected a string");
    return n.as_string()->get();
  }

  /// A value of an axis, checked by the demo's own validation.
  template <class Set>
  void check_value(const toml::node& n, const std::string& key, const std::string& shown, Set set) const {
    validation::DemoConfig d;
    set(d);
    try {
      d.validate();
    } catch (const Error& e) {
      fail(&n, fmt::format("{} = {}", key, shown), e.what());
    }
  }
};

/// The values of each axis, from [axes] or one [[points]] entry.
struct AxisValues {
  std::vector<std::string> particle{StudyPoint{}.particle};
  std::vector<std::optional<double>> interface_width_A{std::nullopt};
  std::vector<double> dose_factor{StudyPoint{}.dose_factor};
  std::vector<double> tilt_max_deg{StudyPoint{}.tilt_max_deg};
  std::vector<int> n_tilts{StudyPoint{}.n_tilts};
  std::vector<double> misalignment_scale{StudyPoint{}.misalignment_scale};
  std::vector<std::uint64_t> seed{StudyPoint{}.seed};
  /// Each simulator axis (kSimAxisKeys's order) given: its values, each a
  /// change to a point's SimAssumptions. An axis not given keeps the default.
  using SimValue = std::function<void(validation::SimAssumptions&)>;
  std::vector<std::vector<SimValue>> simulator = std::vector<std::vector<SimValue>>(kSimAxisKeys.size());
};

AxisValues read_axes(const Reader& r, const toml::table& t, const std::string& prefix, bool allow_lists) {
  r.check_keys(t, kAxisKeys, prefix);
  AxisValues a;
  for (auto&& [k, node] : t) {
    const std::string name(k.str()), key = prefix + name;
    if (name == "particle") {
      a.particle = r.list<std::string>(node, key, [&](const toml::node& n, const std::string& kk) {
        std::string p = r.string(n, kk);
        if (validation::is_truth_file(p)) {
          const fs::path f = fs::path(p).is_absolute() ? fs::path(p) : r.base_dir / p;
          if (!fs::is_regular_file(f)) r.fail(&n, fmt::format("{} = '{}'", kk, p), fmt::format("no such truth file {}", f.string()));
        } else {
          try {
            (void)models::preset(p);
          } catch (const Error& e) {
            r.fail(&n, fmt::format("{} = '{}'", kk, p), e.what());
          }
        }
        return p;
      }, allow_lists);
    } else if (name == "interface_width_A") {
      a.interface_width_A = r.list<std::optional<double>>(node, key, [&](const toml::node& n, const std::string& kk) {
        const double w = r.number(n, kk);
        r.check_value(n, kk, fmt::format("{}", w), [&](validation::DemoConfig& d) { d.interface_width_A = w; });
        return std::optional<double>(w);
      }, allow_lists);
    } else if (name == "dose_factor") {
      a.dose_factor = r.list<double>(node, key, [&](const toml::node& n, const std::string& kk) {
        const double v = r.number(n, kk);
        r.check_value(n, kk, fmt::format("{}", v), [&](validation::DemoConfig& d) { d.dose_factor = v; });
        return v;
      }, allow_lists);
    } else if (name == "tilt_max_deg") {
      a.tilt_max_deg = r.list<double>(node, key, [&](const toml::node& n, const std::string& kk) {
        const double v = r.number(n, kk);
        r.check_value(n, kk, fmt::format("{}", v), [&](validation::DemoConfig& d) { d.tilt_max_deg = v; });
        return v;
      }, allow_lists);
    } else if (name == "n_tilts") {
      a.n_tilts = r.list<int>(node, key, [&](const toml::node& n, const std::string& kk) {
        const std::int64_t v = r.integer(n, kk);
        const int iv = int(std::clamp<std::int64_t>(v, -1, 1000000));
        r.check_value(n, kk, fmt::format("{}", v), [&](validation::DemoConfig& d) { d.n_tilts = iv; });
        return iv;
      }, allow_lists);
    } else if (name == "misalignment_scale") {
      a.misalignment_scale = r.list<double>(node, key, [&](const toml::node& n, const std::string& kk) {
        const double v = r.number(n, kk);
        r.check_value(n, kk, fmt::format("{}", v), [&](validation::DemoConfig& d) { d.misalignment_scale = v; });
        return v;
      }, allow_lists);
    } else if (const auto sa = std::find(kSimAxisKeys.begin(), kSimAxisKeys.end(), name); sa != kSimAxisKeys.end()) {
      // One simulator assumption: each value checked by the demo's validation.
      using Set = AxisValues::SimValue;
      auto& out = a.simulator[std::size_t(sa - kSimAxisKeys.begin())];
      auto checked = [&](const toml::node& n, const std::string& kk, const std::string& shown, Set set) {
        r.check_value(n, kk, shown, [&](validation::DemoConfig& d) { set(d.simulator); });
        return set;
      };
      const auto number = std::find_if(kSimNumbers.begin(), kSimNumbers.end(), [&](const auto& e) { return e.first == name; });
      if (number != kSimNumbers.end()) {
        const auto member = number->second;
        out = r.list<Set>(node, key, [&](const toml::node& n, const std::string& kk) {
          const double v = r.number(n, kk);
          return checked(n, kk, fmt::format("{}", v), [member, v](validation::SimAssumptions& x) { x.*member = v; });
        }, allow_lists);
      } else if (name == "vibration_rms_A") {
        out = r.list<Set>(node, key, [&](const toml::node& n, const std::string& kk) {
          const double v = r.number(n, kk);
          return checked(n, kk, fmt::format("{}", v), [v](validation::SimAssumptions& x) { x.vibration_rms_A = v; });
        }, allow_lists);
      } else {  // adf_model
        out = r.list<Set>(node, key, [&](const toml::node& n, const std::string& kk) {
          const std::string v = r.string(n, kk);
          sim::AdfModel m{};
          try {
            m = sim::parse_adf_model(v);
          } catch (const Error& e) {
            r.fail(&n, fmt::format("{} = '{}'", kk, v), e.what());
          }
          return Set([m](validation::SimAssumptions& x) { x.adf_model = m; });
        }, allow_lists);
      }
    } else if (name == "seed") {
      a.seed = r.list<std::uint64_t>(node, key, [&](const toml::node& n, const std::string& kk) {
        const std::int64_t v = r.integer(n, kk);
        // The particle builder takes a 32-bit seed.
        if (v < 0 || v > 4294967295LL) r.fail(&n, fmt::format("{} = {}", kk, v), "a seed must be 0 to 4294967295");
        return std::uint64_t(v);
      }, allow_lists);
    }
  }
  return a;
}

/// The product of the axes, seeds outermost (so that more seeds append
/// points); a truth file takes no built width, so it gets one point per
/// combination of the others.
void add_grid(const Reader& r, const toml::node* where, const std::string& key, const AxisValues& a,
              std::vector<StudyPoint>& points) {
  // Counted before any point is made (a product of long axes overflows).
  double count = double(points.size());
  {
    double grid = 1.0;
    for (std::size_t n : {a.seed.size(), a.particle.size(), a.interface_width_A.size(), a.dose_factor.size(),
                          a.tilt_max_deg.size(), a.n_tilts.size(), a.misalignment_scale.size()})
      grid *= double(n);
    for (const auto& axis : a.simulator) grid *= double(std::max<std::size_t>(1, axis.size()));
    count += grid;
  }
  if (count > double(limits::kMaxStudyPoints))
    r.fail(where, key, fmt::format("{:.3g} points; at most {} (split the study)", count, limits::kMaxStudyPoints));
  // The simulator's assumptions, innermost, in SimAssumptions's order.
  std::vector<validation::SimAssumptions> sims{validation::SimAssumptions{}};
  for (const auto& axis : a.simulator) {
    if (axis.empty()) continue;
    std::vector<validation::SimAssumptions> next;
    for (const auto& x : sims)
      for (const auto& set : axis) {
        next.push_back(x);
        set(next.back());
      }
    sims = std::move(next);
  }
  for (std::uint64_t seed : a.seed)
    for (const auto& particle : a.particle)
      for (std::size_t w = 0; w < a.interface_width_A.size(); ++w) {
        const bool file = validation::is_truth_file(particle);
        if (file && w > 0) continue;
        for (double dose : a.dose_factor)
          for (double tilt : a.tilt_max_deg)
            for (int n : a.n_tilts)
              for (double m : a.misalignment_scale)
                for (const auto& x : sims) {
                  StudyPoint p;
                  p.particle = particle;
                  p.interface_width_A = file ? std::nullopt : a.interface_width_A[w];
                  p.dose_factor = dose;
                  p.tilt_max_deg = tilt;
                  p.n_tilts = n;
                  p.misalignment_scale = m;
                  p.seed = seed;
                  p.simulator = x;
                  points.push_back(p);
                }
      }
}

nlohmann::json to_json(const toml::node& n) {
  if (const auto* t = n.as_table()) {
    nlohmann::json j = nlohmann::json::object();
    for (auto&& [k, v] : *t) j[std::string(k.str())] = to_json(v);
    return j;
  }
  if (const auto* a = n.as_array()) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& v : *a) j.push_back(to_json(v));
    return j;
  }
  if (n.is_boolean()) return n.as_boolean()->get();
  if (n.is_integer()) return n.as_integer()->get();
  if (n.is_floating_point()) return n.as_floating_point()->get();
  if (n.is_string()) return n.as_string()->get();
  return nullptr;  // dates and times: no pipeline option takes one (read_pipeline refuses them)
}

/// The [pipeline] table through the pipeline's own command-line options
/// (app/pipeline_options.hpp), so a study takes exactly what `aetbench
/// pipeline` takes, with the same checks and the same defaults.
pipeline::PipelineConfig read_pipeline(const Reader& r, const toml::table& t) {
  CLI::App app;
  PipelineOptions options;
  add_pipeline_options(app, options, pipeline::default_pipeline_config());
  std::vector<std::string> args;
  for (auto&& [k, v] : t) {
    const std::string name(k.str()), key = "pipeline." + name;
    if (!app.get_option_no_throw("--" + name))
      r.fail(&v, key, "unknown pipeline option (aetbench pipeline --help lists them)");
    std::string value;
    if (v.is_boolean()) value = v.as_boolean()->get() ? "true" : "false";
    else if (v.is_integer()) value = fmt::format("{}", v.as_integer()->get());
    else if (v.is_floating_point()) value = fmt::format("{}", v.as_floating_point()->get());
    else if (v.is_string()) value = v.as_string()->get();
    else r.fail(&v, key, "expected a boolean, number or string");
    std::vector<std::string> one{"--" + name + "=" + value};
    try {
      app.parse(one);
    } catch (const CLI::ParseError& e) {
      r.fail(&v, key, e.what());
    }
  }
  return pipeline_config(options);
}

std::vector<std::string> strings(const Reader& r, const toml::node& n, const std::string& key,
                                 const std::vector<std::string>& known) {
  std::vector<std::string> out;
  const toml::array* a = n.as_array();
  if (!a) r.fail(&n, key, "expected a list of strings");
  for (const auto& e : *a) {
    std::string s = r.string(e, key);
    if (std::find(known.begin(), known.end(), s) == known.end())
      r.fail(&e, fmt::format("{} = '{}'", key, s), fmt::format("unknown (known: {})", fmt::join(known, ", ")));
    out.push_back(s);
  }
  return out;
}

}  // namespace

validation::Study read_study_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot read the study file", path.string()));
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  validation::Study s = parse_study(text, path.string(), path.parent_path());
  return s;
}

validation::Study parse_study(const std::string& text, const std::string& name, const fs::path& base_dir) {
  toml::table t;
  try {
    t = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw Error(fmt::format("{}:{}: not TOML: {}", name, e.source().begin.line, e.description()));
  }
  Reader r{name, base_dir};
  r.check_keys(t, kTopKeys, "");
  Study s;
  s.source = text;
  s.base_dir = base_dir;
  s.name = fs::path(name).stem().string();
  if (const auto* n = t.get("name")) s.name = r.string(*n, "name");
  if (const auto* n = t.get("description")) (void)r.string(*n, "description");
  if (const auto* n = t.get("image_px")) {
    const std::int64_t v = r.integer(*n, "image_px");
    s.image_px = int(std::clamp<std::int64_t>(v, -1, 100000));
    r.check_value(*n, "image_px", fmt::format("{}", v), [&](validation::DemoConfig& d) { d.image_px = s.image_px; });
  }
  if (const auto* n = t.get("acquisition")) {
    const std::string a = r.string(*n, "acquisition");
    if (a != "paper" && a != "ideal") r.fail(n, "acquisition = '" + a + "'", "expected 'paper' or 'ideal'");
    s.ideal = a == "ideal";
  }
  if (const auto* n = t.get("collect")) s.collect = strings(r, *n, "collect", validation::compared_keys());
  if (const auto* n = t.get("keep")) s.keep = strings(r, *n, "keep", validation::keepable_files());
  if (const auto* n = t.get("pipeline")) {
    if (!n->is_table()) r.fail(n, "pipeline", "expected a table ([pipeline])");
    s.pipeline = read_pipeline(r, *n->as_table());
    s.pipeline_options = to_json(*n);
  }
  const auto* axes = t.get("axes");
  const auto* points = t.get("points");
  if (!axes && !points) r.fail(nullptr, "axes", "the study has no [axes] and no [[points]]");
  if (axes) {
    if (!axes->is_table()) r.fail(axes, "axes", "expected a table ([axes])");
    add_grid(r, axes, "axes", read_axes(r, *axes->as_table(), "axes.", true), s.points);
  }
  if (points) {
    const toml::array* a = points->as_array();
    if (!a || !a->is_array_of_tables()) r.fail(points, "points", "expected a list of tables ([[points]])");
    if (a->empty()) r.fail(points, "points", "empty list");
    for (std::size_t i = 0; i < a->size(); ++i)
      add_grid(r, a->get(i), fmt::format("points[{}]", i),
               read_axes(r, *a->get(i)->as_table(), fmt::format("points[{}].", i), false), s.points);
  }
  validation::validate(s);
  return s;
}

}  // namespace aet::cli
