#pragma once
// Each subcommand registers itself on the top-level CLI11 app; its callback
// does the work. Bad input is thrown as aet::Error and reported by main().
#include <CLI/CLI.hpp>
#include <string>

namespace aet::cli {

void add_info_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_reconstruct_command(CLI::App& app);
void add_simulate_command(CLI::App& app);
void add_trace_command(CLI::App& app);
void add_score_command(CLI::App& app);
void add_pipeline_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_study_command(CLI::App& app);
void add_build_command(CLI::App& app);
void add_analyze_command(CLI::App& app);
void add_baseline_command(CLI::App& app);

/// --config FILE (top level, passed through by every subcommand) and each
/// subcommand's --write-config FILE. Call after every add_*_command.
void add_config_options(CLI::App& app);
/// The options given to a subcommand (from the command line or a config
/// file), as a TOML section that --config reads back.
std::string command_config(const CLI::App& command);

}  // namespace aet::cli
