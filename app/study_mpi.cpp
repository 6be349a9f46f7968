// MPI ranks for `aetbench study run` (when the build found MPI): rank 0
// prepares the folder and hands out point indices as ranks ask for them,
// while a thread of its own runs points too; every rank writes its point
// files into the shared folder. Only rank 0's main thread and the other
// ranks' main threads call MPI (MPI_THREAD_FUNNELED).
#include <fmt/format.h>

#include <cstdlib>
#include <string>

#include "app/study_run.hpp"
#include "core/error.hpp"

#ifdef AET_HAVE_MPI
#include <mpi.h>
#include <omp.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>
#endif

namespace aet::cli {

int mpi_launched_size() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char* v = std::getenv(var)) {
      const int n = std::atoi(v);
      if (n > 0) return n;
    }
  return 1;
}

#ifndef AET_HAVE_MPI

bool have_mpi() { return false; }

std::vector<std::string> run_points_mpi(const std::filesystem::path&, const validation::Study&,
                                        const std::function<std::vector<bool>()>&, int, bool&) {
  throw Error("study: started by an MPI launcher, but this aetbench was built without MPI "
              "(install libopenmpi-dev and reconfigure)");
}

#else

bool have_mpi() { return true; }

namespace {

constexpr int kTagRequest = 1, kTagWork = 2;

/// Finalises MPI however the run ends.
struct MpiSession {
  MpiSession() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  }
  ~MpiSession() { MPI_Finalize(); }
};

}  // namespace

std::vector<std::string> run_points_mpi(const std::filesystem::path& dir, const validation::Study& study,
                                        const std::function<std::vector<bool>()>& prepare, int threads, bool& is_root) {
  MpiSession session;
  int rank = 0, size = 1, local_size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size);
  MPI_Comm_free(&local);
  is_root = rank == 0;
  // The ranks on one machine share its cores.
  const int t = threads > 0 ? threads : std::max(1, omp_get_num_procs() / std::max(1, local_size));
  const validation::PointRunner runner{rank, host_name(), t};

  std::string error;
  std::vector<bool> done;
  if (rank == 0) {
    try {
      done = prepare();
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  int ok = error.empty() ? 1 : 0;
  MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (!ok) {
    if (rank == 0) throw Error(error);
    return {};
  }

  if (rank != 0) {
    int report[2] = {-1, 1};  // the last point run and whether it succeeded
    for (;;) {
      MPI_Send(report, 2, MPI_INT, 0, kTagRequest, MPI_COMM_WORLD);
      int index = -1;
      MPI_Recv(&index, 1, MPI_INT, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (index < 0) break;
      report[0] = index;
      report[1] = run_point_here(dir, study, std::size_t(index), runner) ? 1 : 0;
    }
    return {};
  }

  std::deque<int> queue;
  for (std::size_t i = 0; i < done.size(); ++i)
    if (!done[i]) queue.push_back(int(i));
  fmt::print(stderr, "study: {} points, {} finished, {} to run over {} ranks ({} threads each)\n", done.size(),
             done.size() - queue.size(), queue.size(), size, t);
  std::vector<std::string> failed;
  std::mutex failed_mutex;
  std::thread own;
  std::atomic<bool> own_busy{false};
  int workers = size - 1;
  while (true) {
    bool acted = false;
    if (!own_busy && own.joinable()) own.join();
    if (!own_busy && !queue.empty()) {
      const int index = queue.front();
      queue.pop_front();
      own_busy = true;
      own = std::thread([&, index] {
        omp_set_num_threads(t);
        if (!run_point_here(dir, study, std::size_t(index), runner)) {
          std::lock_guard lock(failed_mutex);
          failed.push_back(validation::point_id(study, std::size_t(index)));
        }
        own_busy = false;
      });
      acted = true;
    }
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &flag, &status);
    if (flag) {
      int report[2];
      MPI_Recv(report, 2, MPI_INT, status.MPI_SOURCE, kTagRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (report[0] >= 0 && !report[1]) {
        std::lock_guard lock(failed_mutex);
        failed.push_back(validation::point_id(study, std::size_t(report[0])));
      }
      int index = -1;
      if (!queue.empty()) {
        index = queue.front();
        queue.pop_front();
      } else {
        --workers;
      }
      MPI_Send(&index, 1, MPI_INT, status.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
      acted = true;
    }
    if (queue.empty() && !own_busy && workers == 0) break;
    // Polled, not blocked: a blocking receive spins a core the points need.
    if (!acted) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (own.joinable()) own.join();
  return failed;
}

#endif

}  // namespace aet::cli
