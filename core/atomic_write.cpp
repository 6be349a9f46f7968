#include "core/atomic_write.hpp"

#include <fmt/format.h>
#include <fmt/std.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <string_view>
#include <system_error>

#include "core/error.hpp"

namespace aet {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kTempPrefix = ".aetbench-tmp-";

/// The pid in a temporary's name, or 0 when the name is not one of ours.
long temporary_owner(std::string_view name) {
  if (name.substr(0, kTempPrefix.size()) != kTempPrefix) return 0;
  name.remove_prefix(kTempPrefix.size());
  long pid = 0;
  const auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
  if (ec != std::errc() || ptr == name.data() || ptr == name.data() + name.size() || *ptr != '-') return 0;
  return pid > 0 ? pid : 0;
}

bool process_is_gone(long pid) { return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }
}  // namespace

fs::path temporary_beside(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(fmt::format("{}: folder {} does not exist", path.string(), dir.string()));
  return dir / fmt::format("{}{}-{}-{}", kTempPrefix, static_cast<long>(::getpid()), counter++,
                           path.filename().string());
}

void remove_stale_temporaries(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir.empty() ? fs::path(".") : dir, ec), end; !ec && it != end; it.increment(ec)) {
    const long pid = temporary_owner(it->path().filename().string());
    if (pid == 0 || pid == static_cast<long>(::getpid()) || !process_is_gone(pid)) continue;
    std::error_code rm;
    fs::remove_all(it->path(), rm);
  }
}

void write_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  if (path.empty() || path.filename().empty()) throw Error("output path is empty");
  const fs::path tmp = temporary_beside(path);
  remove_stale_temporaries(tmp.parent_path());
  try {
    write(tmp);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error(fmt::format("{}: cannot write file ({})", path.string(), ec.message()));
  }
}

void write_stream_atomically(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  write_atomically(path, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fmt::format("{}: cannot open for writing", path.string()));
    write(out);
    out.flush();
    if (!out) throw Error(fmt::format("{}: write failed (disk full?)", path.string()));
    out.close();
    if (out.fail()) throw Error(fmt::format("{}: write failed on close (disk full?)", path.string()));
  });
}

}  // namespace aet
