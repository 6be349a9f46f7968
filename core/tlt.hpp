#pragma once
// IMOD-style .tlt files: one tilt angle in degrees per line, in section order.
// read_tlt also reads SerialEM's .mdoc (core/mdoc.hpp) by its extension.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace aet {

/// Parses .tlt text. Blank lines are skipped; anything else that is not one
/// finite number per line is an aet::Error naming `name` and the line.
std::vector<double> parse_tlt(std::string_view text, const std::string& name);
/// A .tlt, .rawtlt or (by its extension) a SerialEM .mdoc.
std::vector<double> read_tlt(const std::filesystem::path& path);
/// True for a .mdoc (any case).
bool is_mdoc(const std::filesystem::path& path);
/// Reads angles and checks their count against the number of images.
std::vector<double> read_tlt(const std::filesystem::path& path, std::size_t expected_count);
void write_tlt(const std::filesystem::path& path, const std::vector<double>& angles_deg);

}  // namespace aet
