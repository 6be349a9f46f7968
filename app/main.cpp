// aetbench: the command-line interface. Each subcommand lives in cmd_<name>.cpp.
// Every failure, whatever its source, is one line on stderr,
// "aetbench: error: <what>: <fault>", and exit status 1.
#include <fmt/format.h>
#include <omp.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "app/checks.hpp"
#include "app/commands.hpp"
#include "core/emd.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/outputs.hpp"
#include "core/text_input.hpp"

namespace {

// Removes every ".aetbench-tmp-<digits>-<digits>-" (and a "files/" after it)
// from `s`. Written out, not std::regex: GCC 12 warns falsely inside
// <regex> (-Wmaybe-uninitialized) in the sanitizer build.
std::string strip_temporary_names(const std::string& s) {
  static const std::string prefix = ".aetbench-tmp-";
  auto digits = [&](std::size_t p) {
    std::size_t q = p;
    while (q < s.size() && s[q] >= '0' && s[q] <= '9') ++q;
    return q;
  };
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, prefix.size(), prefix) == 0) {
      const std::size_t a = i + prefix.size(), b = digits(a);
      if (b > a && b < s.size() && s[b] == '-') {
        const std::size_t c = digits(b + 1);
        if (c > b + 1 && c < s.size() && s[c] == '-') {
          i = c + 1;
          if (s.compare(i, 6, "files/") == 0) i += 6;
          continue;
        }
      }
    }
    out += s[i++];
  }
  return out;
}

int fail(const std::string& message) {
  // One line, whatever the message holds, naming files as the user knows
  // them: not the temporaries they were being written as (core/atomic_write.hpp).
  const std::string line = aet::printable(strip_temporary_names(message), 2000);
  fmt::print(stderr, "aetbench: error: {}\n", line);
  return 1;
}

/// OMP_NUM_THREADS beyond the limit is refused before any parallel region
/// (libgomp crashes inside its own code on millions); values it cannot use
/// (0, text) it warns about itself and ignores.
void check_thread_environment() {
  const char* env = std::getenv("OMP_NUM_THREADS");
  if (!env || !*env) return;
  const std::string text(env);
  const std::string first = text.substr(0, text.find(','));
  char* end = nullptr;
  const long long n = std::strtoll(first.c_str(), &end, 10);
  if (end == first.c_str()) return;
  if (n > aet::limits::kMaxThreads)
    throw aet::Error(fmt::format("OMP_NUM_THREADS={}: must be 1 to {} threads", aet::printable(text),
                                 aet::limits::kMaxThreads));
}

/// A --config file is a regular file of bounded size (CLI11 would read a
/// FIFO or /dev/zero forever).
/// The value of `--name V` or `--name=V` at argv[i], or "".
std::string option_value(int argc, char** argv, int i, const std::string& name) {
  const std::string arg = argv[i];
  if (arg == name && i + 1 < argc) return argv[i + 1];
  if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
  return {};
}

void check_config_files(int argc, char** argv) {
  std::vector<aet::NamedPath> configs, written;
  for (int i = 1; i < argc; ++i) {
    if (std::string path = option_value(argc, argv, i, "--write-config"); !path.empty())
      written.push_back({"--write-config", path});
    const std::string path = option_value(argc, argv, i, "--config");
    if (path.empty()) continue;
    aet::check_input_file(path);
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) > aet::limits::kMaxLineBytes)
      throw aet::Error(fmt::format("--config {}: larger than {} bytes (not a config file)", path,
                                   aet::limits::kMaxLineBytes));
    configs.push_back({"--config", path});
  }
  // --write-config writes before the file given to --config is read back.
  aet::refuse_overwriting_inputs(configs, written);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "aetbench: a testbed for atomic electron tomography. Builds ground-truth nanoparticles,\n"
      "simulates ADF-STEM tilt series, reconstructs, traces atoms and scores against the truth.\n"
      "Lengths in Å, angles in degrees (see docs/conventions.md)."};
  app.set_version_flag("--version", std::string("aetbench ") + AET_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  try {
    check_thread_environment();
    check_config_files(argc, argv);
    aet::silence_hdf5_errors();
    aet::cli::add_info_command(app);
    aet::cli::add_convert_command(app);
    aet::cli::add_reconstruct_command(app);
    aet::cli::add_simulate_command(app);
    aet::cli::add_trace_command(app);
    aet::cli::add_score_command(app);
    aet::cli::add_pipeline_command(app);
    aet::cli::add_demo_command(app);
    aet::cli::add_sweep_command(app);
    aet::cli::add_study_command(app);
    aet::cli::add_build_command(app);
    aet::cli::add_analyze_command(app);
    aet::cli::add_baseline_command(app);
    aet::cli::add_config_options(app);
    aet::cli::add_finite_checks(app);
    app.parse(argc, argv);
  } catch (const CLI::FileError& e) {  // --config FILE missing or unreadable
    return fail(e.what());
  } catch (const CLI::ParseError& e) {
    // --help, --version and --write-config end parsing with exit code 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    // "A subcommand is required" when the first word is none of them.
    if (app.get_subcommands().empty() && argc > 1 && argv[1][0] != '-') {
      std::string names;
      for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        names += (names.empty() ? "" : ", ") + sub->get_name();
      return fail(fmt::format("{}: not a subcommand (one of {})", argv[1], names));
    }
    return fail(e.what());
  } catch (const aet::Error& e) {
    return fail(e.what());
  } catch (const std::logic_error& e) {
    // CLI11 converts a flag's value with std::stoll, which throws this for
    // "--keep-non-atoms=0999999999999999999999" (on the command line or in
    // a config file).
    if (std::string_view(e.what()) == "stoll")
      return fail("a flag was given a value that is neither true, false nor a small integer");
    return fail(e.what());
  } catch (const std::bad_alloc&) {
    return fail("out of memory");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}
