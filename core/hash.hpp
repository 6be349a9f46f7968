#pragma once
// FNV-1a (64 bit): a fixed, documented hash, so that a hash recorded on one
// machine compares on another (file identities in baselines, parameter sets
// in study points). Not cryptographic.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace aet {

/// "fnv1a64:<16 hex digits>" of the bytes.
std::string fnv1a64_hex(std::string_view bytes);
/// Same, of a file's bytes; throws aet::Error when it cannot be read.
std::string file_fnv1a64_hex(const std::filesystem::path& path);

}  // namespace aet
