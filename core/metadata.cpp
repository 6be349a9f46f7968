#include "core/metadata.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/error.hpp"

namespace aet {

std::string format_double(double value) {
  // fmt's default formatting is the shortest round-trip representation.
  return fmt::format("{}", value);
}

void Metadata::set(const std::string& key, const std::string& value) { entries_[key] = value; }
void Metadata::set(const std::string& key, double value) { entries_[key] = format_double(value); }
void Metadata::set(const std::string& key, std::int64_t value) { entries_[key] = std::to_string(value); }
void Metadata::set(const std::string& key, std::uint64_t value) { entries_[key] = std::to_string(value); }
void Metadata::set(const std::string& key, const std::vector<double>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) text += ',';
    text += format_double(values[i]);
  }
  entries_[key] = text;
}

std::optional<std::string> Metadata::get(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

namespace {
template <class T>
T parse_number(const std::string& key, std::string_view text) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw Error(fmt::format("metadata '{}': '{}' is not a number", key, text));
  return value;
}
}  // namespace

double Metadata::get_double(const std::string& key) const {
  auto v = get(key);
  if (!v) throw Error(fmt::format("metadata '{}' is missing", key));
  return parse_number<double>(key, *v);
}

std::int64_t Metadata::get_int(const std::string& key) const {
  auto v = get(key);
  if (!v) throw Error(fmt::format("metadata '{}' is missing", key));
  return parse_number<std::int64_t>(key, *v);
}

std::vector<double> Metadata::get_doubles(const std::string& key) const {
  auto v = get(key);
  if (!v) throw Error(fmt::format("metadata '{}' is missing", key));
  std::vector<double> out;
  std::string_view rest = *v;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    out.push_back(parse_number<double>(key, rest.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

void Metadata::merge(const Metadata& other) {
  for (const auto& [k, v] : other.entries_) entries_[k] = v;
}

}  // namespace aet
