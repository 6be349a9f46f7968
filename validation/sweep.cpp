#include "validation/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <tuple>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "models/presets.hpp"

namespace aet::validation {

void SweepConfig::validate() const {
  if (particles.empty()) throw Error("sweep: no particles");
  if (dose_factors.empty()) throw Error("sweep: no dose factors");
  if (tilt_max_deg.empty()) throw Error("sweep: no tilt ranges");
  if (seeds.empty()) throw Error("sweep: no seeds");
  for (const auto& p : particles) (void)models::preset(p);  // unknown names fail before any work
  for (double d : dose_factors)
    if (!(d > 0.0 && d <= 1e3)) throw Error(fmt::format("sweep: dose factor must be in (0, 1000], got {}", d));
  for (double t : tilt_max_deg)
    if (!(t >= 10.0 && t <= 89.0)) throw Error(fmt::format("sweep: tilt range must be +-10 to +-89 degrees, got +-{}", t));
  if (iterations <= 0) throw Error("sweep: iterations must be positive");
  if (image_px < 0 || image_px > 1024) throw Error(fmt::format("sweep: image size {} px out of range", image_px));
}

std::vector<SweepRun> run_sweep(const SweepConfig& c,
                                const std::function<void(const SweepRun&, std::size_t, std::size_t)>& on_run) {
  c.validate();
  const std::size_t total = c.particles.size() * c.dose_factors.size() * c.tilt_max_deg.size() * c.seeds.size();
  std::vector<SweepRun> runs;
  for (const auto& particle : c.particles)
    for (double dose : c.dose_factors)
      for (double tilt : c.tilt_max_deg)
        for (std::uint64_t seed : c.seeds) {
          SweepRun run;
          run.config.particle = particle;
          run.config.seed = seed;
          run.config.dose_factor = dose;
          run.config.tilt_max_deg = tilt;
          run.config.image_px = c.image_px;
          run.config.iterations = c.iterations;
          run.config.refine_angles = c.refine_angles;
          fmt::print(stderr, "sweep: run {}/{}: {}, dose x{}, +-{} deg, seed {}\n", runs.size() + 1, total, particle,
                     dose, tilt, seed);
          const auto t0 = std::chrono::steady_clock::now();
          const DemoResult r = run_demo(run.config);
          run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          run.truth_atoms = r.truth.size();
          run.image_px = r.image_px;
          run.score = r.score;
          run.analysis = r.analysis;
          run.r_factor = r.pipeline.reconstruction.report.r_factor;
          runs.push_back(run);
          if (on_run) on_run(runs.back(), runs.size(), total);
        }
  return runs;
}

std::string sweep_csv(const std::vector<SweepRun>& runs) {
  std::string s =
      "particle,dose_factor,tilt_max_deg,seed,truth_atoms,traced_atoms,recall,precision,rmsd_pm,species_accuracy,"
      "r_factor,seconds,bond_diff_A,thickness_true_diff_A,theta_diff_deg\n";
  const auto diff = [](const SweepRun& r, const std::string& key) {
    for (const auto& q : r.analysis.quantities)
      if (q.key == key && std::isfinite(q.difference())) return fmt::format("{:.4f}", q.difference());
    return std::string();
  };
  for (const auto& r : runs)
    s += fmt::format("{},{},{},{},{},{},{:.4f},{:.4f},{:.2f},{:.4f},{:.4f},{:.1f},{},{},{}\n", r.config.particle,
                     r.config.dose_factor, r.config.tilt_max_deg, r.config.seed, r.truth_atoms, r.score.traced_atoms,
                     r.score.recall, r.score.precision, 100.0 * r.score.rmsd_shift_removed_A,
                     r.score.species_accuracy, r.r_factor, r.seconds, diff(r, "mean_bond_length_A"),
                     diff(r, "interface/thickness_true_A"), diff(r, "fivefold/theta_deg"));
  return s;
}

nlohmann::json sweep_json(const SweepConfig& c, const std::vector<SweepRun>& runs) {
  using nlohmann::json;
  json out;
  out["version"] = AET_VERSION_STRING;
  out["config"] = {{"particles", c.particles},       {"dose_factors", c.dose_factors},
                   {"tilt_max_deg", c.tilt_max_deg}, {"seeds", c.seeds},
                   {"image_px", c.image_px},         {"iterations", c.iterations},
                   {"refine_angles", c.refine_angles}, {"paper_dose_e_per_A2", 6.4e5}};
  json list = json::array();
  // Groups in first-seen order: particle x dose x tilt.
  std::vector<std::tuple<std::string, double, double>> order;
  std::map<std::tuple<std::string, double, double>, std::vector<const SweepRun*>> groups;
  for (const auto& r : runs) {
    json j = to_json(r.score);
    j["particle"] = r.config.particle;
    j["dose_factor"] = r.config.dose_factor;
    j["tilt_max_deg"] = r.config.tilt_max_deg;
    j["seed"] = r.config.seed;
    j["image_px"] = r.image_px;
    j["r_factor"] = r.r_factor;
    j["seconds"] = r.seconds;
    j["analysis"] = to_json(r.analysis);
    list.push_back(j);
    const auto key = std::make_tuple(r.config.particle, r.config.dose_factor, r.config.tilt_max_deg);
    if (!groups.count(key)) order.push_back(key);
    groups[key].push_back(&r);
  }
  out["runs"] = list;
  json summary = json::array();
  for (const auto& key : order) {
    const auto& g = groups[key];
    auto stat = [&](auto get, bool worst_is_max) {
      double sum = 0.0, worst = get(*g.front());
      for (const SweepRun* r : g) {
        sum += get(*r);
        worst = worst_is_max ? std::max(worst, get(*r)) : std::min(worst, get(*r));
      }
      return json{{"mean", sum / double(g.size())}, {"worst", worst}};
    };
    summary.push_back({{"particle", std::get<0>(key)},
                       {"dose_factor", std::get<1>(key)},
                       {"tilt_max_deg", std::get<2>(key)},
                       {"seeds", g.size()},
                       {"recall", stat([](const SweepRun& r) { return r.score.recall; }, false)},
                       {"precision", stat([](const SweepRun& r) { return r.score.precision; }, false)},
                       {"species_accuracy", stat([](const SweepRun& r) { return r.score.species_accuracy; }, false)},
                       {"rmsd_pm", stat([](const SweepRun& r) { return 100.0 * r.score.rmsd_shift_removed_A; }, true)}});
  }
  out["summary"] = summary;
  return out;
}

void write_sweep_outputs(const std::filesystem::path& dir, const SweepConfig& c, const std::vector<SweepRun>& runs) {
  std::filesystem::create_directories(dir);
  write_stream_atomically(dir / "sweep.csv", [&](std::ostream& out) { out << sweep_csv(runs); });
  write_stream_atomically(dir / "sweep.json", [&](std::ostream& out) { out << sweep_json(c, runs).dump(2) << '\n'; });
}

}  // namespace aet::validation
