#pragma once
// The current time in UTC, formatted by std::strftime (e.g. "%Y-%m-%d %H:%M UTC").
#include <ctime>
#include <string>

namespace aet {

inline std::string utc_time(const char* format) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace aet
