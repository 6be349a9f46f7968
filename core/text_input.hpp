#pragma once
// Reading untrusted input files: that a path is a regular file (not a
// folder, FIFO or device, which read as "out of memory" or never end), lines
// of bounded length, and excerpts of file content fit to quote in a one-line
// error message.
#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

namespace aet {

/// Throws aet::Error unless `path` names an existing regular file (after
/// symbolic links): "no such file", "is a folder, not a file", "is a FIFO /
/// device, not a regular file".
void check_input_file(const std::filesystem::path& path);

/// Reads one line (without its '\n', and without a trailing '\r') into
/// `line`; false at the end of the input. Throws aet::Error naming `name` and
/// `line_no` when the line is longer than `max_bytes` or holds a NUL byte (a
/// binary file).
bool read_bounded_line(std::istream& in, std::string& line, std::size_t max_bytes, const std::string& name,
                       std::size_t line_no);

/// `s` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim_space(std::string_view s);

/// `text` cut to `max_chars` (with "..."), control bytes and NUL written as
/// \xNN, so that quoting file content keeps an error message on one line.
std::string printable(std::string_view text, std::size_t max_chars = 40);

}  // namespace aet
