// report.html, the run report of `aetbench demo` and `aetbench pipeline
// --report`: one self-contained file with every section, its pictures valid,
// and none at all when a figure cannot be drawn.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

namespace fs = std::filesystem;
using test::run_aetbench;
using test::TempDir;

const char* const kSections[] = {"score", "profile", "r-factor", "slices", "tilt-pair", "strain", "parameters"};

std::string unbase64(const std::string& in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned bits = 0;
  int n = 0;
  for (char c : in) {
    const int v = value(c);
    if (v < 0) continue;  // padding
    bits = bits << 6 | unsigned(v);
    n += 6;
    if (n >= 8) {
      n -= 8;
      out += char((bits >> n) & 0xff);
    }
  }
  return out;
}

/// Well-formed XML: every element closed in order, attribute values
/// quoted, one root element; declarations, comments and CDATA skipped.
bool well_formed_xml(const std::string& s, std::string& why) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  while ((i = s.find('<', i)) != std::string::npos) {
    if (s.compare(i, 4, "<!--") == 0) {
      i = s.find("-->", i);
      if (i == std::string::npos) return why = "unclosed comment", false;
      continue;
    }
    if (s.compare(i, 9, "<![CDATA[") == 0) {
      i = s.find("]]>", i);
      if (i == std::string::npos) return why = "unclosed CDATA", false;
      continue;
    }
    if (s.compare(i, 2, "<?") == 0 || s.compare(i, 2, "<!") == 0) {
      i = s.find('>', i);
      if (i == std::string::npos) return why = "unclosed declaration", false;
      continue;
    }
    // The tag's end, outside quoted attribute values.
    std::size_t j = i + 1;
    char quote = 0;
    for (; j < s.size() && (quote || s[j] != '>'); ++j)
      if (quote ? s[j] == quote : (s[j] == '"' || s[j] == '\'')) quote = quote ? 0 : s[j];
    if (j >= s.size()) return why = "unclosed tag at " + std::to_string(i), false;
    const std::string tag = s.substr(i + 1, j - i - 1);
    const bool closing = !tag.empty() && tag[0] == '/', empty = !tag.empty() && tag.back() == '/';
    const std::string name = tag.substr(closing, tag.find_first_of(" \t\r\n/>", closing) - closing);
    if (name.empty()) return why = "tag without a name at " + std::to_string(i), false;
    if (closing) {
      if (open.empty() || open.back() != name) return why = "</" + name + "> closes nothing open", false;
      open.pop_back();
    } else if (!empty) {
      if (open.empty()) ++roots;
      open.push_back(name);
    } else if (open.empty()) {
      ++roots;
    }
    i = j;
  }
  if (!open.empty()) return why = "<" + open.back() + "> never closed", false;
  if (roots != 1) return why = std::to_string(roots) + " root elements", false;
  return true;
}

/// Checks that `html` stands alone and returns its pictures, decoded.
std::vector<std::string> self_contained_pictures(const std::string& html) {
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  std::vector<std::string> pictures;
  for (std::size_t at = html.find("src=\""); at != std::string::npos; at = html.find("src=\"", at + 1)) {
    const std::string uri = html.substr(at + 5, html.find('"', at + 5) - at - 5);
    EXPECT_EQ(uri.rfind("data:image/", 0), 0u) << "a picture not inline: " << uri.substr(0, 80);
    const std::size_t comma = uri.find(";base64,");
    if (comma == std::string::npos) continue;
    const std::string bytes = unbase64(uri.substr(comma + 8));
    if (uri.rfind("data:image/svg+xml", 0) == 0) {
      std::string why;
      EXPECT_TRUE(well_formed_xml(bytes, why)) << why;
      EXPECT_NE(bytes.find("<svg"), std::string::npos);
      // Nothing the SVG refers to outside itself either.
      EXPECT_EQ(bytes.find("href='http"), std::string::npos);
      EXPECT_EQ(bytes.find("href=\"http"), std::string::npos);
    } else {
      EXPECT_EQ(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n"), 0) << "not a PNG";
    }
    pictures.push_back(bytes);
  }
  return pictures;
}

bool any_contains(const std::vector<std::string>& pictures, const std::string& text) {
  for (const auto& p : pictures)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

// The small default demo, shortened (21 tilts, no refinement, no tilt-axis
// search: the report is the subject here): seconds.
const std::string kDemo = "demo --tilts 21 --iterations 10 --no-refine --no-tilt-axis --out ";

TEST(RunReport, TheDemoWritesOneSelfContainedPageWithEverySection) {
  TempDir dir;
  const auto r = run_aetbench(dir, kDemo + (dir / "demo").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  const fs::path page = dir / "demo" / "report.html";
  ASSERT_TRUE(fs::exists(page));
  // The demo's last line names the report.
  EXPECT_NE(r.out.find("report: " + page.string()), std::string::npos) << r.out;
  const std::string html = test::read_text(page);
  for (const char* id : kSections) EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  EXPECT_EQ(html.find("no picture"), std::string::npos);
  const auto pictures = self_contained_pictures(html);
  // score: none; profile, R-factor, slices, tilt pair, strain: one each.
  EXPECT_EQ(pictures.size(), 5u);
  // The truth's overlay: the error classes and the missed atoms' legend.
  EXPECT_TRUE(any_contains(pictures, "missed true atom"));
  EXPECT_TRUE(any_contains(pictures, "position error"));
  // The score table holds what score.json holds.
  EXPECT_NE(html.find("<td>recall</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>species_accuracy</td>"), std::string::npos);
  // Every table (the score's by_depth one is wider than the page) scrolls
  // inside the page's width.
  EXPECT_NE(html.find("<p>by_depth:</p>"), std::string::npos);
  EXPECT_NE(html.find(".table-scroll { max-width: 100%; overflow-x: auto; }"), std::string::npos);
  EXPECT_EQ(html.find("<table>"), html.find("<div class=\"table-scroll\"><table>") + 26);
  // The title names the particle.
  EXPECT_NE(html.find("<h1>aetbench demo: small-to (seed 1)</h1>"), std::string::npos);
  // The parameters and the seed.
  EXPECT_NE(html.find("<td>noise_sigmas</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>seed</td>"), std::string::npos);
  // Nothing left behind by gnuplot in the output folder.
  for (const auto& e : fs::directory_iterator(dir / "demo"))
    EXPECT_NE(e.path().extension(), ".gp") << e.path();
}

// A truth read from a file: the title names the file, not "file".
TEST(RunReport, TheTitleNamesTheTruthFile) {
  const auto truth = test::data_dir() / "conventions/tiny_truth.xyz";
  AET_REQUIRE_DATA(truth);
  TempDir dir;
  const auto r = run_aetbench(dir, "demo --truth " + truth.string() + " --tilts 21 --iterations 10 --no-refine --no-tilt-axis --out " +
                                       (dir / "demo").string());
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string html = test::read_text(dir / "demo" / "report.html");
  EXPECT_NE(html.find("<title>aetbench demo: tiny_truth.xyz (seed 1)</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1>aetbench demo: tiny_truth.xyz (seed 1)</h1>"), std::string::npos);
}

TEST(RunReport, WithoutTheReportTheDemoWritesNone) {
  TempDir dir;
  const auto r = run_aetbench(dir, kDemo + (dir / "demo").string() + " --no-report");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "demo" / "report.json"));
  EXPECT_FALSE(fs::exists(dir / "demo" / "report.html"));
}

TEST(RunReport, TheDemoTakesThePipelinesOptions) {
  TempDir dir;
  // The same option list as `aetbench pipeline`: what a study or a user
  // tries on a scored simulation is what a measured series then takes.
  const auto r = run_aetbench(dir, kDemo + (dir / "demo").string() + " --no-report --min-distance 2.1 --joint-fit");
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string report = test::read_text(dir / "demo" / "report.json");
  EXPECT_NE(report.find("\"joint_fit\": true"), std::string::npos);
  EXPECT_NE(report.find("\"min_distance_A\": 2.1"), std::string::npos);
  EXPECT_NE(report.find("\"iterations\": 10"), std::string::npos) << "--iterations reaches the pipeline";
  EXPECT_NE(report.find("\"refine_angles\": false"), std::string::npos) << "--no-refine reaches the pipeline";
}

/// The last line of stderr is the only error, one line.
void expect_one_line_error(const test::CliRun& r, const std::string& fault) {
  EXPECT_EQ(r.rc, 1) << r.err;
  const std::size_t last = r.err.rfind('\n', r.err.size() - 2) + 1;
  EXPECT_EQ(r.err.find("aetbench: error: "), last) << "the error is not the last line alone: " << r.err;
  EXPECT_NE(r.err.find(fault, last), std::string::npos) << r.err;
}

TEST(RunReport, AFailingGnuplotOrScratchFolderLeavesNoOutputs) {
  TempDir dir;
  // A gnuplot that says its version but draws nothing: found at the start,
  // failing at the end.
  fs::create_directories(dir / "bin");
  test::write_text(dir / "bin" / "gnuplot",
                   "#!/bin/sh\n[ \"$1\" = --version ] && { echo 'gnuplot 5.4 patchlevel 4'; exit 0; }\n"
                   "echo 'line 1: broken on purpose' >&2\nexit 1\n");
  fs::permissions(dir / "bin" / "gnuplot", fs::perms::owner_all);
  const std::string path_env = "PATH=" + (dir / "bin").string() + ":$PATH ";
  const std::string bin = (test::bin_dir() / "aetbench").string();
  auto run = [&](const std::string& env, const std::string& args) {
    const std::string cmd = env + bin + " " + args + " >" + (dir / "o.txt").string() + " 2>" + (dir / "e.txt").string();
    const int status = std::system(cmd.c_str());
    test::CliRun r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, test::read_text(dir / "o.txt"),
                   test::read_text(dir / "e.txt")};
    return r;
  };
  const auto broken = run(path_env, kDemo + (dir / "demo").string());
  expect_one_line_error(broken, "gnuplot failed");
  EXPECT_NE(broken.err.find("broken on purpose"), std::string::npos) << broken.err;
  EXPECT_FALSE(fs::exists(dir / "demo" / "report.html"));
  EXPECT_FALSE(fs::exists(dir / "demo" / "report.json")) << "a partial set of outputs";

  // No gnuplot at all: refused before the work.
  test::write_text(dir / "bin" / "gnuplot", "#!/bin/sh\nexit 127\n");
  const auto missing = run(path_env, kDemo + (dir / "demo").string());
  expect_one_line_error(missing, "gnuplot does not run");
  EXPECT_EQ(missing.err.find("demo: building"), std::string::npos) << "it did the work first: " << missing.err;

  // The scratch folder for the figures cannot be made (TMPDIR is a file).
  test::write_text(dir / "not-a-folder", "x");
  const auto scratch = run("TMPDIR=" + (dir / "not-a-folder").string() + " ", kDemo + (dir / "demo").string());
  expect_one_line_error(scratch, "scratch folder");
  EXPECT_FALSE(fs::exists(dir / "demo" / "report.html"));

  // An output folder that is a file: refused before the work.
  const auto file = run_aetbench(dir, kDemo + (dir / "not-a-folder").string());
  expect_one_line_error(file, "not a folder");
}

TEST(RunReport, PipelineReportWithoutTruthHasNoErrorOverlay) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  TempDir dir;
  const auto r = run_aetbench(dir, "pipeline --tilts " + mrc.string() + " --out " + (dir / "run").string() +
                                       " --iterations 60 --no-refine --species Pd,Pt --report");
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string html = test::read_text(dir / "run" / "report.html");
  for (const char* id : kSections) EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  const auto pictures = self_contained_pictures(html);
  EXPECT_GE(pictures.size(), 3u);  // R-factor, slices, tilt pair; six atoms have no interface or strain
  EXPECT_TRUE(any_contains(pictures, "by species"));
  EXPECT_FALSE(any_contains(pictures, "missed true atom"));
  EXPECT_FALSE(any_contains(pictures, "position error"));
  EXPECT_NE(html.find("No truth"), std::string::npos);

  // Without --report a rerun removes the old page with the old run.
  const auto again = run_aetbench(dir, "pipeline --tilts " + mrc.string() + " --out " + (dir / "run").string() +
                                           " --iterations 60 --no-refine --species Pd,Pt");
  ASSERT_EQ(again.rc, 0) << again.err;
  EXPECT_FALSE(fs::exists(dir / "run" / "report.html"));
}

}  // namespace
}  // namespace aet
