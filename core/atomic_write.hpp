#pragma once
// Every writer writes to a temporary file in the destination's folder and
// renames it into place, so a failure never leaves a partial output file.
// Temporaries are named .aetbench-tmp-<pid>-<n>-<name>: they keep the final
// name's extension (writers that go by it still work), and a later run can
// tell those of a dead process (killed mid-write) and remove them.
#include <filesystem>
#include <functional>
#include <ostream>

namespace aet {

/// Calls `write(tmp)` with a fresh temporary path beside `path`, then renames
/// tmp to path. If `write` throws, the temporary file is removed and the
/// exception propagates; `path` is untouched. Throws aet::Error when the
/// folder does not exist or the rename fails.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& tmp)>& write);

/// Same, for writers that produce a byte stream. The stream is checked after
/// `write` returns and after it is closed; any failure is an aet::Error.
void write_stream_atomically(const std::filesystem::path& path,
                             const std::function<void(std::ostream& out)>& write);

/// A fresh temporary name beside `path` (same folder, same extension), owned
/// by this process. Throws aet::Error when the folder does not exist.
std::filesystem::path temporary_beside(const std::filesystem::path& path);

/// Removes the temporaries (files or folders) in `dir` left by processes
/// that no longer run; those of live processes are kept. Never throws.
void remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace aet
