// libFuzzer harness: a --config file (CLI11's TOML reader, as --config FILE
// reads it) with the option kinds aetbench's commands have and their checks
// (app/checks.hpp): any text must end in a CLI11 parse error or be accepted,
// never crash or hang; an accepted floating-point value is finite.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <optional>
#include <string>
#include <vector>

#include "app/checks.hpp"

namespace {
struct Options {
  double pixel = 0.0, smooth = 1.0, ratio = 1.0;
  int iterations = 10, threads = 0;
  std::optional<double> dose;
  std::vector<double> range;
  std::vector<int> size;
  std::vector<std::string> particles;
  std::string species = "Pd,Pt", name;
  bool flag = false, on = true;
};

void add_options(CLI::App& sub, Options& o) {
  sub.add_option("--pixel", o.pixel)->check(aet::cli::in_range(1e-3, 1e3));
  sub.add_option("--smooth", o.smooth)->check(aet::cli::non_negative(10.0));
  sub.add_option("--ratio", o.ratio);
  sub.add_option("--iterations", o.iterations)->check(aet::cli::positive(100000));
  sub.add_option("--threads", o.threads)->check(aet::cli::non_negative(1024));
  sub.add_option("--dose", o.dose);
  sub.add_option("--tilt-range", o.range)->expected(2);
  sub.add_option("--size", o.size)->expected(1, 2);
  sub.add_option("--particles", o.particles)->delimiter(',');
  sub.add_option("--species", o.species);
  sub.add_option("--name", o.name);
  sub.add_flag("--flag", o.flag);
  sub.add_flag("--on,!--off", o.on);
}

/// One app for every input (building it is most of the cost), cleared between inputs.
struct Harness {
  CLI::App app{"fuzz"};
  Options a, b;
  Harness() {
    add_options(*app.add_subcommand("pipeline"), a);
    add_options(*app.add_subcommand("simulate"), b);
    aet::cli::add_finite_checks(app);
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness h;
  h.app.clear();
  h.a = Options{};
  h.b = Options{};
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    h.app.parse_from_stream(in);
  } catch (const CLI::Error&) {
    return 0;
  } catch (const std::logic_error& e) {
    // CLI11 converts a flag's value with std::stoll: a huge number throws
    // std::out_of_range("stoll"), which aetbench's main reports as one line.
    if (std::string_view(e.what()) == "stoll") return 0;
    throw;
  }
  const Options& a = h.a;
  const Options& b = h.b;
  for (const Options* o : {&a, &b}) {
    for (double v : {o->pixel, o->smooth, o->ratio, o->dose.value_or(0.0)})
      if (!std::isfinite(v)) std::abort();  // a check let a NaN or infinity through
    for (double v : o->range)
      if (!std::isfinite(v)) std::abort();
  }
  return 0;
}
