#include "core/tlt.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/mdoc.hpp"
#include "core/text_input.hpp"
#include "core/metadata.hpp"

namespace aet {

std::vector<double> parse_tlt(std::string_view text, const std::string& name) {
  std::vector<double> angles;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    const std::string_view line = trim_space(text.substr(0, nl));
    if (line.find('\0') != std::string_view::npos)
      throw Error(fmt::format("{}: line {}: a NUL byte (binary data, not a text file)", name, line_no));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty()) continue;
    double value = 0.0;
    const char* first = line.data();
    if (*first == '+') ++first;  // from_chars rejects a leading '+'
    auto [ptr, ec] = std::from_chars(first, line.data() + line.size(), value);
    if (ec != std::errc() || ptr != line.data() + line.size())
      throw Error(fmt::format("{}: line {}: '{}' is not one angle in degrees", name, line_no,
                              printable(line)));
    if (!std::isfinite(value))
      throw Error(fmt::format("{}: line {}: angle is not finite", name, line_no));
    if (std::fabs(value) > 180.0)
      throw Error(fmt::format("{}: line {}: angle {} is beyond ±180°", name, line_no, value));
    angles.push_back(value);
    if (angles.size() > std::size_t(limits::kMaxImages))
      throw Error(fmt::format("{}: more than {} angles", name, limits::kMaxImages));
  }
  if (angles.empty()) throw Error(fmt::format("{}: no angles", name));
  return angles;
}

std::vector<double> read_tlt(const std::filesystem::path& path) {
  check_input_file(path);
  const bool mdoc = is_mdoc(path);
  const std::size_t max_bytes = mdoc ? limits::kMaxMdocBytes : limits::kMaxTltBytes;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open file", path.string()));
  // Read at most one byte past the limit: a larger file is refused unread.
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(std::size_t(in.gcount()));
  if (in.bad()) throw Error(fmt::format("{}: read failed", path.string()));
  if (text.size() > max_bytes)
    throw Error(fmt::format("{}: larger than {} bytes (not a list of tilt angles)", path.string(), max_bytes));
  return mdoc ? parse_mdoc(text, path.string()) : parse_tlt(text, path.string());
}

bool is_mdoc(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".mdoc";
}

std::vector<double> read_tlt(const std::filesystem::path& path, std::size_t expected_count) {
  auto angles = read_tlt(path);
  if (angles.size() != expected_count)
    throw Error(fmt::format("{}: {} angles for {} images", path.string(), angles.size(), expected_count));
  return angles;
}

void write_tlt(const std::filesystem::path& path, const std::vector<double>& angles_deg) {
  if (angles_deg.empty()) throw Error(fmt::format("{}: no angles to write", path.string()));
  if (is_mdoc(path)) throw Error(fmt::format("{}: aetbench writes angles as .tlt, not .mdoc", path.string()));
  for (double a : angles_deg)
    if (!std::isfinite(a)) throw Error(fmt::format("{}: refusing to write a non-finite angle", path.string()));
  write_stream_atomically(path, [&](std::ostream& out) {
    for (double a : angles_deg) out << format_double(a) << '\n';
  });
}

}  // namespace aet
