#include "core/xyz.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/text_input.hpp"

namespace aet {

namespace {

// Upper bound on the declared atom count: beyond it the count is taken as
// corrupt rather than reserved.
constexpr long long kMaxAtoms = static_cast<long long>(limits::kMaxAtoms);

struct Property {
  std::string name;
  ColumnType type;
  int components;
};

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const std::size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

// Splits the comment line into key=value pairs; values may be "quoted"
// (with \" and \\ escapes). Returns false when the line is not of that form.
bool parse_key_values(std::string_view line, std::vector<std::pair<std::string, std::string>>& out) {
  std::size_t i = 0;
  auto skip_ws = [&] {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
  };
  skip_ws();
  while (i < line.size()) {
    const std::size_t kb = i;
    while (i < line.size() && line[i] != '=' && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i == kb || i >= line.size() || line[i] != '=') return false;
    std::string key(line.substr(kb, i - kb));
    ++i;  // '='
    std::string value;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        char c = line[i++];
        if (c == '\\' && i < line.size()) {
          value += line[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) return false;
    } else {
      const std::size_t vb = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      value = std::string(line.substr(vb, i - vb));
    }
    out.emplace_back(std::move(key), std::move(value));
    skip_ws();
  }
  return true;
}

std::vector<Property> parse_properties(const std::string& spec, const std::string& where) {
  std::vector<std::string> parts;
  std::stringstream ss(spec);
  for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
  if (parts.empty() || parts.size() % 3 != 0)
    throw Error(fmt::format("{}: Properties '{}' is not a list of name:type:count", where, printable(spec)));
  std::vector<Property> props;
  for (std::size_t i = 0; i < parts.size(); i += 3) {
    Property p;
    p.name = parts[i];
    const std::string& t = parts[i + 1];
    if (t == "R") p.type = ColumnType::Real;
    else if (t == "I") p.type = ColumnType::Int;
    else if (t == "L") p.type = ColumnType::Bool;
    else if (t == "S") p.type = ColumnType::String;
    else throw Error(fmt::format("{}: Properties column '{}' has unknown type '{}'", where, printable(p.name), printable(t)));
    int n = 0;
    auto [ptr, ec] = std::from_chars(parts[i + 2].data(), parts[i + 2].data() + parts[i + 2].size(), n);
    if (ec != std::errc() || ptr != parts[i + 2].data() + parts[i + 2].size() || n < 1 || n > 64)
      throw Error(fmt::format("{}: Properties column '{}' has bad count '{}'", where, printable(p.name), printable(parts[i + 2])));
    p.components = n;
    props.push_back(p);
  }
  if (props.size() < 2 || props[0].name != "species" || props[0].type != ColumnType::String ||
      props[0].components != 1 || props[1].name != "pos" || props[1].type != ColumnType::Real ||
      props[1].components != 3)
    throw Error(fmt::format("{}: Properties must start with species:S:1:pos:R:3", where));
  for (std::size_t i = 2; i < props.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (props[i].name == props[j].name)
        throw Error(fmt::format("{}: Properties declares column '{}' twice", where, printable(props[i].name)));
  return props;
}

double parse_real(std::string_view tok, const std::string& where, const std::string& what) {
  double v = 0.0;
  const char* first = tok.data();
  if (!tok.empty() && *first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, tok.data() + tok.size(), v);
  if (ec != std::errc() || ptr != tok.data() + tok.size())
    throw Error(fmt::format("{}: {} '{}' is not a number", where, what, printable(tok, 32)));
  return v;
}

std::int64_t parse_int(std::string_view tok, const std::string& where, const std::string& what) {
  std::int64_t v = 0;
  const char* first = tok.data();
  if (!tok.empty() && *first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, tok.data() + tok.size(), v);
  if (ec != std::errc() || ptr != tok.data() + tok.size())
    throw Error(fmt::format("{}: {} '{}' is not an integer", where, what, printable(tok, 32)));
  return v;
}

bool parse_bool(std::string_view tok, const std::string& where, const std::string& what) {
  if (tok == "T" || tok == "True" || tok == "true" || tok == "1") return true;
  if (tok == "F" || tok == "False" || tok == "false" || tok == "0") return false;
  throw Error(fmt::format("{}: {} '{}' is not T or F", where, what, printable(tok, 32)));
}

bool is_valid_symbol(std::string_view s) {
  if (s.empty() || s.size() > 3 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

}  // namespace

AtomModel parse_xyz(std::istream& in, const std::string& name) {
  std::string line;
  const auto next_line = [&](std::size_t line_no) {
    return read_bounded_line(in, line, limits::kMaxLineBytes, name, line_no);
  };
  if (!next_line(1)) throw Error(fmt::format("{}: empty file", name));
  const auto count_tokens = split_ws(line);
  if (count_tokens.size() != 1)
    throw Error(fmt::format("{}: line 1: expected the atom count, found '{}'", name, printable(line)));
  const long long count = parse_int(count_tokens[0], name + ": line 1", "atom count");
  if (count < 0 || count > kMaxAtoms)
    throw Error(fmt::format("{}: line 1: atom count {} is out of range (0 to {})", name, count, kMaxAtoms));

  if (!next_line(2)) throw Error(fmt::format("{}: file ends before the comment line", name));

  AtomModel model;
  std::vector<Property> props{{"species", ColumnType::String, 1}, {"pos", ColumnType::Real, 3}};
  std::vector<std::pair<std::string, std::string>> kv;
  if (parse_key_values(line, kv)) {
    for (auto& [k, v] : kv) {
      if (k == "Properties" || k == "properties")
        props = parse_properties(v, name + ": line 2");
      else
        model.metadata().set(k, v);
    }
  } else if (!line.empty()) {
    model.metadata().set("comment", line);
  }

  std::size_t expected_tokens = 0;
  for (const auto& p : props) expected_tokens += std::size_t(p.components);
  for (std::size_t i = 2; i < props.size(); ++i) model.add_column(props[i].name, props[i].type, props[i].components);
  std::vector<AtomColumn*> cols;
  for (std::size_t i = 2; i < props.size(); ++i) cols.push_back(&model.column(props[i].name));

  model.reserve(static_cast<std::size_t>(std::min<long long>(count, 1'000'000)));
  for (long long a = 0; a < count; ++a) {
    const std::string where = fmt::format("{}: line {}", name, a + 3);
    if (!next_line(std::size_t(a) + 3))
      throw Error(fmt::format("{}: file ends after {} of {} atoms", name, a, count));
    const auto tok = split_ws(line);
    if (tok.size() != expected_tokens)
      throw Error(fmt::format("{}: {} columns, expected {}", where, tok.size(), expected_tokens));
    if (!is_valid_symbol(tok[0]))
      throw Error(fmt::format("{}: '{}' is not an element symbol", where, printable(tok[0], 16)));
    Vec3 r;
    for (int c = 0; c < 3; ++c) {
      r[c] = parse_real(tok[1 + c], where, "coordinate");
      if (!std::isfinite(r[c])) throw Error(fmt::format("{}: coordinate is not finite", where));
    }
    model.add_atom(std::string(tok[0]), r);
    std::size_t t = 4;
    for (std::size_t ci = 0; ci < cols.size(); ++ci) {
      AtomColumn& col = *cols[ci];
      const std::size_t base = std::size_t(a) * std::size_t(col.components);
      for (int c = 0; c < col.components; ++c, ++t) {
        switch (col.type) {
          case ColumnType::Real: col.reals[base + c] = parse_real(tok[t], where, col.name); break;
          case ColumnType::Int: col.ints[base + c] = parse_int(tok[t], where, col.name); break;
          case ColumnType::Bool: col.ints[base + c] = parse_bool(tok[t], where, col.name); break;
          case ColumnType::String: col.strings[base + c] = std::string(tok[t]); break;
        }
      }
    }
  }
  std::size_t extra_line = std::size_t(count) + 3;
  while (next_line(extra_line)) {
    if (!split_ws(line).empty())
      throw Error(fmt::format("{}: line {}: more lines than the {} atoms declared (multi-frame files are not supported)",
                              name, extra_line, count));
    ++extra_line;
  }
  return model;
}

AtomModel read_xyz(const std::filesystem::path& path) {
  check_input_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open file", path.string()));
  return parse_xyz(in, path.string());
}

namespace {
std::string quote_if_needed(const std::string& v) {
  bool plain = !v.empty();
  for (char c : v)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '=' || c == '\\') plain = false;
  if (plain) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '\n' || c == '\r') c = ' ';
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}
}  // namespace

void format_xyz(std::ostream& out, const AtomModel& model) {
  out << model.size() << '\n' << "Properties=species:S:1:pos:R:3";
  for (const auto& c : model.columns()) out << ':' << c.name << ':' << column_type_letter(c.type) << ':' << c.components;
  for (const auto& [k, v] : model.metadata()) {
    if (k == "Properties" || k == "properties") continue;
    out << ' ' << k << '=' << quote_if_needed(v);
  }
  out << '\n';
  std::string line;
  for (std::size_t a = 0; a < model.size(); ++a) {
    const Vec3& r = model.positions()[a];
    line = fmt::format("{} {:.6f} {:.6f} {:.6f}", model.species()[a], r.x(), r.y(), r.z());
    for (const auto& c : model.columns()) {
      for (int k = 0; k < c.components; ++k) {
        const std::size_t i = a * std::size_t(c.components) + std::size_t(k);
        switch (c.type) {
          case ColumnType::Real: line += ' ' + format_double(c.reals[i]); break;
          case ColumnType::Int: line += fmt::format(" {}", c.ints[i]); break;
          case ColumnType::Bool: line += c.ints[i] ? " T" : " F"; break;
          // An empty string would shift the columns: it is written as "_".
          case ColumnType::String: line += ' ' + (c.strings[i].empty() ? std::string("_") : c.strings[i]); break;
        }
      }
    }
    out << line << '\n';
  }
}

void write_xyz(const std::filesystem::path& path, const AtomModel& model) {
  model.validate(path.string());
  for (std::size_t a = 0; a < model.size(); ++a)
    if (!is_valid_symbol(model.species()[a]))
      throw Error(fmt::format("{}: atom {} has species '{}', not an element symbol", path.string(), a + 1,
                              model.species()[a]));
  for (const auto& [k, v] : model.metadata())
    if (k.empty() || k.find_first_of(" \t\n\r=\"") != std::string::npos)
      throw Error(fmt::format("{}: metadata key '{}' cannot be written to extended XYZ", path.string(), k));
  for (const auto& c : model.columns()) {
    if (c.name.find_first_of(": \t\n=\"") != std::string::npos)
      throw Error(fmt::format("{}: column name '{}' cannot be written to extended XYZ", path.string(), c.name));
    if (c.type == ColumnType::String)
      for (const auto& s : c.strings)
        if (s.find_first_of(" \t\n\r") != std::string::npos)
          throw Error(fmt::format("{}: column '{}' holds '{}' with white space", path.string(), c.name, s));
  }
  write_stream_atomically(path, [&](std::ostream& out) { format_xyz(out, model); });
}

}  // namespace aet
