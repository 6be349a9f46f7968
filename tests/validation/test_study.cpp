// Study bookkeeping without running a point: ids, parameter hashes, the
// resume rule (a finished point is one whose file carries the same hash; a
// file with another hash refuses the folder), the per-cell statistics, and
// the report's HTML and gnuplot writers.
#include "validation/study.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "models/presets.hpp"
#include "test_util.hpp"
#include "validation/html_report.hpp"
#include "validation/plot.hpp"
#include "validation/study_report.hpp"

namespace aet::validation {
namespace {

using aet::test::TempDir;

Study two_points() {
  Study s;
  s.name = "t";
  StudyPoint a, b;
  b.dose_factor = 0.25;
  s.points = {a, b};
  s.source = "# test\n";
  return s;
}

TEST(Study, PointIdsArePaddedIndices) {
  Study s = two_points();
  EXPECT_EQ(point_id(s, 0), "0000");
  EXPECT_EQ(point_id(s, 1), "0001");
  s.points.resize(12345);
  EXPECT_EQ(point_id(s, 7), "00007");  // five digits for the largest, 12344
}

TEST(Study, ParametersDecideTheHash) {
  const Study s = two_points();
  const auto p0 = point_parameters(s, 0), p1 = point_parameters(s, 1);
  EXPECT_EQ(parameter_hash(p0), parameter_hash(point_parameters(s, 0)));  // stable
  EXPECT_NE(parameter_hash(p0), parameter_hash(p1));
  // The preset's built width is filled in, so the default and the explicit
  // value are the same point.
  Study t = s;
  t.points[0].interface_width_A = p0["interface_width_A"].get<double>();
  EXPECT_EQ(parameter_hash(point_parameters(t, 0)), parameter_hash(p0));
  // The pipeline options are part of a point.
  t.pipeline_options = {{"iterations", 10}};
  EXPECT_NE(parameter_hash(point_parameters(t, 0)), parameter_hash(p0));
}

TEST(Study, SimulatorAssumptionsArePartOfAPointOnlyWhenChanged) {
  const Study s = two_points();
  const auto p0 = point_parameters(s, 0);
  // At the defaults none is listed: a study that sweeps none keeps its hashes.
  for (const char* k : {"source_fwhm_A", "source_tail_fraction", "source_tail_fwhm_A", "adf_model", "z_exponent",
                        "vibration_rms_A", "column_saturation_atoms"})
    EXPECT_FALSE(p0.contains(k)) << k;
  Study t = s;
  t.points[0].simulator.column_saturation_atoms = 8;
  t.points[0].simulator.adf_model = sim::AdfModel::PowerLaw;
  t.points[0].simulator.source_tail_fraction = 0.1;
  const auto p = point_parameters(t, 0);
  EXPECT_EQ(p.value("source_tail_fraction", 0.0), 0.1);
  EXPECT_FALSE(p.contains("source_tail_fwhm_A")) << "left at its default";
  EXPECT_EQ(p.value("column_saturation_atoms", 0.0), 8.0);
  EXPECT_EQ(p.value("adf_model", std::string()), "power-law");
  EXPECT_FALSE(p.contains("z_exponent"));
  EXPECT_NE(parameter_hash(p), parameter_hash(p0));
  // And the run gets them.
  const DemoConfig d = demo_config(t, 0);
  EXPECT_EQ(d.simulator.column_saturation_atoms, 8.0);
  EXPECT_EQ(d.simulator.adf_model, sim::AdfModel::PowerLaw);
  EXPECT_EQ(d.simulator.source_tail_fraction, 0.1);
}

TEST(Study, BadStudiesAreRefused) {
  Study s = two_points();
  EXPECT_NO_THROW(validate(s));
  s.points[1].particle = "dodecahedron";
  EXPECT_THROW(validate(s), Error);
  s = two_points();
  s.points[0].n_tilts = 2;
  EXPECT_THROW(validate(s), Error);
  s = two_points();
  s.points[0].particle = "no/such/truth.xyz";
  EXPECT_THROW(validate(s), Error);
  s = two_points();
  s.keep = {"everything"};
  EXPECT_THROW(validate(s), Error);
  s = two_points();
  s.points.clear();
  EXPECT_THROW(validate(s), Error);
}

TEST(Study, FinishedPointsAreThoseWithTheirOwnHash) {
  TempDir dir;
  const Study s = two_points();
  auto done = prepare_study_dir(dir.path(), s);
  EXPECT_EQ(done, (std::vector<bool>{false, false}));
  EXPECT_TRUE(std::filesystem::exists(dir / "manifest.json"));
  EXPECT_EQ(aet::test::read_text(dir / "study.toml"), s.source);
  // A point file with this point's hash: finished.
  const nlohmann::json p1 = point_parameters(s, 1);
  aet::test::write_text(point_file(dir.path(), "0001"),
                        nlohmann::json{{"parameter_hash", parameter_hash(p1)}, {"parameters", p1}}.dump());
  done = prepare_study_dir(dir.path(), s);
  EXPECT_EQ(done, (std::vector<bool>{false, true}));
  // The study changed under it: refused, naming the parameter.
  Study changed = s;
  changed.points[1].dose_factor = 0.5;
  try {
    prepare_study_dir(dir.path(), changed);
    ADD_FAILURE() << "a changed finished point was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("dose_factor"), std::string::npos) << e.what();
  }
  // Fewer points than finished files: refused too.
  Study fewer = s;
  fewer.points.resize(1);
  EXPECT_THROW(prepare_study_dir(dir.path(), fewer), Error);
}

TEST(StudyReport, StatisticsAreOverTheFiniteValues) {
  const auto j = summary_statistics({1.0, 3.0, std::nan(""), 2.0});
  EXPECT_EQ(j["n"], 3);
  EXPECT_DOUBLE_EQ(j["mean"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(j["sd"].get<double>(), 1.0);  // sample sd of 1, 2, 3
  EXPECT_EQ(j["min"], 1.0);
  EXPECT_EQ(j["max"], 3.0);
  EXPECT_TRUE(summary_statistics({5.0})["sd"].is_null());
  EXPECT_TRUE(summary_statistics({})["mean"].is_null());
}

TEST(StudyReport, NoManifestIsNoStudy) {
  TempDir dir;
  EXPECT_THROW(write_study_report(dir.path()), Error);
}

TEST(StudyReport, CellsAreThePointsWithoutTheirSeed) {
  // Four fake finished points: two doses x two seeds, each with made-up
  // scores and a thickness; the report's cells pool the seeds.
  TempDir dir;
  Study s;
  s.name = "fake";
  for (std::uint64_t seed : {1, 2})
    for (double dose : {1.0, 0.25}) {
      StudyPoint p;
      p.dose_factor = dose;
      p.seed = seed;
      s.points.push_back(p);
    }
  prepare_study_dir(dir.path(), s);
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const auto params = point_parameters(s, i);
    const double recall = 1.0 - 0.01 * double(i);  // 1, 0.99, 0.98, 0.97
    const nlohmann::json point{
        {"id", point_id(s, i)},
        {"parameters", params},
        {"parameter_hash", parameter_hash(params)},
        {"score", {{"recall", recall}, {"precision", 1.0}, {"rmsd_shift_removed_A", 0.05}, {"species_accuracy", 1.0}}},
        {"analysis", {{"interface/thickness_true_A", {{"truth", 2.0}, {"traced", 2.0 + 0.1 * double(i)}, {"difference", 0.1 * double(i)}}}}},
        {"r_factor", 0.2},
        {"seconds", 1.0},
        {"rank", 0},
        {"host", "h"}};
    aet::test::write_text(point_file(dir.path(), point_id(s, i)), point.dump());
  }
  const auto sum = write_study_report(dir.path());
  EXPECT_EQ(sum.points, 4u);
  EXPECT_EQ(sum.finished, 4u);
  const std::string csv = aet::test::read_text(dir / "study.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5) << csv;
  const auto j = nlohmann::json::parse(aet::test::read_text(dir / "study.json"));
  ASSERT_EQ(j["cells"].size(), 2u);
  const auto& dose1 = j["cells"][0];  // points 0 (seed 1) and 2 (seed 2)
  EXPECT_EQ(dose1["parameters"]["dose_factor"], 1.0);
  EXPECT_EQ(dose1["seeds"], (nlohmann::json{1, 2}));
  EXPECT_NEAR(dose1["metrics"]["recall"]["mean"].get<double>(), 0.99, 1e-12);
  EXPECT_NEAR(dose1["metrics"]["interface/thickness_true_A.traced"]["max"].get<double>(), 2.2, 1e-12);
  EXPECT_NEAR(dose1["metrics"]["rmsd_pm"]["mean"].get<double>(), 5.0, 1e-12);
  EXPECT_TRUE(std::filesystem::exists(dir / "report.html"));
  // A missing point is reported as unfinished, not dropped silently.
  std::filesystem::remove(point_file(dir.path(), "0003"));
  const auto partial = write_study_report(dir.path());
  EXPECT_EQ(partial.finished, 3u);
  EXPECT_EQ(partial.unfinished, (std::vector<std::string>{"0003"}));
}

TEST(HtmlReport, EscapesAndEncodes) {
  EXPECT_EQ(html_escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
  // RFC 4648's test vectors.
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  HtmlPage page("t<1>");
  page.table({"a"}, {{"<x>"}});
  const std::string h = page.html();
  EXPECT_NE(h.find("<title>t&lt;1&gt;</title>"), std::string::npos);
  EXPECT_NE(h.find("<td>&lt;x&gt;</td>"), std::string::npos);
  EXPECT_EQ(h.find("http"), std::string::npos);  // nothing fetched from a network
}

TEST(Plot, ScriptHoldsItsDataAndDropsNonFinitePoints) {
  PlotFigure f;
  f.name = "f";
  f.title = "t";
  PlotPanel p;
  PlotCurve c;
  c.title = "c";
  c.points = {{1.0, 2.0, 0.1}, {2.0, std::nan(""), 0.0}, {3.0, 4.0, std::nan("")}};
  p.curves = {c};
  p.hlines = {{"h", 4.2}};
  f.panels = {p};
  const std::string s = gnuplot_script(f, "set terminal svg", "out.svg");
  EXPECT_NE(s.find("$p0c0 << EOD\n1 2 0.1\n3 4 0\nEOD\n"), std::string::npos) << s;
  EXPECT_NE(s.find("4.2 with lines"), std::string::npos) << s;
  EXPECT_NE(s.find("set output \"out.svg\""), std::string::npos) << s;
}

TEST(Plot, ImagesMarksAndEmptyLegendEntries) {
  PlotFigure f;
  f.name = "f";
  f.title = "t";
  PlotPanel p;
  PlotImage im;
  im.ny = 2;
  im.nx = 3;
  im.values = {0, 1, 2, 3, 4, 5};
  im.x0 = -1.5;
  im.y0 = -0.5;
  im.step = 0.5;
  p.image = im;
  p.equal_axes = true;
  PlotCurve empty;
  empty.title = "none yet";
  empty.keep_in_key = true;
  empty.error_bars = false;
  empty.lines = false;
  PlotCurve dropped;
  dropped.title = "dropped";
  PlotMark m;
  m.title = "mark";
  m.x = 0.25;
  p.curves = {empty, dropped};
  p.vlines = {m};
  f.panels = {p};
  const std::string s = gnuplot_script(f, "set terminal svg", "out.svg");
  // The matrix a row per grid row; the axes span the pixels' edges.
  EXPECT_NE(s.find("$p0img << EOD\n0 1 2\n3 4 5\nEOD\n"), std::string::npos) << s;
  EXPECT_NE(s.find("set xrange [-1.75:-0.25]"), std::string::npos) << s;
  EXPECT_NE(s.find("set yrange [-0.75:0.25]"), std::string::npos) << s;
  EXPECT_NE(s.find("with image"), std::string::npos) << s;
  EXPECT_NE(s.find("set size ratio -1"), std::string::npos) << s;
  EXPECT_NE(s.find("set arrow 1 from 0.25, graph 0 to 0.25, graph 1"), std::string::npos) << s;
  EXPECT_NE(s.find("title \"mark\""), std::string::npos) << s;
  EXPECT_NE(s.find("NaN with points"), std::string::npos) << s;
  EXPECT_NE(s.find("title \"none yet\""), std::string::npos) << s;
  EXPECT_EQ(s.find("dropped"), std::string::npos) << s;  // an empty curve not kept in the key
}

TEST(Particles, NamesResolveAndUnknownNamesFail) {
  for (const auto& name : models::scored_particle_names()) EXPECT_NO_THROW(models::preset(name)) << name;
  EXPECT_TRUE(std::holds_alternative<models::DecahedronShape>(models::preset("small-decahedron").shape));
  EXPECT_THROW(models::preset("nope"), Error);
  EXPECT_TRUE(is_truth_file("data/reference/PB.xyz"));
  EXPECT_TRUE(is_truth_file("mine.xyz"));
  EXPECT_FALSE(is_truth_file("small-to"));
}

}  // namespace
}  // namespace aet::validation
