#pragma once
// What a command writes: never one of its inputs, and all of its files
// together or none of them.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace aet {

/// A file a command reads or writes, with the option that named it (for the
/// error message).
struct NamedPath {
  std::string option;
  std::filesystem::path path;
};

/// Throws aet::Error, before any work, when an output is one of the inputs:
/// the same file by resolved path, through a symbolic link or as a hard link
/// (std::filesystem::equivalent), or two outputs are the same file. Empty
/// paths are skipped.
void refuse_overwriting_inputs(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

/// Throws aet::Error when `dir` exists and is not a folder (an output folder
/// given as a file), naming `option`.
void require_output_folder(const std::string& option, const std::filesystem::path& dir);

/// A set of output files written to temporaries and renamed into place
/// together by commit(). Destroyed without commit() (an exception), the
/// temporaries are removed and no final file is touched. commit() first
/// removes the old `last` file (a report that describes the others), then
/// renames the rest, then `last`: a report on disk always describes the
/// files beside it. Temporaries left by a killed run are removed by the
/// next one (remove_stale_temporaries).
class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();

  /// The temporary to write `final_path` to (same folder and extension).
  /// The folder must exist.
  std::filesystem::path file(const std::filesystem::path& final_path);
  /// Same, for the file renamed last (at most one per set).
  std::filesystem::path last(const std::filesystem::path& final_path);
  /// A temporary folder in `dir`: at commit() every file written into it
  /// moves into `dir` (replacing files of the same name).
  std::filesystem::path folder(const std::filesystem::path& dir);
  /// A file of an earlier run that this one does not write: removed at commit().
  void remove(const std::filesystem::path& final_path);

  /// Renames everything into place. Throws aet::Error when a rename fails.
  void commit();

 private:
  struct Entry {
    std::filesystem::path tmp, final_path;
    bool is_folder = false;
  };
  std::vector<Entry> entries_;
  std::vector<std::filesystem::path> removals_;
  std::optional<Entry> last_;
  bool committed_ = false;
};

}  // namespace aet
