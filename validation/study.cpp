#include "validation/study.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <set>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/utc_time.hpp"
#include "core/hash.hpp"
#include "core/mrc.hpp"
#include "core/version.hpp"
#include "core/xyz.hpp"
#include "models/presets.hpp"

namespace aet::validation {

namespace fs = std::filesystem;
using nlohmann::json;

bool is_truth_file(const std::string& particle) {
  return particle.find('/') != std::string::npos ||
         (particle.size() > 4 && particle.compare(particle.size() - 4, 4, ".xyz") == 0);
}

const std::vector<std::string>& keepable_files() {
  static const std::vector<std::string> names{"truth", "series", "atoms", "volume", "report"};
  return names;
}

namespace {

fs::path truth_path(const Study& s, const StudyPoint& p) {
  const fs::path f(p.particle);
  return f.is_absolute() || s.base_dir.empty() ? f : s.base_dir / f;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

json read_json_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot read", path.string()));
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error(fmt::format("{}: not a JSON object", path.string()));
  return j;
}

std::string utc_now() { return utc_time("%Y-%m-%dT%H:%M:%SZ"); }

/// A file many processes on many machines may write at once with the same
/// bytes (Slurm array tasks starting together on a shared folder): left
/// alone when it already holds them, else written through a temporary named
/// by host and process, then renamed.
void write_shared(const fs::path& path, const std::string& bytes) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in && std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()} == bytes) return;
  }
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  const fs::path tmp = path.parent_path() / fmt::format(".{}.{}.{}.tmp", path.filename().string(), host, ::getpid());
  try {
    write_stream_atomically(tmp, [&](std::ostream& out) { out << bytes; });
    fs::rename(tmp, path);
  } catch (const std::exception& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw Error(fmt::format("{}: cannot write ({})", path.string(), e.what()));
  }
}

}  // namespace

void validate(const Study& s) {
  if (s.points.empty()) throw Error("study: no points");
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const StudyPoint& p = s.points[i];
    try {
      if (is_truth_file(p.particle)) {
        const fs::path f = truth_path(s, p);
        if (!fs::is_regular_file(f)) throw Error(fmt::format("truth file {} does not exist", f.string()));
      }
      demo_config(s, i).validate();
    } catch (const Error& e) {
      throw Error(fmt::format("study: point {}: {}", point_id(s, i), e.what()));
    }
  }
  for (const auto& k : s.keep)
    if (!contains(keepable_files(), k)) throw Error(fmt::format("study: keep: unknown file kind '{}'", k));
  for (const auto& k : s.collect)
    if (!contains(compared_keys(), k)) throw Error(fmt::format("study: collect: unknown analysis number '{}'", k));
}

std::string point_id(const Study& s, std::size_t index) {
  const std::size_t width = std::max<std::size_t>(4, fmt::format("{}", s.points.empty() ? 0 : s.points.size() - 1).size());
  return fmt::format("{:0{}}", index, width);
}

DemoConfig demo_config(const Study& s, std::size_t index) {
  const StudyPoint& p = s.points.at(index);
  DemoConfig d;
  if (is_truth_file(p.particle)) d.truth_file = truth_path(s, p);
  else d.particle = p.particle;
  d.interface_width_A = p.interface_width_A;
  d.seed = p.seed;
  d.dose_factor = p.dose_factor;
  d.tilt_max_deg = p.tilt_max_deg;
  d.n_tilts = p.n_tilts;
  d.misalignment_scale = p.misalignment_scale;
  d.simulator = p.simulator;
  d.image_px = s.image_px;
  d.ideal = s.ideal;
  d.pipeline = s.pipeline;
  return d;
}

json point_parameters(const Study& s, std::size_t index) {
  const StudyPoint& p = s.points.at(index);
  json j;
  j["particle"] = p.particle;
  if (is_truth_file(p.particle)) {
    j["truth_file_hash"] = file_fnv1a64_hex(truth_path(s, p));
    j["interface_width_A"] = nullptr;
  } else {
    j["interface_width_A"] = p.interface_width_A.value_or(models::preset(p.particle).composition.interface_width_A);
  }
  j["dose_factor"] = p.dose_factor;
  j["tilt_max_deg"] = p.tilt_max_deg;
  j["n_tilts"] = p.n_tilts;
  j["misalignment_scale"] = p.misalignment_scale;
  const json sim = p.simulator.to_json(), sim0 = SimAssumptions{}.to_json();
  for (const auto& [k, v] : sim.items())
    if (v != sim0[k]) j[k] = v;
  j["seed"] = p.seed;
  j["image_px"] = s.image_px;
  j["acquisition"] = s.ideal ? "ideal" : "paper";
  j["pipeline"] = s.pipeline_options;
  return j;
}

std::string parameter_hash(const json& parameters) { return fnv1a64_hex(parameters.dump()); }

std::string study_hash(const Study& s) {
  std::string all;
  for (std::size_t i = 0; i < s.points.size(); ++i) all += parameter_hash(point_parameters(s, i)) + "\n";
  return fnv1a64_hex(all);
}

fs::path point_file(const fs::path& dir, const std::string& id) { return dir / "points" / (id + ".json"); }

bool point_finished(const fs::path& dir, const Study& s, std::size_t index) {
  const std::string id = point_id(s, index);
  const fs::path f = point_file(dir, id);
  if (!fs::exists(f)) return false;
  json j;
  try {
    j = read_json_file(f);
  } catch (const Error& e) {
    throw Error(fmt::format("{} (remove it to redo the point)", e.what()));
  }
  if (!j.contains("parameter_hash") || !j["parameter_hash"].is_string())
    throw Error(fmt::format("{}: not a study point file (no parameter_hash; remove it to redo the point)", f.string()));
  const json now = point_parameters(s, index);
  if (j["parameter_hash"].get<std::string>() != parameter_hash(now)) {
    // Name the first parameter that differs, for the one-line message.
    std::string what = "parameters";
    if (j.contains("parameters") && j["parameters"].is_object())
      for (const auto& [k, v] : now.items())
        if (!j["parameters"].contains(k) || j["parameters"][k] != v) {
          what = fmt::format("{} ({} then, {} now)", k, j["parameters"].value(k, json()).dump(), v.dump());
          break;
        }
    throw Error(fmt::format("{}: point {} was run with other {}: the study file changed under finished points; "
                            "use another --out (or undo the change)",
                            f.string(), id, what));
  }
  return true;
}

std::vector<bool> prepare_study_dir(const fs::path& dir, const Study& s, std::optional<std::size_t> only) {
  validate(s);
  if (only && *only >= s.points.size())
    throw Error(fmt::format("study: point {}: the study has {} points (0 to {})", *only, s.points.size(),
                            s.points.size() - 1));
  std::error_code ec;
  fs::create_directories(dir / "points", ec);
  if (ec || !fs::is_directory(dir / "points"))
    throw Error(fmt::format("{}: cannot create the study folder", dir.string()));
  std::vector<bool> done(s.points.size(), false);
  if (only) {
    done[*only] = point_finished(dir, s, *only);
  } else {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      ids.insert(point_id(s, i) + ".json");
      done[i] = point_finished(dir, s, i);
    }
    for (const auto& e : fs::directory_iterator(dir / "points")) {
      const std::string name = e.path().filename().string();
      if (!e.is_regular_file() || name.empty() || name[0] == '.' || e.path().extension() != ".json") continue;
      if (!ids.count(name))
        throw Error(fmt::format("{}: not a point of this study ({} points): the study file changed under finished "
                                "points; use another --out",
                                e.path().string(), s.points.size()));
    }
  }
  json points = json::array();
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    json p = point_parameters(s, i);
    points.push_back({{"id", point_id(s, i)}, {"index", i}, {"parameter_hash", parameter_hash(p)}, {"parameters", p}});
  }
  const json manifest{{"format", "aetbench-study"}, {"version", kVersion},  {"name", s.name},
                      {"study_hash", study_hash(s)}, {"collect", s.collect}, {"keep", s.keep},
                      {"points", points}};
  write_shared(dir / "study.toml", s.source);
  write_shared(dir / "manifest.json", manifest.dump(1) + "\n");
  return done;
}

json run_point(const fs::path& dir, const Study& s, std::size_t index, const PointRunner& runner) {
  const std::string id = point_id(s, index);
  const json parameters = point_parameters(s, index);
  const DemoConfig demo = demo_config(s, index);
  const std::string started = utc_now();
  const auto t0 = std::chrono::steady_clock::now();
  const DemoResult r = run_demo(demo);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // The big files first, the point file last: a point file means all is there.
  json kept = json::array();
  if (!s.keep.empty()) {
    const fs::path sub = dir / "points" / id;
    fs::create_directories(sub);
    if (contains(s.keep, "truth")) write_xyz(sub / "truth.xyz", r.truth);
    if (contains(s.keep, "series")) write_mrc_tilt_series(sub / "series.mrc", sub / "series.tlt", r.simulation.series);
    const bool atoms = contains(s.keep, "atoms"), volume = contains(s.keep, "volume"), report = contains(s.keep, "report");
    if (atoms || volume || report) {
      pipeline::write_pipeline_outputs(sub, r.pipeline, r.report);
      if (!volume) fs::remove(sub / "volume.mrc");
      if (!report) fs::remove(sub / "report.json");
      if (!atoms)
        for (const char* f : {"atoms.xyz", "atoms.cmm", "atoms.cxc"}) fs::remove(sub / f);
    }
    for (const auto& e : fs::directory_iterator(sub)) kept.push_back("points/" + id + "/" + e.path().filename().string());
    std::sort(kept.begin(), kept.end());
  }

  json j;
  j["format"] = "aetbench-study-point";
  j["id"] = id;
  j["index"] = index;
  j["study"] = s.name;
  j["parameters"] = parameters;
  j["parameter_hash"] = parameter_hash(parameters);
  j["seed"] = demo.seed;
  j["noise_seed"] = demo.simulation_seed();
  j["version"] = kVersion;
  j["rank"] = runner.rank;
  j["host"] = runner.host;
  j["threads"] = runner.threads;
  j["started"] = started;
  j["seconds"] = seconds;
  j["truth_atoms"] = r.truth.size();
  j["image_px"] = r.image_px;
  j["dose_e_per_A2"] = r.report["demo"]["dose_e_per_A2"];
  j["score"] = r.report["score"];
  j["r_factor"] = r.pipeline.reconstruction.report.r_factor;
  // A suspect run (pipeline/status.hpp) is marked failed, its scores kept for the record.
  j["status"] = r.pipeline.status.status;
  j["status_reasons"] = r.pipeline.status.reasons;
  j["failed"] = !r.pipeline.status.ok();
  j["expected_r_factor"] = r.pipeline.status.expected_r_factor;
  j["analysis"] = r.report["analysis"];
  j["timings_s"] = r.report.value("timings_s", json::object());
  j["kept"] = kept;
  write_stream_atomically(point_file(dir, id), [&](std::ostream& out) { out << j.dump(1) << '\n'; });
  return j;
}

}  // namespace aet::validation
