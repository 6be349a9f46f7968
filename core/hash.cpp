#include "core/hash.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "core/error.hpp"

namespace aet {

namespace {

constexpr std::uint64_t kOffset = 14695981039346656037ull, kPrime = 1099511628211ull;

std::string hex(std::uint64_t h) { return fmt::format("fnv1a64:{:016x}", h); }

}  // namespace

std::string fnv1a64_hex(std::string_view bytes) {
  std::uint64_t h = kOffset;
  for (const char c : bytes) {
    h ^= std::uint8_t(c);
    h *= kPrime;
  }
  return hex(h);
}

std::string file_fnv1a64_hex(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot read", path.string()));
  std::uint64_t h = kOffset;
  for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
    h ^= std::uint8_t(*it);
    h *= kPrime;
  }
  if (in.bad()) throw Error(fmt::format("{}: read error", path.string()));
  return hex(h);
}

}  // namespace aet
