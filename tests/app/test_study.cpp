// aetbench study end to end on tiny points (the small TO, 21 tilts, 10
// RESIRE iterations, no angular refinement: a couple of seconds each):
// bad study files are refused before any point runs, a two-point study runs
// and reports, and a study killed with SIGKILL resumes without losing or
// repeating a finished point; a study changed under finished points is
// refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace aet::test {
namespace {

/// A study of tiny points, one per dose.
std::string tiny_study(const std::string& doses) {
  return "name = \"tiny\"\n[axes]\nparticle = \"small-to\"\ndose_factor = [" + doses +
         "]\nn_tilts = 21\n[pipeline]\niterations = 10\nno-refine = true\nno-tilt-axis = true\n";
}

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read_text(p)); }

TEST(Study, BadStudyFilesAreRefusedBeforeAnyPointRuns) {
  TempDir dir;
  const std::string good = tiny_study("1.0");
  // 400 seeds x 400 doses: 160000 points, beyond the limit of 100000.
  std::string seeds, doses;
  for (int i = 0; i < 400; ++i) {
    if (i > 0) {
      seeds.append(", ");
      doses.append(", ");
    }
    seeds.append(std::to_string(i));
    doses.append(std::to_string(0.1 + 0.001 * i));
  }
  const std::vector<std::pair<std::string, std::string>> cases{
      {"[axes]\nseed = [" + seeds + "]\ndose_factor = [" + doses + "]\n", "axes: 1.6e+05 points; at most 100000"},
      {"colour = 1\n" + good, "colour: unknown key"},
      {"name = \"x\"\n[axes]\ndose_factor = []\n", "axes.dose_factor: empty axis"},
      {"[axes]\ntilt_max_deg = [60, 95]\n", "axes.tilt_max_deg = 95: tilt range"},
      {"[axes]\nparticle = [\"small-to\", \"dodecahedron\"]\n", "axes.particle = 'dodecahedron'"},
      {"[axes]\nparticle = \"nowhere/truth.xyz\"\n", "no such truth file"},
      {"[axes]\nn_tilts = 2\n", "axes.n_tilts = 2"},
      {"[axes]\nseed = -1\n", "axes.seed = -1"},
      {"[axes]\nspeed = 3\n", "axes.speed: unknown key"},
      {"[axes]\nseed = 1\n[pipeline]\nfrobnicate = 1\n", "pipeline.frobnicate: unknown pipeline option"},
      {"[axes]\nseed = 1\n[pipeline]\niterations = -3\n", "pipeline.iterations"},
      {"keep = [\"everything\"]\n[axes]\nseed = 1\n", "keep = 'everything'"},
      {"name = \"no axes\"\n", "no [axes] and no [[points]]"},
      {"[axes\n", "not TOML"},
      // The simulator's assumptions: absurd values, each a one-line error naming it.
      {"[axes]\nsource_fwhm_A = -0.2\n", "axes.source_fwhm_A = -0.2: source size"},
      {"[axes]\nsource_tail_fraction = [0.1, 0.8]\n", "axes.source_tail_fraction = 0.8: source tail fraction"},
      {"[axes]\nsource_tail_fwhm_A = 0\n", "axes.source_tail_fwhm_A = 0: source tail size"},
      {"[axes]\nz_exponent = [1.6, 4.5]\n", "axes.z_exponent = 4.5: Z exponent"},
      {"[axes]\nz_exponent = 0\n", "axes.z_exponent = 0: Z exponent"},
      {"[axes]\nz_exponent = nan\n", "axes.z_exponent = nan: Z exponent"},
      {"[axes]\nvibration_rms_A = -0.05\n", "axes.vibration_rms_A = -0.05: vibration"},
      {"[axes]\ncolumn_saturation_atoms = 0.5\n", "axes.column_saturation_atoms = 0.5: column saturation"},
      {"[axes]\nadf_model = \"rutherford\"\n", "axes.adf_model = 'rutherford'"},
  };
  for (const auto& [text, fault] : cases) {
    write_text(dir / "bad.toml", text);
    const auto r = run_aetbench(dir, "study run " + (dir / "bad.toml").string() + " --out " + (dir / "out").string());
    EXPECT_EQ(r.rc, 1) << text;
    EXPECT_EQ(r.err.rfind("aetbench: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(fault), std::string::npos) << "expected '" << fault << "' in: " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
    EXPECT_FALSE(fs::exists(dir / "out")) << "a refused study wrote its folder: " << text;
  }
}

TEST(Study, TwoPointStudyRunsAndReports) {
  TempDir dir;
  write_text(dir / "s.toml", "keep = [\"atoms\", \"truth\"]\n" + tiny_study("1.0, 0.25"));
  const auto r = run_aetbench(dir, "study run " + (dir / "s.toml").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const char* id : {"0000", "0001"}) {
    const auto j = read_json(dir / "out" / "points" / (std::string(id) + ".json"));
    for (const char* key : {"parameters", "parameter_hash", "score", "analysis", "timings_s", "version", "seed",
                            "rank", "host", "seconds", "status", "status_reasons", "failed", "expected_r_factor"})
      EXPECT_TRUE(j.contains(key)) << id << " lacks " << key;
    EXPECT_EQ(j["failed"], j["status"] != "ok") << id;
    EXPECT_EQ(j["parameters"]["n_tilts"], 21);
    EXPECT_EQ(j["parameters"]["pipeline"]["iterations"], 10);
    // The tiny points still find (nearly) every atom: a wrong point would not.
    EXPECT_GE(j["score"]["recall"].get<double>(), 0.9) << id;
    EXPECT_TRUE(j["timings_s"].contains("total"));
  }
  EXPECT_EQ(read_json(dir / "out" / "points" / "0001.json")["parameters"]["dose_factor"], 0.25);
  // The big files asked for, and only those.
  EXPECT_TRUE(fs::exists(dir / "out" / "points" / "0000" / "atoms.xyz"));
  EXPECT_TRUE(fs::exists(dir / "out" / "points" / "0000" / "truth.xyz"));
  EXPECT_FALSE(fs::exists(dir / "out" / "points" / "0000" / "volume.mrc"));
  EXPECT_FALSE(fs::exists(dir / "out" / "points" / "0000" / "series.mrc"));
  EXPECT_NE(read_json(dir / "out" / "points" / "0000.json")["kept"].dump().find("points/0000/atoms.xyz"), std::string::npos);
  const std::string csv = read_text(dir / "out" / "study.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3) << csv;  // header + 2 points
  const auto study = read_json(dir / "out" / "study.json");
  ASSERT_EQ(study["cells"].size(), 2u);
  EXPECT_EQ(study["cells"][0]["metrics"]["recall"]["n"], 1);
  const std::string html = read_text(dir / "out" / "report.html");
  EXPECT_NE(html.find("<img"), std::string::npos);  // the plots, inline
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_NE(html.find("n_tilts = 21"), std::string::npos);  // the study file itself
  EXPECT_TRUE(fs::exists(dir / "out" / "plots" / "thickness_vs_dose_small-to.svg"));
  EXPECT_TRUE(fs::exists(dir / "out" / "plots" / "scores_small-to.png"));

  // --point K on a finished point does nothing; a point beyond the study is refused.
  const auto again = run_aetbench(dir, "study run " + (dir / "s.toml").string() + " --out " + (dir / "out").string() + " --point 1");
  EXPECT_EQ(again.rc, 0) << again.err;
  EXPECT_NE(again.out.find("already finished"), std::string::npos) << again.out;
  const auto beyond = run_aetbench(dir, "study run " + (dir / "s.toml").string() + " --out " + (dir / "out").string() + " --point 2");
  EXPECT_EQ(beyond.rc, 1);
  EXPECT_NE(beyond.err.find("the study has 2 points"), std::string::npos) << beyond.err;

  // The report counts and names the points whose run was suspect. (These
  // 10-iteration points are suspect on their own: R is far above the
  // noise's, unconverged; one is set ok here, the other failed.)
  for (const char* id : {"0000", "0001"}) {
    auto j = read_json(dir / "out" / "points" / (std::string(id) + ".json"));
    const bool fail = std::string(id) == "0001";
    j["status"] = fail ? "suspect" : "ok";
    j["status_reasons"] = fail ? nlohmann::json::array({"r_factor: set by the test"}) : nlohmann::json::array();
    j["failed"] = fail;
    write_text(dir / "out" / "points" / (std::string(id) + ".json"), j.dump(1));
  }
  const auto rep = run_aetbench(dir, "study report " + (dir / "out").string());
  ASSERT_EQ(rep.rc, 0) << rep.err;
  EXPECT_NE(rep.out.find("1 of them failed"), std::string::npos) << rep.out;
  const auto counted = read_json(dir / "out" / "study.json");
  EXPECT_EQ(counted["failed"], nlohmann::json::array({"0001"}));
  EXPECT_EQ(counted["cells"][1]["failed"], nlohmann::json::array({"0001"}));
  EXPECT_NE(read_text(dir / "out" / "report.html").find("FAILED"), std::string::npos);
}

TEST(Study, KilledStudyResumesWithoutLosingOrRepeatingAPoint) {
  TempDir dir;
  write_text(dir / "s.toml", tiny_study("1.0, 0.7, 0.5, 0.35"));
  const fs::path out = dir / "out", points = out / "points";
  const std::string exe = (bin_dir() / "aetbench").string(), study = (dir / "s.toml").string(), log = (dir / "first.log").string();
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (std::freopen(log.c_str(), "w", stderr) == nullptr || std::freopen("/dev/null", "w", stdout) == nullptr) ::_exit(126);
    ::execl(exe.c_str(), exe.c_str(), "study", "run", study.c_str(), "--out", out.string().c_str(), "--no-report",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // SIGKILL as soon as the first point file appears (mid-way through the second point).
  const auto t0 = std::chrono::steady_clock::now();
  while (!fs::exists(points / "0000.json") && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(300))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(fs::exists(points / "0000.json")) << read_text(log);
  std::map<std::string, std::string> finished;
  for (const auto& e : fs::directory_iterator(points))
    if (e.path().extension() == ".json") finished[e.path().filename().string()] = read_text(e.path());
  ASSERT_LT(finished.size(), 4u) << "the study ended before it was killed; nothing to resume";

  const auto r = run_aetbench(dir, "study run " + study + " --out " + out.string());
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("4 points, " + std::to_string(finished.size()) + " finished"), std::string::npos) << r.err;
  // Only the unfinished points ran: one result line each.
  std::size_t lines = 0;
  for (std::size_t p = 0; (p = r.out.find(" small-to ", p)) != std::string::npos; ++p) ++lines;
  EXPECT_EQ(lines, 4 - finished.size()) << r.out;
  for (int k = 0; k < 4; ++k) {
    const std::string name = "000" + std::to_string(k) + ".json";
    ASSERT_TRUE(fs::exists(points / name)) << name;
    EXPECT_EQ(read_json(points / name)["index"], k);
  }
  for (const auto& [name, bytes] : finished) EXPECT_EQ(read_text(points / name), bytes) << name << " was rewritten";

  // A study changed under finished points is refused, naming the change,
  // and leaves every point file as it was.
  std::map<std::string, std::string> all;
  for (const auto& e : fs::directory_iterator(points))
    if (e.path().extension() == ".json") all[e.path().filename().string()] = read_text(e.path());
  write_text(dir / "s.toml", tiny_study("1.0, 0.7, 0.5, 0.3"));
  const auto changed = run_aetbench(dir, "study run " + study + " --out " + out.string());
  EXPECT_EQ(changed.rc, 1);
  EXPECT_NE(changed.err.find("dose_factor"), std::string::npos) << changed.err;
  EXPECT_NE(changed.err.find("the study file changed"), std::string::npos) << changed.err;
  for (const auto& [name, bytes] : all) EXPECT_EQ(read_text(points / name), bytes) << name;
}

TEST(Study, ATruthFileIsAParticle) {
  // Any XYZ model as the truth, in a study and in the demo: here the small
  // TO as `aetbench build` writes it, moved off-centre (the truth is imaged
  // about its centroid, so the shift must not matter).
  TempDir dir;
  ASSERT_EQ(run_aetbench(dir, "build --shape small-to --seed 3 --out " + (dir / "built.xyz").string()).rc, 0);
  std::ifstream in(dir / "built.xyz");
  std::string text, line;
  for (int k = 0; std::getline(in, line); ++k) {
    if (k >= 2) {
      std::istringstream ss(line);
      std::string el;
      double x, y, z;
      ss >> el >> x >> y >> z;
      line = el + " " + std::to_string(x + 30.0) + " " + std::to_string(y) + " " + std::to_string(z);
    } else if (k == 1) {
      line = "Properties=species:S:1:pos:R:3";
    }
    text += line + "\n";
  }
  write_text(dir / "truth.xyz", text);
  // Built widths apply to presets: a truth file is one point whatever the width axis.
  write_text(dir / "s.toml", "[axes]\nparticle = [\"truth.xyz\"]\ninterface_width_A = [2, 4]\nn_tilts = 21\n"
                             "[pipeline]\niterations = 10\nno-refine = true\nno-tilt-axis = true\n");
  const auto r = run_aetbench(dir, "study run " + (dir / "s.toml").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = read_json(dir / "out" / "points" / "0000.json");
  EXPECT_FALSE(fs::exists(dir / "out" / "points" / "0001.json"));
  EXPECT_TRUE(j["parameters"]["interface_width_A"].is_null());
  EXPECT_EQ(j["parameters"]["truth_file_hash"].get<std::string>().rfind("fnv1a64:", 0), 0u);
  EXPECT_GE(j["score"]["recall"].get<double>(), 0.9);

  const auto d = run_aetbench(dir, "demo --truth " + (dir / "truth.xyz").string() +
                                       " --tilts 21 --iterations 10 --no-refine --no-tilt-axis --out " + (dir / "demo").string());
  ASSERT_EQ(d.rc, 0) << d.err;
  const auto report = read_json(dir / "demo" / "report.json");
  EXPECT_EQ(report["demo"]["truth_file"], (dir / "truth.xyz").string());
  EXPECT_NEAR(report["demo"]["truth_shift_A"][0].get<double>(), -30.0, 1.0);  // the centroid moved back
  EXPECT_GE(report["score"]["recall"].get<double>(), 0.9);
  const auto bad = run_aetbench(dir, "demo --truth " + (dir / "truth.xyz").string() + " --interface-width 3 --out " +
                                         (dir / "demo2").string());
  EXPECT_EQ(bad.rc, 1);
  EXPECT_NE(bad.err.find("interface width"), std::string::npos) << bad.err;
}

TEST(Sweep, TheFlagsFormIsAStudy) {
  TempDir dir;
  const auto r = run_aetbench(dir, "sweep --particles small-to --dose-factors 1 --seeds 1 --iterations 10 --no-refine --out " +
                                       (dir / "out").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "sweep.toml"));
  EXPECT_TRUE(fs::exists(dir / "out" / "points" / "0000.json"));
  EXPECT_TRUE(fs::exists(dir / "out" / "study.csv"));
  const auto bad = run_aetbench(dir, "sweep --dose-factors 0 --out " + (dir / "bad").string());
  EXPECT_EQ(bad.rc, 1);
  EXPECT_NE(bad.err.find("axes.dose_factor = 0"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir / "bad"));
}

}  // namespace
}  // namespace aet::test
