// aetbench study: run a study file's points (resumable; jobs, MPI ranks or
// one Slurm array task per point), report on a study folder, list a study's
// points.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <omp.h>

#include <memory>
#include <optional>
#include <string>

#include "app/checks.hpp"
#include "app/commands.hpp"
#include "app/study_file.hpp"
#include "app/study_run.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "validation/study_report.hpp"

namespace aet::cli {

namespace {

namespace fs = std::filesystem;

void report(const fs::path& dir) {
  const auto s = validation::write_study_report(dir);
  fmt::print("study: {} of {} points finished{}; wrote {}/study.csv, study.json, report.html and {} plots in plots/\n",
             s.finished, s.points, s.failed.empty() ? std::string() : fmt::format(", {} of them failed (status suspect)", s.failed.size()),
             dir.string(), s.plots);
}

}  // namespace

void run_study(const StudyRunOptions& o) {
  const validation::Study study = read_study_file(o.file);
  const fs::path dir = o.out;
  if (mpi_launched_size() > 1) {
    if (o.jobs != 1 || o.point) throw Error("study: under MPI, give neither --jobs nor --point (the ranks share the points)");
    bool root = false;
    const auto failed = run_points_mpi(dir, study, [&] { return validation::prepare_study_dir(dir, study); },
                                       o.threads, root);
    if (!root) return;
    if (!o.no_report) report(dir);
    if (!failed.empty())
      throw Error(fmt::format("study: {} point(s) failed: {} (a re-run redoes them)", failed.size(), fmt::join(failed, ", ")));
    return;
  }
  const int cores = omp_get_max_threads();
  if (o.point) {
    const auto done = validation::prepare_study_dir(dir, study, o.point);
    if (done[*o.point]) {
      fmt::print("study: point {} is already finished\n", validation::point_id(study, *o.point));
      return;
    }
    const validation::PointRunner runner{0, host_name(), o.threads > 0 ? o.threads : cores};
    if (!run_point_here(dir, study, *o.point, runner))
      throw Error(fmt::format("study: point {} failed", validation::point_id(study, *o.point)));
    return;
  }
  const auto done = validation::prepare_study_dir(dir, study);
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < done.size(); ++i)
    if (!done[i]) pending.push_back(i);
  const int jobs = std::max(1, std::min<int>(o.jobs, int(std::max<std::size_t>(1, pending.size()))));
  const int threads = o.threads > 0 ? o.threads : std::max(1, cores / jobs);
  fmt::print(stderr, "study: {}: {} points, {} finished, {} to run ({} job(s) x {} thread(s))\n", study.name,
             done.size(), done.size() - pending.size(), pending.size(), jobs, threads);
  std::vector<std::string> failed;
  if (jobs == 1) {
    const validation::PointRunner runner{0, host_name(), threads};
    for (std::size_t i : pending)
      if (!run_point_here(dir, study, i, runner)) failed.push_back(validation::point_id(study, i));
  } else {
    failed = run_points_in_jobs(o.file, dir, study, pending, jobs, threads);
  }
  if (!o.no_report) report(dir);
  if (!failed.empty())
    throw Error(fmt::format("study: {} point(s) failed: {} (a re-run redoes them)", failed.size(), fmt::join(failed, ", ")));
}

namespace {

void list_study_command(const std::string& file, bool count_only) {
  const validation::Study s = read_study_file(file);
  if (count_only) {
    fmt::print("{}\n", s.points.size());
    return;
  }
  fmt::print("{}: {} points (study hash {})\n", s.name, s.points.size(), validation::study_hash(s));
  for (std::size_t i = 0; i < s.points.size(); ++i) fmt::print("{} {}\n", validation::point_id(s, i), validation::point_parameters(s, i).dump());
}

}  // namespace

void add_study_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("study",
                                 "Studies: the scored demo run over a grid of particles, built interface widths, doses,\n"
                                 "tilt ranges, tilt counts, misalignments and seeds, from a TOML study file; resumable,\n"
                                 "in parallel (--jobs, MPI ranks, Slurm array tasks), with a report (plots, report.html).\n"
                                 "  aetbench study run studies/quick.toml --out quick-study --jobs 2\n"
                                 "  aetbench study report quick-study");
  cmd->require_subcommand(1);

  auto run = std::make_shared<StudyRunOptions>();
  auto* r = cmd->add_subcommand("run",
                                "Run the study's unfinished points (a re-run skips finished ones), then write the report.\n"
                                "Under mpirun, rank 0 hands the points out to every rank.");
  r->add_option("study", run->file, "the study file (TOML; see README, Studies)")->required()->check(CLI::ExistingFile);
  r->add_option("--out", run->out, "the study folder (points/, manifest.json, report)")->required();
  r->add_option("--jobs", run->jobs, "points at once on this machine (child processes; threads shared out)")
      ->capture_default_str()
      ->check(in_range(1, 1024));
  r->add_option("--threads", run->threads, "OpenMP threads per point (default: the cores / jobs)")
      ->check(in_range(1, limits::kMaxThreads));
  r->add_option("--point", run->point, "run only point K (0-based; for Slurm job arrays); no report");
  r->add_flag("--no-report", run->no_report, "do not write the report at the end");
  r->callback([run] { run_study(*run); });

  auto dir = std::make_shared<std::string>();
  auto* rep = cmd->add_subcommand("report", "Collect a study folder's finished points: study.csv, study.json, plots, report.html.");
  rep->add_option("dir", *dir, "the study folder")->required()->check(CLI::ExistingDirectory);
  rep->callback([dir] { report(*dir); });

  auto list_file = std::make_shared<std::string>();
  auto count = std::make_shared<bool>(false);
  auto* list = cmd->add_subcommand("list", "Print a study file's points (id and parameters), or their number.");
  list->add_option("study", *list_file, "the study file")->required()->check(CLI::ExistingFile);
  list->add_flag("--count", *count, "print only the number of points");
  list->callback([list_file, count] { list_study_command(*list_file, *count); });
}

}  // namespace aet::cli
