#pragma once
// IMOD-style .tlt files: one tilt angle in degrees per line, in section order.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace aet {

/// Parses .tlt text. Blank lines are skipped; anything else that is not one
/// finite number per line is an aet::Error naming `name` and the line.
std::vector<double> parse_tlt(std::string_view text, const std::string& name);
std::vector<double> read_tlt(const std::filesystem::path& path);
/// Reads angles and checks their count against the number of images.
std::vector<double> read_tlt(const std::filesystem::path& path, std::size_t expected_count);
void write_tlt(const std::filesystem::path& path, const std::vector<double>& angles_deg);

}  // namespace aet
