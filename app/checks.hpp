#pragma once
// Option checks with one-line messages that name the allowed range (CLI11's
// own ranges print both ends of double's range, 300 digits, and let NaN
// through). CLI11 prefixes the option's name: "--iterations: must be ...".
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "core/text_input.hpp"

namespace aet::cli {

namespace detail {
/// The number in `text`, or NaN when it is none (or not finite).
inline double finite_number(const std::string& text) {
  if (text.empty()) return NAN;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v)) return NAN;
  return v;
}

inline std::string range_text(double lo, bool lo_open, double hi) {
  if (lo_open && lo == 0.0)
    return std::isinf(hi) ? "a positive number" : fmt::format("a positive number up to {:g}", hi);
  if (lo_open) return fmt::format("a number above {:g}{}", lo, std::isinf(hi) ? "" : fmt::format(" up to {:g}", hi));
  if (std::isinf(hi)) return fmt::format("a number from {:g} up", lo);
  return fmt::format("a number from {:g} to {:g}", lo, hi);
}

inline CLI::Validator bounded(double lo, bool lo_open, double hi) {
  const std::string want = range_text(lo, lo_open, hi);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const double v = finite_number(text);
        if (std::isnan(v) || (lo_open ? !(v > lo) : !(v >= lo)) || !(v <= hi))
          return fmt::format("must be {}, got '{}'", want, printable(text));
        return {};
      },
      std::isinf(hi) ? fmt::format("{} {:g}", lo_open ? ">" : ">=", lo)
                     : fmt::format("in {}{:g}, {:g}]", lo_open ? "(" : "[", lo, hi));
}
}  // namespace detail

inline constexpr double kNoLimit = std::numeric_limits<double>::infinity();

/// lo <= value <= hi, a finite number.
inline CLI::Validator in_range(double lo, double hi) { return detail::bounded(lo, false, hi); }
/// 0 < value <= hi.
inline CLI::Validator positive(double hi = kNoLimit) { return detail::bounded(0.0, true, hi); }
/// 0 <= value <= hi.
inline CLI::Validator non_negative(double hi = kNoLimit) { return detail::bounded(0.0, false, hi); }
/// Any finite number (added to every floating-point option by add_finite_checks).
inline CLI::Validator finite() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (std::isnan(detail::finite_number(text)))
          return fmt::format("must be a finite number, got '{}'", printable(text));
        return {};
      },
      "");
}

/// Adds finite() to every floating-point option of `app` and its
/// subcommands, so that no option takes NaN or infinity.
inline void add_finite_checks(CLI::App& app) {
  for (CLI::Option* o : app.get_options())
    if (o->get_type_name().rfind("FLOAT", 0) == 0) o->check(finite());
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) add_finite_checks(*sub);
}

}  // namespace aet::cli
