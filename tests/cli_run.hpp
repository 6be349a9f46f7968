#pragma once
// Runs the built aetbench executable with arguments, capturing exit code,
// stdout and stderr (for the end-to-end CLI tests).
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "test_util.hpp"

namespace aet::test {

struct CliRun {
  int rc;
  std::string out, err;
};

inline CliRun run_aetbench(const TempDir& dir, const std::string& args) {
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd =
      (bin_dir() / "aetbench").string() + " " + args + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  CliRun r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(out), read_text(err)};
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

}  // namespace aet::test
