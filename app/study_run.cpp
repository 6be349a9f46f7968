#include "app/study_run.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <omp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>

#include "core/error.hpp"

extern char** environ;

namespace aet::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// One line per finished point: its axes and what it scored.
std::string point_line(const json& j) {
  const json& p = j["parameters"];
  const json& s = j["score"];
  const auto num = [](const json& v) { return v.is_number() ? v.get<double>() : std::nan(""); };
  std::string width = p["interface_width_A"].is_number() ? fmt::format(" built {:g} A,", p["interface_width_A"].get<double>()) : "";
  std::string thick;
  const json& a = j["analysis"];
  if (a.contains("interface/thickness_true_A") && a["interface/thickness_true_A"]["traced"].is_number())
    thick = fmt::format(", thickness {:.2f} / {:.2f} A", num(a["interface/thickness_true_A"]["traced"]),
                        num(a["interface/thickness_A"]["traced"]));
  const bool failed = j.value("failed", false);
  // The simulator's assumptions a point sets (its parameters hold only those not at the default).
  std::string assumptions;
  const json sim0 = validation::SimAssumptions{}.to_json();
  for (const auto& item : sim0.items())
    if (const std::string& k = item.key(); p.contains(k)) {
      assumptions += " ";
      assumptions += k;
      assumptions += "=";
      assumptions += p[k].is_string() ? p[k].get<std::string>() : p[k].dump();
      assumptions += ",";
    }
  return fmt::format("{} {}{} dose x{:g}, +-{:g} deg, {} tilts, misalignment x{:g},{} seed {}: {}recall {:.3f}, precision "
                     "{:.3f}, RMSD {:.1f} pm, species {:.3f}{} ({:.0f} s, rank {}, {})",
                     j["id"].get<std::string>(), p["particle"].get<std::string>(), width, num(p["dose_factor"]),
                     num(p["tilt_max_deg"]), p["n_tilts"].get<int>(), num(p["misalignment_scale"]), assumptions,
                     p["seed"].get<std::uint64_t>(), failed ? "FAILED (status suspect, see its point file) " : "",
                     num(s["recall"]), num(s["precision"]),
                     100.0 * num(s["rmsd_shift_removed_A"]), num(s["species_accuracy"]), thick, num(j["seconds"]),
                     j["rank"].get<int>(), j["host"].get<std::string>());
}

}  // namespace

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

bool run_point_here(const fs::path& dir, const validation::Study& study, std::size_t index,
                    const validation::PointRunner& runner) {
  if (runner.threads > 0) omp_set_num_threads(runner.threads);
  const std::string id = validation::point_id(study, index);
  try {
    fmt::print(stderr, "study: point {} (rank {}, {} threads)\n", id, runner.rank, runner.threads);
    const json j = validation::run_point(dir, study, index, runner);
    fmt::print("{}\n", point_line(j));
    std::fflush(stdout);
    return true;
  } catch (const std::exception& e) {
    fmt::print(stderr, "aetbench: error: study: point {}: {}\n", id, e.what());
    return false;
  }
}

std::vector<std::string> run_points_in_jobs(const fs::path& study_file, const fs::path& dir,
                                            const validation::Study& study, const std::vector<std::size_t>& pending,
                                            int jobs, int threads) {
  char exe[4096] = {};
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) throw Error("study: --jobs: cannot find this program's path (/proc/self/exe)");
  fs::create_directories(dir / "logs");
  // Everything the children need, built before fork (the child only execs).
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "OMP_NUM_THREADS=", 16) != 0) env.emplace_back(*e);
  env.push_back(fmt::format("OMP_NUM_THREADS={}", threads));
  std::vector<char*> envp;
  for (auto& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::map<pid_t, std::size_t> running;
  std::vector<std::string> failed;
  std::size_t next = 0;
  const pid_t parent = ::getpid();
  while (next < pending.size() || !running.empty()) {
    while (int(running.size()) < jobs && next < pending.size()) {
      const std::size_t index = pending[next++];
      const std::string id = validation::point_id(study, index);
      std::vector<std::string> args{exe, "study", "run", study_file.string(), "--out", dir.string(),
                                    "--point", std::to_string(index), "--threads", std::to_string(threads)};
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      const std::string log = (dir / "logs" / (id + ".log")).string();
      std::fflush(stdout);
      std::fflush(stderr);
      const pid_t pid = ::fork();
      if (pid < 0) throw Error(fmt::format("study: --jobs: cannot start a process ({})", std::strerror(errno)));
      if (pid == 0) {
        // A job dies with the study: a killed study leaves no point running
        // that a re-run would start again.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(126);
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
          ::dup2(fd, 1);
          ::dup2(fd, 2);
          ::close(fd);
        }
        ::execve(exe, argv.data(), envp.data());
        ::_exit(127);
      }
      fmt::print(stderr, "study: point {} started ({} of {} to run), log {}\n", id, next, pending.size(), log);
      running[pid] = index;
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw Error(fmt::format("study: --jobs: waiting for a job failed ({})", std::strerror(errno)));
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const std::size_t index = it->second;
    running.erase(it);
    const std::string id = validation::point_id(study, index);
    const fs::path f = validation::point_file(dir, id);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && fs::exists(f)) {
      std::ifstream in(f);
      const json j = json::parse(in, nullptr, false);
      if (!j.is_discarded()) fmt::print("{}\n", point_line(j));
      std::fflush(stdout);
    } else {
      failed.push_back(id);
      fmt::print(stderr, "aetbench: error: study: point {} failed ({}): see {}\n", id,
                 WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status))
                                   : fmt::format("signal {}", WTERMSIG(status)),
                 (dir / "logs" / (id + ".log")).string());
    }
  }
  return failed;
}

}  // namespace aet::cli
