#include "core/outputs.hpp"

#include <fmt/format.h>

#include <system_error>

#include "core/atomic_write.hpp"
#include "core/error.hpp"

namespace aet {

namespace fs = std::filesystem;

namespace {
/// Whether a and b name the same file: both exist and are equivalent (links
/// included), or neither exists and they resolve to the same path.
bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  const bool ea = fs::exists(a, ec), eb = fs::exists(b, ec);
  if (ea && eb) {
    const bool same = fs::equivalent(a, b, ec);
    return !ec && same;
  }
  if (ea != eb) return false;
  const fs::path ca = fs::weakly_canonical(a, ec);
  if (ec) return false;
  const fs::path cb = fs::weakly_canonical(b, ec);
  return !ec && ca == cb;
}
}  // namespace

void refuse_overwriting_inputs(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    const auto& out = outputs[o];
    if (out.path.empty()) continue;
    for (const auto& in : inputs)
      if (!in.path.empty() && same_file(in.path, out.path))
        throw Error(fmt::format("{} {}: is the input {} {}; writing it would destroy the input", out.option,
                                out.path.string(), in.option, in.path.string()));
    for (std::size_t p = 0; p < o; ++p)
      if (!outputs[p].path.empty() && same_file(outputs[p].path, out.path))
        throw Error(fmt::format("{} {}: is also the output {} {}", out.option, out.path.string(), outputs[p].option,
                                outputs[p].path.string()));
  }
}

void require_output_folder(const std::string& option, const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw Error(fmt::format("{} {}: is a file, not a folder", option, dir.string()));
}

OutputSet::~OutputSet() {
  if (committed_) return;
  std::error_code ec;
  for (const auto& e : entries_) fs::remove_all(e.tmp, ec);
  if (last_) fs::remove_all(last_->tmp, ec);
}

fs::path OutputSet::file(const fs::path& final_path) {
  const fs::path tmp = temporary_beside(final_path);
  remove_stale_temporaries(tmp.parent_path());
  entries_.push_back({tmp, final_path, false});
  return tmp;
}

fs::path OutputSet::last(const fs::path& final_path) {
  if (last_) throw Error(fmt::format("{}: an output set has one last file ({})", final_path.string(),
                                     last_->final_path.string()));
  const fs::path tmp = temporary_beside(final_path);
  remove_stale_temporaries(tmp.parent_path());
  last_ = Entry{tmp, final_path, false};
  return tmp;
}

fs::path OutputSet::folder(const fs::path& dir) {
  const fs::path tmp = temporary_beside(dir / "files");
  remove_stale_temporaries(dir);
  std::error_code ec;
  fs::create_directory(tmp, ec);
  if (ec) throw Error(fmt::format("{}: cannot create a temporary folder ({})", dir.string(), ec.message()));
  entries_.push_back({tmp, dir, true});
  return tmp;
}

void OutputSet::remove(const fs::path& final_path) { removals_.push_back(final_path); }

void OutputSet::commit() {
  std::error_code ec;
  const auto fail = [](const fs::path& p, const std::error_code& e) {
    throw Error(fmt::format("{}: cannot write file ({})", p.string(), e.message()));
  };
  if (last_) fs::remove(last_->final_path, ec);  // no old report beside new files, even for a moment
  for (const auto& p : removals_) fs::remove(p, ec);
  for (const auto& e : entries_) {
    if (!e.is_folder) {
      fs::rename(e.tmp, e.final_path, ec);
      if (ec) fail(e.final_path, ec);
      continue;
    }
    for (fs::directory_iterator it(e.tmp, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path to = e.final_path / it->path().filename();
      std::error_code rn;
      fs::rename(it->path(), to, rn);
      if (rn) fail(to, rn);
    }
    if (ec) fail(e.final_path, ec);
    fs::remove_all(e.tmp, ec);
  }
  if (last_) {
    fs::rename(last_->tmp, last_->final_path, ec);
    if (ec) fail(last_->final_path, ec);
  }
  committed_ = true;
}

}  // namespace aet
