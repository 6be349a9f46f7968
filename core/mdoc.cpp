#include "core/mdoc.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/text_input.hpp"

namespace aet {

namespace {

/// `key = value` split at the first '='; nullopt when there is none.
std::optional<std::pair<std::string_view, std::string_view>> key_value(std::string_view line) {
  const auto eq = line.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  return std::pair{trim_space(line.substr(0, eq)), trim_space(line.substr(eq + 1))};
}

template <class T>
bool parse_number(std::string_view s, T& value) {
  const char* first = s.data();
  if (!s.empty() && *first == '+') ++first;  // from_chars rejects a leading '+'
  auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), value);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::vector<double> parse_mdoc(std::string_view text, const std::string& name) {
  std::map<long, double> angles;  // ZValue -> TiltAngle
  long section = -1;             // the current [ZValue = N]; -1 outside one
  std::size_t section_line = 0;
  bool section_has_angle = false;
  auto end_section = [&] {
    if (section >= 0 && !section_has_angle)
      throw Error(fmt::format("{}: line {}: [ZValue = {}] has no TiltAngle", name, section_line, section));
  };
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    const std::string_view line = trim_space(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.find('\0') != std::string_view::npos)
      throw Error(fmt::format("{}: line {}: a NUL byte (binary data, not a text file)", name, line_no));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']')
        throw Error(fmt::format("{}: line {}: '{}' is not a [section]", name, line_no, printable(line)));
      const auto kv = key_value(line.substr(1, line.size() - 2));
      if (!kv) throw Error(fmt::format("{}: line {}: '{}' is not a [key = value] section", name, line_no,
                                       printable(line)));
      end_section();
      section = -1;
      if (kv->first == "MontSection")
        throw Error(fmt::format("{}: line {}: a montage (MontSection); only single-frame tilt series are read",
                                name, line_no));
      if (kv->first != "ZValue") continue;  // [T = ...] titles and other sections
      long z = -1;
      if (!parse_number(kv->second, z) || z < 0 || z >= limits::kMaxImages)
        throw Error(fmt::format("{}: line {}: ZValue '{}' is not an image index 0 to {}", name, line_no,
                                printable(kv->second), limits::kMaxImages - 1));
      if (angles.count(z) != 0)
        throw Error(fmt::format("{}: line {}: ZValue {} appears twice", name, line_no, z));
      section = z;
      section_line = line_no;
      section_has_angle = false;
      continue;
    }
    const auto kv = key_value(line);
    if (!kv) throw Error(fmt::format("{}: line {}: '{}' is not a 'key = value' line", name, line_no, printable(line)));
    if (section < 0 || kv->first != "TiltAngle") continue;
    double angle = 0.0;
    if (!parse_number(kv->second, angle))
      throw Error(fmt::format("{}: line {}: TiltAngle '{}' is not one angle in degrees", name, line_no,
                              printable(kv->second)));
    if (!std::isfinite(angle) || std::fabs(angle) > 180.0)
      throw Error(fmt::format("{}: line {}: TiltAngle {} is not a finite angle within ±180°", name, line_no, angle));
    if (section_has_angle)
      throw Error(fmt::format("{}: line {}: a second TiltAngle in [ZValue = {}]", name, line_no, section));
    angles[section] = angle;
    section_has_angle = true;
  }
  end_section();
  if (angles.empty()) throw Error(fmt::format("{}: no [ZValue = N] section with a TiltAngle", name));
  // Sections may come in any order; together they must number 0 to N-1.
  std::vector<double> out;
  out.reserve(angles.size());
  for (const auto& [z, angle] : angles) {
    if (z != long(out.size()))
      throw Error(fmt::format("{}: ZValue {} is missing ({} images listed)", name, out.size(), angles.size()));
    out.push_back(angle);
  }
  return out;
}

}  // namespace aet
