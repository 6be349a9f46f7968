#include "core/text_input.hpp"

#include <fmt/format.h>

#include <system_error>
#include <vector>

#include "core/error.hpp"

namespace aet {

namespace fs = std::filesystem;

void check_input_file(const fs::path& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw Error(fmt::format("{}: no such file", path.string()));
  switch (st.type()) {
    case fs::file_type::regular: return;
    case fs::file_type::directory: throw Error(fmt::format("{}: is a folder, not a file", path.string()));
    case fs::file_type::fifo: throw Error(fmt::format("{}: is a FIFO, not a regular file", path.string()));
    case fs::file_type::character:
    case fs::file_type::block: throw Error(fmt::format("{}: is a device, not a regular file", path.string()));
    default: throw Error(fmt::format("{}: is not a regular file", path.string()));
  }
}

bool read_bounded_line(std::istream& in, std::string& line, std::size_t max_bytes, const std::string& name,
                       std::size_t line_no) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  if (!buf || !in.good()) return false;
  for (;;) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (line.empty()) return false;
      break;
    }
    if (c == '\n') break;
    if (c == '\0')
      throw Error(fmt::format("{}: line {}: a NUL byte (binary data, not a text file)", name, line_no));
    if (line.size() >= max_bytes)
      throw Error(fmt::format("{}: line {}: longer than {} bytes (not a text file of this kind)", name, line_no,
                              max_bytes));
    line.push_back(static_cast<char>(c));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

std::string_view trim_space(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  const bool cut = text.size() > max_chars;
  for (unsigned char c : text.substr(0, max_chars)) {
    if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  if (cut) out += "...";
  return out;
}

}  // namespace aet
