#include "core/atomic_write.hpp"

#include <fmt/format.h>
#include <fmt/std.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <system_error>

#include "core/error.hpp"

namespace aet {

namespace fs = std::filesystem;

namespace {
fs::path temporary_beside(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(fmt::format("{}: folder {} does not exist", path.string(), dir.string()));
  const std::string name =
      fmt::format(".{}.tmp.{}.{}", path.filename().string(), static_cast<long>(::getpid()), counter++);
  return dir / name;
}
}  // namespace

void write_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  if (path.empty() || path.filename().empty()) throw Error("output path is empty");
  const fs::path tmp = temporary_beside(path);
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
    if (out.fail()) throw Error(fmt::format("{}: write failed on close", path.string()));
  });
}

}  // namespace aet
