// aetbench sweep: the flags form of a study (particles x dose x tilt range x
// seeds): writes the study file the flags describe into the output folder
// and runs it as `aetbench study run` does (resumable, --jobs, the report).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/checks.hpp"
#include "core/limits.hpp"
#include "app/commands.hpp"
#include "app/study_file.hpp"
#include "app/study_run.hpp"
#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "models/presets.hpp"
#include "sim/config.hpp"
#include "validation/demo.hpp"

namespace aet::cli {

namespace {

struct SweepOptions {
  std::string out = "sweep-run";
  std::vector<std::string> particles{validation::DemoConfig{}.particle};
  std::vector<double> dose_factors{validation::DemoConfig{}.dose_factor};
  std::vector<double> tilt_max_deg{validation::DemoConfig{}.tilt_max_deg};
  std::vector<std::uint64_t> seeds{validation::DemoConfig{}.seed};
  int image_px = validation::DemoConfig{}.image_px;
  int iterations = validation::DemoConfig{}.iterations;
  bool no_refine = false;
  int jobs = 1;
};

std::string toml_list(const std::vector<std::string>& v) {
  std::vector<std::string> q;
  for (const auto& s : v) {
    if (s.find_first_of("\"\\\n") != std::string::npos) throw Error(fmt::format("sweep: particle name '{}': bad character", s));
    q.push_back("\"" + s + "\"");
  }
  return fmt::format("[{}]", fmt::join(q, ", "));
}

template <class T>
std::string toml_list(const std::vector<T>& v) {
  return fmt::format("[{}]", fmt::join(v, ", "));
}

void run_sweep_command(const SweepOptions& o) {
  // The same checks as a study file's, by reading the study file the flags make.
  const std::string study = fmt::format(
      "# aetbench sweep: the flags as a study file (aetbench study run reads it)\n"
      "name = \"sweep\"\nimage_px = {}\n\n[axes]\nparticle = {}\ndose_factor = {}\ntilt_max_deg = {}\nseed = {}\n\n"
      "[pipeline]\niterations = {}\n{}",
      o.image_px, toml_list(o.particles), toml_list(o.dose_factors), toml_list(o.tilt_max_deg), toml_list(o.seeds),
      o.iterations, o.no_refine ? "no-refine = true\n" : "");
  (void)parse_study(study, "sweep", ".");  // refused before the folder is made
  std::filesystem::create_directories(o.out);
  const std::filesystem::path file = std::filesystem::path(o.out) / "sweep.toml";
  write_stream_atomically(file, [&](std::ostream& out) { out << study; });
  StudyRunOptions run;
  run.file = file.string();
  run.out = o.out;
  run.jobs = o.jobs;
  run_study(run);
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto opt = std::make_shared<SweepOptions>();
  auto* cmd = app.add_subcommand(
      "sweep",
      "The flags form of a study (aetbench study): the scored demo run over particles x dose x tilt range x seeds.\n"
      "Writes the study file the flags make (OUT/sweep.toml) and runs it; outputs as aetbench study run's.\n"
      "  aetbench sweep --particles small-to,small-decahedron --dose-factors 1,0.25 --tilt-max 76,60 \\\n"
      "                 --seeds 1,2,3 --out sweep-run");
  cmd->add_option("--out", opt->out, "the study folder (points/, study.csv, study.json, report.html)")->capture_default_str();
  cmd->add_option("--particles", opt->particles,
                  "particles: " + fmt::format("{}", fmt::join(models::scored_particle_names(), ", ")))
      ->delimiter(',')
      ->capture_default_str();
  const sim::SimConfig paper = sim::paper_preset();  // the values the help text quotes
  cmd->add_option("--dose-factors", opt->dose_factors,
                  fmt::format("total doses as multiples of the paper's {:g} e/Å²", paper.dose_e_per_A2))
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--tilt-max", opt->tilt_max_deg, fmt::format("tilt ranges, +- degrees ({} tilts each)", paper.tilts.n_tilts))
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--seeds", opt->seeds, "random seeds (truth and simulation)")->delimiter(',')->capture_default_str();
  cmd->add_option("--size", opt->image_px, "image size in pixels (default: from each particle)");
  cmd->add_option("--iterations", opt->iterations, "RESIRE iterations")
      ->capture_default_str()
      ->check(positive(limits::kMaxIterations));
  cmd->add_flag("--no-refine", opt->no_refine, "skip angular refinement (faster)");
  cmd->add_option("--jobs", opt->jobs, "points at once (as aetbench study run --jobs)")
      ->capture_default_str()
      ->check(in_range(1, 1024));
  cmd->callback([opt] { run_sweep_command(*opt); });
}

}  // namespace aet::cli
