// Replayable runs: every subcommand reads its options from a TOML file
// (--config FILE, CLI11's own config support) and writes them (--write-config
// FILE). A file holds one [<subcommand>] section; options given on the
// command line override the file's.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string_view>

#include "app/commands.hpp"
#include "core/atomic_write.hpp"
#include "core/error.hpp"

namespace aet::cli {

namespace {

constexpr std::string_view kConfigHeader = "# aetbench ";

/// An existing file is replaced only when it is a config aetbench wrote: any
/// other (a tilt series, a model, a study file) may be one of the command's
/// inputs.
void refuse_replacing_non_config(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return;
  std::ifstream in(path, std::ios::binary);
  std::string head(kConfigHeader.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  if (!std::filesystem::is_regular_file(path, ec) || !in || head != kConfigHeader)
    throw Error(fmt::format("--write-config {}: exists and is not a config file aetbench wrote; "
                            "refusing to replace it (remove it or choose another name)",
                            path));
}

}  // namespace

std::string command_config(const CLI::App& command) {
  // Only the options given: the defaults are the code's, and CLI11 would
  // write a flag that was not given as false even where its default is true.
  return fmt::format("{}{}: replay with `aetbench {} --config FILE`\n[{}]\n{}", kConfigHeader, command.get_name(),
                     command.get_name(), command.get_name(), command.config_to_str(false, false));
}

void add_config_options(CLI::App& app) {
  // The config option lives on the top-level app (CLI11 reads config files
  // there only); each subcommand passes it up.
  app.set_config("--config", "", "read a command's options from a TOML file (as --write-config writes it)");
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->fallthrough(true);
    sub->add_option("--write-config",
                    "write the options given to this command to a TOML file, and exit; "
                    "--config FILE reads one back (options on the command line win)")
        ->type_name("FILE")
        ->configurable(false)
        ->each([sub](const std::string& path) {
          refuse_replacing_non_config(path);
          write_stream_atomically(path, [&](std::ostream& out) { out << command_config(*sub); });
          throw CLI::Success();
        });
  }
}

}  // namespace aet::cli
