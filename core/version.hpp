#pragma once
// The project's version, written into every output's metadata.
namespace aet {
inline constexpr const char* kVersion = AET_VERSION_STRING;
}  // namespace aet
