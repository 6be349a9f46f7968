// aetbench: the command-line interface. Each subcommand lives in cmd_<name>.cpp.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <new>

#include "app/commands.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "aetbench: a testbed for atomic electron tomography. Builds ground-truth nanoparticles,\n"
      "simulates ADF-STEM tilt series, reconstructs, traces atoms and scores against the truth.\n"
      "Lengths in Å, angles in degrees (see docs/conventions.md)."};
  app.set_version_flag("--version", std::string("aetbench ") + AET_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
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
  try {
    app.parse(argc, argv);
  } catch (const CLI::FileError& e) {  // --config FILE missing or unreadable
    fmt::print(stderr, "aetbench: error: {}\n", e.what());
    return 1;
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const aet::Error& e) {
    fmt::print(stderr, "aetbench: error: {}\n", e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "aetbench: error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "aetbench: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
