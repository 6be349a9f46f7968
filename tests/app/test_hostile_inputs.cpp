// aetbench against hostile inputs: every failure is one line
// "aetbench: error: ..." and exit 1, no input is overwritten, no output is
// left half-written, nothing crashes or runs away. Each check runs the
// executable on small files and compares every file in the test's folder
// before and after (content included): a refused command changes nothing.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include "cli_run.hpp"
#include "core/mrc.hpp"
#include "core/xyz.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

namespace fs = std::filesystem;
using test::CliRun;
using test::TempDir;

/// Every regular file under `dir` with its content.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::error_code ec;
    if (e.is_regular_file(ec)) files[fs::relative(e.path(), dir).string()] = test::read_text(e.path());
    else if (e.is_directory(ec)) files[fs::relative(e.path(), dir).string() + "/"] = "";
  }
  return files;
}

/// Runs aetbench under a 60 s timeout (a hang fails the test instead of the
/// suite); `env` is prepended to the command line.
CliRun run(const TempDir& dir, const std::string& args, const std::string& env = "") {
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = env + " timeout 60 " + (test::bin_dir() / "aetbench").string() + " " + args + " >" +
                          out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  CliRun r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, test::read_text(out), test::read_text(err)};
  fs::remove(out);
  fs::remove(err);
  return r;
}

std::size_t lines(const std::string& s) { return std::size_t(std::count(s.begin(), s.end(), '\n')); }

/// The command fails with exit 1 and one line "aetbench: error: ...", which
/// holds `fault`, and leaves every file in `dir` as it was.
void expect_refused(const TempDir& dir, const std::string& args, const std::string& fault,
                    const std::string& env = "") {
  SCOPED_TRACE(args);
  const auto before = snapshot(dir.path());
  const CliRun r = run(dir, args, env);
  EXPECT_EQ(r.rc, 1) << r.err;
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("aetbench: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(fault), std::string::npos) << "expected '" << fault << "' in: " << r.err;
  EXPECT_LE(r.err.size(), 400u) << "one short line: " << r.err;
  EXPECT_EQ(snapshot(dir.path()), before) << "files changed, appeared or vanished";
}

std::string p(const TempDir& dir, const std::string& name) { return (dir / name).string(); }

/// Five images of 16 x 16 at distinct angles, s.mrc + s.tlt.
void write_series(const TempDir& dir, const std::string& stem = "s",
                  const std::vector<double>& angles = {-40, -20, 0, 20, 40}) {
  TiltSeries s(16, 16, 0.4, TiltGeometry::from_tilts(angles));
  for (std::size_t i = 0; i < s.data().size(); ++i) s.data()[i] = float(i % 17) / 17.0f;
  write_mrc_tilt_series(dir / (stem + ".mrc"), dir / (stem + ".tlt"), s);
}

void write_volume(const TempDir& dir, const std::string& name) {
  Volume v(VolumeGeometry{16, 16, 16, 0.4});
  v.data()[v.geometry().index(8, 8, 8)] = 1.0f;
  write_mrc_volume(dir / name, v);
}

/// Four Pt atoms at fcc neighbour distance.
const char* kModel =
    "4\nProperties=species:S:1:pos:R:3\nPt 0 0 0\nPt 2.77 0 0\nPt 0 2.77 0\nPt 0 0 2.77\n";

// ---------------------------------------------------------------------------
// Inputs are never overwritten.

TEST(HostileInputs, OutputOverAnInputIsRefusedBeforeAnyWork) {
  TempDir dir;
  write_series(dir);
  write_volume(dir, "v.mrc");
  test::write_text(dir / "m.xyz", kModel);
  test::write_text(dir / "t.xyz", kModel);
  fs::create_symlink(dir / "s.mrc", dir / "sym.mrc");
  fs::create_hard_link(dir / "s.mrc", dir / "hard.mrc");
  fs::create_directory(dir / "d");
  test::write_text(dir / "d/atoms.xyz", kModel);
  fs::create_directory(dir / "run");
  fs::copy_file(dir / "s.mrc", dir / "run/volume.mrc");
  fs::copy_file(dir / "s.tlt", dir / "run/volume.tlt");
  const std::string s = p(dir, "s.mrc");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + s, "would destroy the input");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + p(dir, "sym.mrc"), "is the input --tilts");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + p(dir, "hard.mrc"), "is the input --tilts");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + (dir.path() / "." / "s.mrc").string(),
                 "is the input");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + p(dir, "x.mrc") + " --out " + p(dir, "x.mrc"),
                 "is also the output");
  expect_refused(dir, "trace --volume " + p(dir, "v.mrc") + " --out " + p(dir, "v.mrc"), "is the input --volume");
  expect_refused(dir, "simulate --model " + p(dir, "m.xyz") + " --angles " + p(dir, "s.tlt") + " --out " + p(dir, "s"),
                 "is the input --angles");
  expect_refused(dir, "analyze " + p(dir, "d/atoms.xyz") + " --out " + p(dir, "d"), "is the input file");
  expect_refused(dir, "score --truth " + p(dir, "t.xyz") + " --atoms " + p(dir, "m.xyz") + " --out-atoms " +
                          p(dir, "t.xyz"),
                 "is the input --truth");
  expect_refused(dir, "score --truth " + p(dir, "t.xyz") + " --atoms " + p(dir, "m.xyz") + " --out " +
                          p(dir, "m.xyz"),
                 "is the input --atoms");
  expect_refused(dir, "convert " + s + " " + p(dir, "hard.mrc"), "is the input");
  expect_refused(dir, "convert " + p(dir, "m.xyz") + " " + p(dir, "m.xyz"), "is the input");
  expect_refused(dir, "pipeline --tilts " + p(dir, "run/volume.mrc") + " --out " + p(dir, "run"),
                 "is the input --tilts");
  // --write-config writes before --config is read back, and it must never
  // replace a file that is not a config (a tilt series, a model).
  test::write_text(dir / "c.toml", "# aetbench trace: replay with `aetbench trace --config FILE`\n[trace]\n");
  expect_refused(dir, "--config " + p(dir, "c.toml") + " trace --write-config " + p(dir, "c.toml"),
                 "is the input --config");
  expect_refused(dir, "trace --config=" + p(dir, "c.toml") + " --write-config=" + p(dir, "c.toml"),
                 "is the input --config");
  expect_refused(dir, "reconstruct --tilts " + s + " --write-config " + s, "is not a config file aetbench wrote");
  expect_refused(dir, "trace --write-config " + p(dir, "m.xyz"), "is not a config file aetbench wrote");
  expect_refused(dir, "trace --write-config " + p(dir, "d"), "is not a config file aetbench wrote");
}

// ---------------------------------------------------------------------------
// One line, the prefix, exit 1: parse errors, corrupt and odd files.

TEST(HostileInputs, CommandLineErrorsAreOneLineAndExitOne) {
  TempDir dir;
  write_series(dir);
  const std::string s = p(dir, "s.mrc");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + p(dir, "v.mrc") + " --iterations -1",
                 "--iterations: must be a number from 0 to 100000");
  expect_refused(dir, "pipeline --tilts " + s + " --out " + p(dir, "run") + " --iterations 0",
                 "--iterations: must be a positive number up to 100000");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + p(dir, "v.mrc") + " --frobnicate", "frobnicate");
  expect_refused(dir, "reconstruct --tilts " + s, "--out is required");
  expect_refused(dir, "frobnicate", "frobnicate: not a subcommand (one of info, convert");
  expect_refused(dir, "", "subcommand");
  expect_refused(dir, "info", "file is required");
  expect_refused(dir, "trace --volume " + s + " --out " + p(dir, "a.xyz") + " --min-distance abc", "--min-distance");
  // A flag given a huge number (CLI11 converts it with std::stoll), on the
  // command line and in a config file.
  write_volume(dir, "v.mrc");
  expect_refused(dir, "trace --volume " + p(dir, "v.mrc") + " --out " + p(dir, "a.xyz") +
                          " --keep-non-atoms=0999999999999999999999",
                 "neither true, false nor a small integer");
  test::write_text(dir / "c.toml", "[trace]\nkeep-non-atoms=0666666666666666666666666666666\n");
  expect_refused(dir, "trace --volume " + p(dir, "v.mrc") + " --out " + p(dir, "a.xyz") + " --config " +
                          p(dir, "c.toml"),
                 "neither true, false nor a small integer");
  // Help and version still succeed.
  EXPECT_EQ(run(dir, "reconstruct --help").rc, 0);
  EXPECT_EQ(run(dir, "--version").rc, 0);
}

TEST(HostileInputs, CorruptBinaryAndOddFilesNameTheirFault) {
  TempDir dir;
  write_series(dir);
  // HDF5's signature, then garbage: the library's own error stack stays silent.
  test::write_text(dir / "bad.h5", std::string("\x89HDF\r\n\x1a\n", 8) + std::string(600, '\x07'));
  expect_refused(dir, "info " + p(dir, "bad.h5"), "bad.h5");
  expect_refused(dir, "reconstruct --tilts " + p(dir, "bad.h5") + " --out " + p(dir, "v.mrc"), "bad.h5");
  // Binary data read as text: named, and not cut at the NUL.
  test::write_text(dir / "bin.xyz", std::string("2\n\0\0\0\x01\x02\n", 8));
  expect_refused(dir, "info " + p(dir, "bin.xyz"), "NUL byte (binary data");
  test::write_text(dir / "bin.tlt", std::string("0\n1\0\n", 5));
  expect_refused(dir, "reconstruct --tilts " + p(dir, "s.mrc") + " --angles " + p(dir, "bin.tlt") + " --out " +
                          p(dir, "v.mrc"),
                 "NUL byte");
  test::write_text(dir / "ctl.xyz", "1\n\nP\x01t 0 0 0\n");
  expect_refused(dir, "info " + p(dir, "ctl.xyz"), "P\\x01t");
  // Folders given as files.
  fs::create_directory(dir / "folder.mrc");
  fs::create_directory(dir / "folder.xyz");
  fs::create_directory(dir / "folder.h5");
  expect_refused(dir, "info " + p(dir, "folder.mrc"), "is a folder, not a file");
  expect_refused(dir, "info " + p(dir, "folder.xyz"), "is a folder, not a file");
  expect_refused(dir, "info " + p(dir, "folder.h5"), "is a folder, not a file");
  expect_refused(dir, "reconstruct --tilts " + p(dir, "s.mrc") + " --angles " + p(dir, "folder.xyz") + " --out " +
                          p(dir, "v.mrc"),
                 "is a folder");
  // An MRC without a pixel size: the message names an option the command has.
  MrcData m;
  m.nx = m.ny = 8;
  m.nz = 2;
  m.data.assign(128, 1.0f);
  write_mrc(dir / "nopix.mrc", m);
  {  // zero the cell (CELLA at byte 40)
    std::fstream f(dir / "nopix.mrc", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    const char zero[12] = {};
    f.write(zero, 12);
  }
  test::write_text(dir / "nopix.tlt", "-10\n10\n");
  expect_refused(dir, "info " + p(dir, "nopix.mrc"), "give one with --pixel");
  const CliRun r = run(dir, "info " + p(dir, "nopix.mrc") + " --pixel 0.5");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("at 0.5 Å/pixel"), std::string::npos) << r.out;
}

// ---------------------------------------------------------------------------
// No crash, no runaway: threads, sizes, endless inputs.

TEST(HostileInputs, ThreadCountsBeyondTheLimitAreRefused) {
  TempDir dir;
  write_series(dir);
  test::write_text(dir / "m.xyz", kModel);
  expect_refused(dir, "reconstruct --tilts " + p(dir, "s.mrc") + " --out " + p(dir, "v.mrc") + " --threads 100000000",
                 "--threads: must be a number from 0 to 1024");
  expect_refused(dir, "info " + p(dir, "m.xyz"), "OMP_NUM_THREADS=100000000: must be 1 to 1024",
                 "OMP_NUM_THREADS=100000000");
  // A sensible count still works.
  EXPECT_EQ(run(dir, "info " + p(dir, "m.xyz"), "OMP_NUM_THREADS=3").rc, 0);
}

TEST(HostileInputs, SizesBeyondTheirLimitsAreRefusedBeforeAllocating) {
  TempDir dir;
  write_series(dir);
  write_volume(dir, "v.mrc");
  test::write_text(dir / "m.xyz", kModel);
  const std::string s = p(dir, "s.mrc");
  expect_refused(dir, "trace --volume " + p(dir, "v.mrc") + " --out " + p(dir, "a.xyz") + " --smooth 1e6",
                 "--smooth: must be a number from 0 to 10");
  expect_refused(dir, "pipeline --tilts " + s + " --out " + p(dir, "run") + " --smooth 1e6", "--smooth");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + p(dir, "v2.mrc") + " --thickness 3000000",
                 "--thickness: must be a number from 0 to 8192");
  expect_refused(dir, "reconstruct --tilts " + s + " --out " + p(dir, "v2.mrc") + " --iterations 1000000000",
                 "--iterations");
  expect_refused(dir, "build --shape to --facet111 100000 --out " + p(dir, "big.xyz"), "beyond the largest particle");
  expect_refused(dir, "build --shape ico --shells 100000 --out " + p(dir, "big.xyz"), "shells");
  expect_refused(dir, "simulate --model " + p(dir, "m.xyz") + " --out " + p(dir, "big") + " --size 100000",
                 "each side must be 8 to 8192 pixels");
  expect_refused(dir, "simulate --model " + p(dir, "m.xyz") + " --out " + p(dir, "big") + " --tilts 5000 --frames 100",
                 "more than 10000 images");
  // An MRC header claiming 1e5 x 1e5 x 1e5 values, in a small file.
  MrcData m;
  m.nx = m.ny = m.nz = 2;
  m.data.assign(8, 1.0f);
  write_mrc(dir / "huge.mrc", m);
  {
    std::fstream f(dir / "huge.mrc", std::ios::in | std::ios::out | std::ios::binary);
    const std::int32_t n[3] = {100000, 100000, 100000};
    f.write(reinterpret_cast<const char*>(n), sizeof n);
  }
  expect_refused(dir, "info " + p(dir, "huge.mrc") + " --volume", "absurd size");
  // An XYZ declaring more atoms than the limit.
  test::write_text(dir / "many.xyz", "99999999999\n\nPt 0 0 0\n");
  expect_refused(dir, "info " + p(dir, "many.xyz"), "out of range");
}

TEST(HostileInputs, EndlessInputsEndWithAnError) {
  TempDir dir;
  write_series(dir);
  ASSERT_EQ(::mkfifo((dir / "fifo.xyz").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((dir / "fifo.tlt").c_str(), 0600), 0);
  expect_refused(dir, "info " + p(dir, "fifo.xyz"), "is a FIFO");
  expect_refused(dir, "reconstruct --tilts " + p(dir, "s.mrc") + " --angles " + p(dir, "fifo.tlt") + " --out " +
                          p(dir, "v.mrc"),
                 "is a FIFO");
  fs::create_symlink("/dev/zero", dir / "zero.xyz");
  fs::create_symlink("/dev/zero", dir / "zero.tlt");
  expect_refused(dir, "info " + p(dir, "zero.xyz"), "is a device");
  expect_refused(dir, "reconstruct --tilts " + p(dir, "s.mrc") + " --angles " + p(dir, "zero.tlt") + " --out " +
                          p(dir, "v.mrc"),
                 "is a device");
  // A --config file that never ends, or a folder.
  expect_refused(dir, "info " + p(dir, "s.tlt") + " --config " + p(dir, "zero.tlt"), "is a device");
  fs::create_directory(dir / "cfg");
  expect_refused(dir, "info " + p(dir, "s.tlt") + " --config=" + p(dir, "cfg"), "is a folder");
  // Regular files with one endless line, or too large to be angles.
  test::write_text(dir / "long.xyz", "1\n" + std::string(3 << 20, 'x'));
  expect_refused(dir, "info " + p(dir, "long.xyz"), "longer than 1048576 bytes");
  test::write_text(dir / "long.tlt", std::string(3 << 20, '1'));
  expect_refused(dir, "info " + p(dir, "long.tlt"), "larger than 1048576 bytes");
}

// ---------------------------------------------------------------------------
// All outputs or none.

/// A small tmpfs mounted at `dir`/name for the test's lifetime, or none
/// (mount needs root; the CI runs the tests as root).
class SmallDisk {
 public:
  SmallDisk(const TempDir& dir, const std::string& name, const std::string& size) : path_(dir / name) {
    fs::create_directory(path_);
    mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
    if (!mounted_) reason_ = std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount(path_.c_str());
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& reason() const { return reason_; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  bool mounted_ = false;
  std::string reason_;
};

TEST(HostileInputs, DiskFullLeavesNoOutputs) {
  TempDir dir;
  test::write_text(dir / "m.xyz", kModel);
  const SmallDisk disk(dir, "disk", "32k");
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs (" << disk.reason() << "); run as root to test a full disk";
  // 9 images of 64 x 64 floats (147 kB) do not fit: no .mrc, .tlt or .h5.
  const CliRun r = run(dir, "simulate --model " + p(dir, "m.xyz") + " --out " + (disk.path() / "s").string() +
                                " --preset ideal --size 64 --tilts 9 --tilt-range -40 40");
  EXPECT_EQ(r.rc, 1) << r.err;
  EXPECT_EQ(r.err.find("aetbench: error: "), r.err.rfind('\n', r.err.size() - 2) + 1) << "the last line: " << r.err;
  EXPECT_TRUE(snapshot(disk.path()).empty()) << "files left on the full disk";
  // score: the status model (3000 atoms, 100 kB) does not fit; no score.json either.
  std::string big = "3000\nProperties=species:S:1:pos:R:3\n";
  for (int i = 0; i < 3000; ++i)
    big += "Pt " + std::to_string(i % 15 * 2.8) + " " + std::to_string(i / 15 % 15 * 2.8) + " " +
           std::to_string(i / 225 * 2.8) + "\n";
  test::write_text(dir / "big.xyz", big);
  const CliRun sc = run(dir, "score --truth " + p(dir, "big.xyz") + " --atoms " + p(dir, "big.xyz") + " --out " +
                                 (disk.path() / "score.json").string() + " --out-atoms " +
                                 (disk.path() / "status.xyz").string());
  EXPECT_EQ(sc.rc, 1) << sc.err;
  EXPECT_NE(sc.err.find("status.xyz: write failed (disk full?)"), std::string::npos) << sc.err;
  EXPECT_TRUE(snapshot(disk.path()).empty()) << "files left on the full disk";
  // The tiny case's pipeline: volume.mrc does not fit.
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  const CliRun q = run(dir, "pipeline --tilts " + mrc.string() + " --out " + (disk.path() / "run").string() +
                                " --iterations 5 --no-align --no-refine");
  EXPECT_EQ(q.rc, 1) << q.err;
  EXPECT_NE(q.err.find("aetbench: error: "), std::string::npos) << q.err;
  const auto left = snapshot(disk.path());
  EXPECT_TRUE(left.empty() || (left.size() == 1 && left.count("run/"))) << "files left on the full disk";
}

TEST(HostileInputs, PipelineReplacesEveryOldOutputAndCleansDeadTemporaries) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  TempDir dir;
  fs::create_directory(dir / "run");
  for (const char* f : {"atoms.xyz", "report.json", "volume.mrc", "config.toml", "atoms.cmm"})
    test::write_text(dir / "run" / f, "old");
  // The temporaries of a run that was killed: pid 0x7ffffffe is not running.
  test::write_text(dir / "run/.aetbench-tmp-2147483646-0-volume.mrc", "partial");
  fs::create_directory(dir / "run/.aetbench-tmp-2147483646-1-files");
  const CliRun r = run(dir, "pipeline --tilts " + mrc.string() + " --out " + p(dir, "run") +
                                " --iterations 20 --no-align --no-refine");
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto files = snapshot(dir / "run");
  for (const char* f : {"atoms.xyz", "report.json", "volume.mrc", "config.toml", "atoms.cmm", "atoms.cxc"}) {
    ASSERT_TRUE(files.count(f)) << f;
    EXPECT_NE(files.at(f), "old") << f << " is the old run's";
  }
  EXPECT_EQ(files.size(), 6u) << "temporaries left";
}

// ---------------------------------------------------------------------------
// Meaningless values are errors naming the option or field and the range.

TEST(HostileInputs, MeaninglessValuesAreErrors) {
  TempDir dir;
  write_series(dir);
  write_volume(dir, "v.mrc");
  test::write_text(dir / "m.xyz", kModel);
  const std::string s = p(dir, "s.mrc"), v = p(dir, "v.mrc");
  const std::string recon = "reconstruct --out " + p(dir, "out.mrc") + " --tilts ";
  // An MRC cell that makes 1e28 Å pixels.
  write_volume(dir, "cell.mrc");
  {
    std::fstream f(dir / "cell.mrc", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    const float cell[3] = {1.6e29f, 1.6e29f, 1.6e29f};
    f.write(reinterpret_cast<const char*>(cell), sizeof cell);
  }
  expect_refused(dir, "info " + p(dir, "cell.mrc") + " --volume", "outside 0.001 to 1000 Å");
  // Tilt angles: beyond ±90°, duplicated, all identical, frames of different tilts.
  write_series(dir, "steep", {-120, -60, 0, 60, 120});
  expect_refused(dir, recon + p(dir, "steep.mrc"), "beyond ±90°");
  write_series(dir, "dup", {-40, -20, 0, 20, 20});
  expect_refused(dir, recon + p(dir, "dup.mrc"), "images 4 and 5 are both at 20°");
  write_series(dir, "same", {10, 10, 10, 10, 10});
  expect_refused(dir, recon + p(dir, "same.mrc"), "both at 10°");
  expect_refused(dir, "pipeline --tilts " + p(dir, "same.mrc") + " --out " + p(dir, "run"), "both at 10°");
  write_series(dir, "six", {-50, -30, -10, 10, 30, 50});
  expect_refused(dir, recon + p(dir, "six.mrc") + " --frames-per-tilt 2", "of different tilts");
  expect_refused(dir, recon + s + " --frames-per-tilt 2", "not a whole number of tilts");
  // Thresholds and sizes that are NaN, infinite, zero or negative.
  expect_refused(dir, "trace --volume " + v + " --out " + p(dir, "a.xyz") + " --noise-sigmas nan", "--noise-sigmas");
  expect_refused(dir, "trace --volume " + v + " --out " + p(dir, "a.xyz") + " --noise-sigmas -3", "--noise-sigmas");
  expect_refused(dir, "trace --volume " + v + " --out " + p(dir, "a.xyz") + " --min-relative-height nan",
                 "--min-relative-height");
  expect_refused(dir, "trace --volume " + v + " --out " + p(dir, "a.mrc"), "written as .xyz or .h5");
  expect_refused(dir, "analyze " + p(dir, "m.xyz") + " --out " + p(dir, "an") + " --voxel 0", "--voxel");
  expect_refused(dir, "analyze " + p(dir, "m.xyz") + " --out " + p(dir, "an") + " --voxel nan", "--voxel");
  expect_refused(dir, "analyze " + p(dir, "m.xyz") + " --out " + p(dir, "an") + " --iso-sigma 0", "--iso-sigma");
  expect_refused(dir, "analyze " + p(dir, "m.xyz") + " --out " + p(dir, "an") + " --misorientation nan",
                 "--misorientation");
  expect_refused(dir, recon + s + " --pixel inf", "--pixel");
  expect_refused(dir, recon + s + " --step nan", "--step");
  expect_refused(dir, "simulate --model " + p(dir, "m.xyz") + " --out " + p(dir, "x") + " --dose nan", "--dose");
  expect_refused(dir, "score --truth " + p(dir, "m.xyz") + " --atoms " + p(dir, "m.xyz") + " --match-radius -1",
                 "--match-radius");
  // A model whose atoms all sit at one point.
  test::write_text(dir / "point.xyz", "3\n\nPt 1 1 1\nPt 1 1 1\nPd 1 1 1\n");
  expect_refused(dir, "simulate --model " + p(dir, "point.xyz") + " --out " + p(dir, "x"), "are 0 Å apart");
  expect_refused(dir, "analyze " + p(dir, "point.xyz") + " --out " + p(dir, "an"), "are 0 Å apart");
}

// ---------------------------------------------------------------------------
// The pipeline checks everything before its first expensive step.

TEST(HostileInputs, PipelineChecksBeforeReconstructing) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  TempDir dir;
  test::write_text(dir / "file", "not a folder");
  const std::string tiny = "pipeline --tilts " + mrc.string() + " --out ";
  // Each fails at once: one line on stderr, so no reconstruction progress.
  expect_refused(dir, tiny + p(dir, "run") + " --species Xx,Pt", "--species Xx,Pt");
  expect_refused(dir, tiny + p(dir, "run") + " --species Pt,Pt", "twice");
  expect_refused(dir, tiny + p(dir, "run") + " --species ,", "--species");
  expect_refused(dir, tiny + p(dir, "file"), "is a file, not a folder");
  expect_refused(dir, tiny + p(dir, "file/run"), "--out");
  expect_refused(dir, tiny + p(dir, "run") + " --frames-per-tilt 2", "--frames-per-tilt");
}

}  // namespace
}  // namespace aet
