// Outputs never overwrite inputs, appear together or not at all, and the
// temporaries of dead processes are cleaned up; text inputs are bounded.
#include "core/outputs.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/text_input.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

namespace fs = std::filesystem;

/// The pid of a child that has exited and been reaped: no process has it
/// (until the kernel reuses it, far away in a pid space of 4 million).
long dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

TEST(RefuseOverwritingInputs, SamePathSymlinkAndHardLinkAreRefused) {
  test::TempDir dir;
  test::write_text(dir / "in.mrc", "data");
  fs::create_symlink(dir / "in.mrc", dir / "sym.mrc");
  fs::create_hard_link(dir / "in.mrc", dir / "hard.mrc");
  const fs::path dotted = dir.path() / "." / "in.mrc";
  for (const fs::path& out : {dir / "in.mrc", dir / "sym.mrc", dir / "hard.mrc", dotted}) {
    try {
      refuse_overwriting_inputs({{"--tilts", dir / "in.mrc"}}, {{"--out", out}});
      ADD_FAILURE() << out << " was not refused";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("is the input --tilts"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(test::read_text(dir / "in.mrc"), "data");
}

TEST(RefuseOverwritingInputs, OtherFilesEmptyPathsAndMissingInputsPass) {
  test::TempDir dir;
  test::write_text(dir / "in.mrc", "data");
  EXPECT_NO_THROW(refuse_overwriting_inputs({{"--tilts", dir / "in.mrc"}, {"--angles", ""}},
                                            {{"--out", dir / "out.mrc"}, {"--out-atoms", ""}}));
  EXPECT_NO_THROW(refuse_overwriting_inputs({{"--tilts", dir / "missing.mrc"}}, {{"--out", dir / "out.mrc"}}));
  // Two outputs naming one file: the second would replace the first.
  EXPECT_THROW(refuse_overwriting_inputs({}, {{"--out", dir / "a.mrc"}, {"--out", dir.path() / "." / "a.mrc"}}),
               Error);
}

TEST(OutputSet, NothingAppearsWithoutCommit) {
  test::TempDir dir;
  test::write_text(dir / "report.json", "old report");
  {
    OutputSet set;
    test::write_text(set.file(dir / "a.mrc"), "a");
    test::write_text(set.last(dir / "report.json"), "new report");
    test::write_text(set.folder(dir.path()) / "b.xyz", "b");
    // Destroyed without commit, as when the command throws.
  }
  EXPECT_EQ(test::read_text(dir / "report.json"), "old report");
  EXPECT_EQ(dir.file_count(), 1u) << "temporaries left behind";
}

TEST(OutputSet, CommitMovesAllReportLastAndRemovesStaleFiles) {
  test::TempDir dir;
  test::write_text(dir / "report.json", "old report");
  test::write_text(dir / "config.toml", "old config");
  test::write_text(dir / "b.xyz", "old b");
  OutputSet set;
  const fs::path a = set.file(dir / "a.mrc");
  EXPECT_EQ(a.extension(), ".mrc") << "writers that go by the extension need it";
  test::write_text(a, "a");
  test::write_text(set.folder(dir.path()) / "b.xyz", "new b");
  test::write_text(set.last(dir / "report.json"), "new report");
  set.remove(dir / "config.toml");
  set.commit();
  EXPECT_EQ(test::read_text(dir / "a.mrc"), "a");
  EXPECT_EQ(test::read_text(dir / "b.xyz"), "new b");
  EXPECT_EQ(test::read_text(dir / "report.json"), "new report");
  EXPECT_FALSE(fs::exists(dir / "config.toml"));
  EXPECT_EQ(dir.file_count(), 3u);
}

TEST(OutputSet, OneLastFile) {
  test::TempDir dir;
  OutputSet set;
  set.last(dir / "report.json");
  EXPECT_THROW(set.last(dir / "other.json"), Error);
}

TEST(StaleTemporaries, ThoseOfDeadProcessesGoThoseOfLiveOnesStay) {
  test::TempDir dir;
  const long dead = dead_pid();
  const std::string stale_file = ".aetbench-tmp-" + std::to_string(dead) + "-0-volume.mrc";
  const std::string stale_folder = ".aetbench-tmp-" + std::to_string(dead) + "-1-files";
  const std::string live = ".aetbench-tmp-" + std::to_string(::getppid()) + "-0-atoms.xyz";
  test::write_text(dir / stale_file, "partial");
  fs::create_directory(dir / stale_folder);
  test::write_text(dir / stale_folder / "atoms.xyz", "partial");
  test::write_text(dir / live, "being written");
  test::write_text(dir / ".aetbench-tmp-notapid", "not ours");
  write_stream_atomically(dir / "new.txt", [](std::ostream& out) { out << "new"; });
  EXPECT_FALSE(fs::exists(dir / stale_file));
  EXPECT_FALSE(fs::exists(dir / stale_folder));
  EXPECT_TRUE(fs::exists(dir / live));
  EXPECT_TRUE(fs::exists(dir / ".aetbench-tmp-notapid"));
  EXPECT_EQ(test::read_text(dir / "new.txt"), "new");
}

TEST(CheckInputFile, NamesWhatIsThereInstead) {
  test::TempDir dir;
  fs::create_directory(dir / "folder.xyz");
  ASSERT_EQ(::mkfifo((dir / "fifo.xyz").c_str(), 0600), 0);
  const auto fault = [](const fs::path& p) {
    try {
      check_input_file(p);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(fault(dir / "missing.xyz").find("no such file"), std::string::npos);
  EXPECT_NE(fault(dir / "folder.xyz").find("is a folder"), std::string::npos);
  EXPECT_NE(fault(dir / "fifo.xyz").find("is a FIFO"), std::string::npos);
  EXPECT_NE(fault("/dev/zero").find("is a device"), std::string::npos);
  test::write_text(dir / "ok.xyz", "1\n\nPt 0 0 0\n");
  EXPECT_EQ(fault(dir / "ok.xyz"), "accepted");
}

TEST(ReadBoundedLine, LongLinesAndNulBytesAreRefused) {
  std::string line;
  std::istringstream ok("one\r\ntwo");
  EXPECT_TRUE(read_bounded_line(ok, line, 8, "f", 1));
  EXPECT_EQ(line, "one");
  EXPECT_TRUE(read_bounded_line(ok, line, 8, "f", 2));
  EXPECT_EQ(line, "two");
  EXPECT_FALSE(read_bounded_line(ok, line, 8, "f", 3));
  std::istringstream longer(std::string(9, 'x') + "\n");
  EXPECT_THROW(read_bounded_line(longer, line, 8, "f", 1), Error);
  std::istringstream binary(std::string("ab\0cd\n", 6));
  try {
    read_bounded_line(binary, line, 8, "f", 1);
    ADD_FAILURE() << "NUL accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("NUL"), std::string::npos) << e.what();
  }
}

TEST(Printable, ControlBytesAreEscapedAndLongTextCut) {
  EXPECT_EQ(printable(std::string("a\0b\n", 4)), "a\\x00b\\x0a");
  EXPECT_EQ(printable(std::string(50, 'x'), 10), std::string(10, 'x') + "...");
  EXPECT_EQ(printable("Å"), "Å");
}

}  // namespace
}  // namespace aet
