#pragma once
// How `aetbench study run` spreads the points of a study: in this process,
// over N child processes on this machine (--jobs), or over MPI ranks (rank 0
// hands out points as ranks ask, and runs points itself); each point is
// validation::run_point, so a point's bytes do not depend on which way ran it.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "validation/study.hpp"

namespace aet::cli {

struct StudyRunOptions {
  std::string file, out;
  int jobs = 1;
  int threads = 0;  ///< per point; 0: the cores shared out
  std::optional<std::size_t> point;
  bool no_report = false;
};

/// `aetbench study run`: the study file's unfinished points (all, or
/// --point K), here, in jobs or over MPI ranks, then the report.
void run_study(const StudyRunOptions& options);

/// Runs point `index` here with `threads` OpenMP threads and prints its
/// line on stdout; false (the error on stderr) when it failed.
bool run_point_here(const std::filesystem::path& dir, const validation::Study& study, std::size_t index,
                    const validation::PointRunner& runner);

/// The host's name.
std::string host_name();

/// Runs `pending` points in `jobs` child processes (`aetbench study run FILE
/// --out DIR --point K --threads T`), at most `jobs` at a time, each one's
/// output in DIR/logs/<id>.log; a child dies with this process. Returns the
/// ids of the points that failed.
std::vector<std::string> run_points_in_jobs(const std::filesystem::path& study_file, const std::filesystem::path& dir,
                                            const validation::Study& study, const std::vector<std::size_t>& pending,
                                            int jobs, int threads);

/// The number of processes an MPI launcher (mpirun, srun) started, from its
/// environment; 1 when not started by one.
int mpi_launched_size();
/// Whether this build has MPI.
bool have_mpi();

/// Runs the pending points over the MPI ranks; `prepare` runs on rank 0
/// only and returns which points are finished. Returns the failed ids on
/// rank 0 (and nothing elsewhere); sets `is_root`. Throws aet::Error
/// without MPI.
std::vector<std::string> run_points_mpi(const std::filesystem::path& dir, const validation::Study& study,
                                        const std::function<std::vector<bool>()>& prepare, int threads, bool& is_root);

}  // namespace aet::cli
