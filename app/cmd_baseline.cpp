// aetbench baseline check | record: the scored runs of the guarded cases
// against their recorded baselines (validation/baseline.hpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/pipeline_options.hpp"
#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "validation/baseline.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

/// A fresh folder for the runs' outputs, removed on destruction unless the
/// user named one (--runs).
class RunsDir {
 public:
  explicit RunsDir(const std::string& named) {
    if (!named.empty()) {
      path_ = named;
      return;
    }
    std::string tmpl = (fs::temp_directory_path() / "aetbench-baseline-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw Error("baseline: cannot create a temporary folder for the runs");
    path_ = tmpl;
    owned_ = true;
  }
  ~RunsDir() {
    std::error_code ec;
    if (owned_) fs::remove_all(path_, ec);
  }
  RunsDir(const RunsDir&) = delete;
  RunsDir& operator=(const RunsDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  bool owned_ = false;
};

/// The default pipeline configuration of the baselines' runs: the demo's.
pipeline::PipelineConfig baseline_pipeline_defaults() {
  return validation::demo_pipeline_config(validation::DemoConfig{});
}

struct CheckOptions {
  std::string baselines = AET_BASELINES_DIR;
  std::vector<std::string> cases;
  std::string out, runs;
  PipelineOptions pipeline;
};

void run_check(const CheckOptions& o) {
  const auto baselines = validation::read_baselines(o.baselines, o.cases);
  const pipeline::PipelineConfig pc = pipeline_config(o.pipeline);
  const RunsDir runs(o.runs);
  std::vector<validation::CaseCheck> checks;
  for (std::size_t i = 0; i < baselines.size(); ++i) {
    const auto& b = baselines[i];
    fmt::print(stderr, "baseline check: case {}/{}: {}\n", i + 1, baselines.size(), b.c.name);
    checks.push_back(validation::check_baseline(b, pc, runs.path() / b.c.name));
  }
  fmt::print("{}", validation::format_checks(checks));
  if (!o.out.empty())
    write_stream_atomically(o.out, [&](std::ostream& out) { out << validation::to_json(checks).dump(2) << '\n'; });
  std::vector<std::string> fell;
  for (const auto& c : checks)
    for (const auto& m : c.metrics)
      if (m.regression) fell.push_back(c.name + " " + m.key);
  if (!fell.empty())
    throw Error(fmt::format("baseline check: {} regression{}: {}", fell.size(), fell.size() == 1 ? "" : "s",
                            fmt::join(fell, ", ")));
  fmt::print("baseline check: {} case{}, no regression\n", checks.size(), checks.size() == 1 ? "" : "s");
}

struct RecordOptions {
  std::string baselines = AET_BASELINES_DIR;
  std::vector<std::string> cases;
  std::string reason, runs;
  bool resume = false;
};

void run_record(const RecordOptions& o) {
  if (o.reason.find_first_not_of(" \t\n") == std::string::npos)
    throw Error("baseline record: --reason must say why the baselines change");
  if (o.resume && o.runs.empty()) throw Error("baseline record: --resume needs --runs DIR");
  std::vector<validation::BaselineCase> cases;
  const auto& all = validation::baseline_cases();
  if (o.cases.empty()) cases = all;
  for (const auto& n : o.cases) {
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.name == n; });
    if (it == all.end()) {
      std::vector<std::string> names;
      for (const auto& c : all) names.push_back(c.name);
      throw Error(fmt::format("baseline record: unknown case '{}' (expected one of {})", n, fmt::join(names, ", ")));
    }
    cases.push_back(*it);
  }
  const RunsDir runs(o.runs);
  const pipeline::PipelineConfig pc = baseline_pipeline_defaults();
  std::vector<std::string> names;
  fmt::print("{:<30} {:<19} {:>10} {:>10} {:>10}\n", "case", "metric", "value", "sd", "tolerance");
  for (const auto& c : cases) {
    const auto b = validation::record_baseline(c, pc, runs.path(), o.resume);
    validation::write_baseline(o.baselines, b);
    names.push_back(c.name);
    for (const auto& m : b.metrics)
      fmt::print("{:<30} {:<19} {:>10.4f} {:>10.4f} {:>10.4f}\n", c.name, m.key, m.value, m.sd, m.tolerance);
  }
  validation::append_baseline_change(fs::path(o.baselines) / "CHANGES.md", o.reason, names);
  fmt::print("baseline record: wrote {} baseline{} to {}/ and noted the reason in CHANGES.md\n", names.size(),
             names.size() == 1 ? "" : "s", o.baselines);
}

}  // namespace

void add_baseline_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "baseline",
      "Regression baselines: the scored demo run on fixed cases (particles, seeds, dose, tilt range)\n"
      "against the values recorded for them, with tolerances measured over noise realisations.\n"
      "  aetbench baseline check                      every case, the pipeline's defaults\n"
      "  aetbench baseline check --no-denoise         a candidate setting against the baselines\n"
      "  aetbench baseline record --reason \"...\"      re-record (appends to CHANGES.md)");
  cmd->require_subcommand(1);

  auto check = std::make_shared<CheckOptions>();
  auto* c = cmd->add_subcommand("check",
                                "Rerun every case's reference realisation and compare each metric with its\n"
                                "baseline; a table on stdout, exit 1 on any regression. Takes the pipeline's\n"
                                "options (aetbench pipeline), defaults as the demo's.");
  c->add_option("--baselines", check->baselines, "baselines folder")->capture_default_str();
  c->add_option("--case", check->cases, "only this case (repeatable); default: every file in the folder");
  c->add_option("--out", check->out, "write the table as JSON here");
  c->add_option("--runs", check->runs, "keep each case's demo outputs in DIR/<case>/ (default: a temporary folder)");
  add_pipeline_options(*c, check->pipeline, baseline_pipeline_defaults());
  c->callback([check] { run_check(*check); });

  auto record = std::make_shared<RecordOptions>();
  auto* r = cmd->add_subcommand("record",
                                "Re-record the baselines deliberately: run every realisation of each case with\n"
                                "the pipeline's defaults, write <case>.json, append the reason, version and date\n"
                                "to CHANGES.md in the baselines folder.");
  r->add_option("--reason", record->reason, "why the baselines change (goes into CHANGES.md)")->required();
  r->add_option("--baselines", record->baselines, "baselines folder")->capture_default_str();
  r->add_option("--case", record->cases, "only this case (repeatable); default: every case");
  r->add_option("--runs", record->runs,
                "keep each realisation's demo outputs in DIR/<case>/noise-<seed>/ (default: a temporary folder)");
  r->add_flag("--resume", record->resume,
              "reuse the realisations already in --runs DIR (same version, case and seeds): to resume an "
              "interrupted record with the same code");
  r->callback([record] { run_record(*record); });
}

}  // namespace aet::cli
