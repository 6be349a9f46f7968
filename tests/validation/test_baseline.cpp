// Regression baselines: the tolerance rule, the guards (NaN included), the
// file format, the shipped baseline files and the command's errors. The
// scored runs themselves are the `regression` tests (tests/CMakeLists.txt).
#include "validation/baseline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "cli_run.hpp"
#include "core/error.hpp"
#include "test_util.hpp"

namespace aet::validation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const BaselineMetricSpec& spec(const std::string& key) {
  for (const auto& s : baseline_metric_specs())
    if (s.key == key) return s;
  throw Error("no spec " + key);
}

BaselineMetric metric(Guard guard, double value, double tolerance) {
  BaselineMetric m;
  m.guard = guard;
  m.value = value;
  m.tolerance = tolerance;
  return m;
}

TEST(Baseline, LowerGuardFailsOnlyOnAFallBeyondTheTolerance) {
  const auto m = metric(Guard::Lower, 0.99, 0.01);
  EXPECT_FALSE(is_regression(m, 0.99));
  EXPECT_FALSE(is_regression(m, 0.985));
  EXPECT_FALSE(is_regression(m, 1.0));  // a rise is free
  EXPECT_TRUE(is_regression(m, 0.97));
  EXPECT_TRUE(is_regression(m, kNaN));  // the metric lost
}

TEST(Baseline, UpperGuardFailsOnlyOnARiseBeyondTheTolerance) {
  const auto m = metric(Guard::Upper, 4.0, 0.5);
  EXPECT_FALSE(is_regression(m, 4.4));
  EXPECT_FALSE(is_regression(m, 1.0));  // a fall is free
  EXPECT_TRUE(is_regression(m, 4.6));
  EXPECT_TRUE(is_regression(m, kNaN));
}

TEST(Baseline, BothGuardFailsEitherWay) {
  const auto m = metric(Guard::Both, 2.75, 0.01);
  EXPECT_FALSE(is_regression(m, 2.755));
  EXPECT_TRUE(is_regression(m, 2.77));
  EXPECT_TRUE(is_regression(m, 2.73));
  EXPECT_TRUE(is_regression(m, kNaN));
}

TEST(Baseline, ToleranceIsThreeSampleSdOrTheFloor) {
  // 1, 2, 3, 4: mean 2.5, sample sd sqrt(5/3); 3 sd = 3.873 > the 0.5 pm floor.
  const auto m = measure_metric(spec("rmsd_pm"), {1.0, 2.0, 3.0, 4.0}, 225);
  EXPECT_EQ(m.value, 1.0);  // the reference realisation's, not the mean
  EXPECT_NEAR(m.mean, 2.5, 1e-12);
  EXPECT_NEAR(m.sd, std::sqrt(5.0 / 3.0), 1e-12);
  EXPECT_NEAR(m.tolerance, 3.0 * std::sqrt(5.0 / 3.0), 1e-12);
  EXPECT_EQ(m.guard, Guard::Upper);
  // No spread: the floor, here one atom of a 225-atom case.
  const auto r = measure_metric(spec("recall"), {1.0, 1.0, 1.0, 1.0}, 225);
  EXPECT_EQ(r.sd, 0.0);
  EXPECT_NEAR(r.tolerance, 1.0 / 225.0, 1e-15);
  EXPECT_EQ(r.guard, Guard::Lower);
  // A realisation without the measurement is left out of the spread.
  const auto t = measure_metric(spec("theta_deg"), {2.0, kNaN, 4.0}, 300);
  EXPECT_NEAR(t.mean, 3.0, 1e-12);
  EXPECT_NEAR(t.sd, std::sqrt(2.0), 1e-12);
  EXPECT_THROW(measure_metric(spec("theta_deg"), {kNaN, 1.0}, 300), Error);
  // Its absence is then within the noise; a metric every realisation had may not vanish.
  EXPECT_TRUE(t.may_be_absent());
  EXPECT_FALSE(is_regression(t, kNaN));
  EXPECT_TRUE(is_regression(t, 9.0));
  EXPECT_FALSE(measure_metric(spec("theta_deg"), {2.0, 4.0}, 300).may_be_absent());
  EXPECT_TRUE(is_regression(measure_metric(spec("theta_deg"), {2.0, 4.0}, 300), kNaN));
}

TEST(Baseline, MetricsAreReadFromTheDemoReport) {
  nlohmann::json r;
  r["score"] = {{"recall", 0.99}, {"precision", 0.98}, {"rmsd_shift_removed_A", 0.035}, {"species_accuracy", 0.97}};
  r["r_factor"] = 0.2;
  r["analysis"]["interface/thickness_true_A"] = {{"truth", 2.0}, {"traced", 2.5}};
  r["analysis"]["interface/thickness_A"] = {{"truth", 3.0}, {"traced", 3.5}};
  r["analysis"]["mean_bond_length_A"] = {{"truth", 2.75}, {"traced", 2.76}};
  r["analysis"]["fivefold/theta_deg"] = {{"truth", 1.0}, {"traced", nullptr}};
  for (const char* k : {"xx", "yy", "zz", "yz", "xz", "xy"})
    r["analysis"][std::string("strain/std_percent/") + k] = {{"traced", 1.5}};
  const auto v = baseline_metrics(r);
  const auto& specs = baseline_metric_specs();
  ASSERT_EQ(v.size(), specs.size());
  const auto get = [&](const std::string& key) {
    for (std::size_t i = 0; i < specs.size(); ++i)
      if (specs[i].key == key) return v[i];
    return kNaN;
  };
  EXPECT_EQ(get("recall"), 0.99);
  EXPECT_EQ(get("precision"), 0.98);
  EXPECT_NEAR(get("rmsd_pm"), 3.5, 1e-12);
  EXPECT_EQ(get("species_accuracy"), 0.97);
  EXPECT_EQ(get("r_factor"), 0.2);
  EXPECT_EQ(get("thickness_true_A"), 2.5);  // the traced atoms' value
  EXPECT_EQ(get("thickness_A"), 3.5);
  EXPECT_EQ(get("mean_bond_length_A"), 2.76);
  EXPECT_TRUE(std::isnan(get("theta_deg")));  // no five-fold axis traced
  EXPECT_NEAR(get("strain_std_percent"), 1.5, 1e-12);
}

Baseline example() {
  Baseline b;
  b.c = baseline_cases().front();
  b.truth_atoms = 225;
  b.image_px = 96;
  b.noise_seeds = {1, 2, 3, 4};
  b.atoms_hash = "fnv1a64:0123456789abcdef";
  b.version = "0.1.0";
  b.recorded = "2026-12-01 00:00 UTC";
  b.metrics.push_back(measure_metric(spec("recall"), {1.0, 1.0, 0.9956, 1.0}, 225));
  b.metrics.push_back(measure_metric(spec("theta_deg"), {0.5, kNaN, 0.7, 0.6}, 225));
  return b;
}

TEST(Baseline, FileRoundTrips) {
  test::TempDir dir;
  const Baseline b = example();
  write_baseline(dir.path(), b);
  const auto read = read_baselines(dir.path());
  ASSERT_EQ(read.size(), 1u);
  const Baseline& r = read.front();
  EXPECT_EQ(r.c.name, b.c.name);
  EXPECT_EQ(r.c.particle, b.c.particle);
  EXPECT_EQ(r.c.seed, b.c.seed);
  EXPECT_EQ(r.c.realisations, b.c.realisations);
  EXPECT_EQ(r.noise_seeds, b.noise_seeds);
  EXPECT_EQ(r.atoms_hash, b.atoms_hash);
  ASSERT_EQ(r.metrics.size(), 2u);
  EXPECT_EQ(r.metrics[0].value, b.metrics[0].value);
  EXPECT_EQ(r.metrics[0].tolerance, b.metrics[0].tolerance);
  EXPECT_EQ(r.metrics[0].guard, Guard::Lower);
  EXPECT_TRUE(std::isnan(r.metrics[1].values[1]));  // null in the file
  EXPECT_EQ(r.metrics[1].sd, b.metrics[1].sd);
  const auto j = to_json(b);
  EXPECT_TRUE(j.contains("tolerance_rule"));
  EXPECT_TRUE(j.contains("reference"));
}

TEST(Baseline, BadFilesAndNamesFailWithOneLine) {
  test::TempDir dir;
  EXPECT_THROW(read_baselines(dir / "absent"), Error);
  EXPECT_THROW(read_baselines(dir.path()), Error);  // no files
  write_baseline(dir.path(), example());
  EXPECT_THROW(read_baselines(dir.path(), {"no-such-case"}), Error);
  auto j = to_json(example());
  j["metrics"][0]["key"] = "frobnication";
  test::write_text(dir / "small-to.json", j.dump());
  EXPECT_THROW(read_baselines(dir.path()), Error);
  j = to_json(example());
  j["metrics"][0]["guard"] = "sideways";
  test::write_text(dir / "small-to.json", j.dump());
  EXPECT_THROW(read_baselines(dir.path()), Error);
  test::write_text(dir / "small-to.json", "{\"case\": ");
  EXPECT_THROW(read_baselines(dir.path()), Error);
}

TEST(Baseline, ChangeLogIsAppended) {
  test::TempDir dir;
  const auto log = dir / "CHANGES.md";
  append_baseline_change(log, "first recording", {"small-to"});
  append_baseline_change(log, "tracer change", {"small-to", "small-ico"});
  const std::string text = test::read_text(log);
  const auto first = text.find("first recording"), second = text.find("tracer change");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_NE(text.find("small-to, small-ico"), std::string::npos);
  EXPECT_NE(text.find("aetbench "), std::string::npos);
}

TEST(Baseline, HashIsOfTheBytes) {
  test::TempDir dir;
  test::write_text(dir / "a.xyz", "");
  // FNV-1a 64 of no bytes is its offset basis; of "a", the published 0xaf63dc4c8601ec8c.
  EXPECT_EQ(atoms_xyz_hash(dir / "a.xyz"), "fnv1a64:cbf29ce484222325");
  test::write_text(dir / "a.xyz", "a");
  EXPECT_EQ(atoms_xyz_hash(dir / "a.xyz"), "fnv1a64:af63dc4c8601ec8c");
}

TEST(Baseline, EveryCaseHasItsShippedFile) {
  // The files in the source tree state values, spreads, tolerances and seeds.
  const auto shipped = read_baselines(AET_BASELINES_DIR);
  ASSERT_EQ(shipped.size(), baseline_cases().size());
  for (const auto& c : baseline_cases()) {
    const auto b = read_baselines(AET_BASELINES_DIR, {c.name}).front();
    EXPECT_EQ(b.c.particle, c.particle) << c.name;
    EXPECT_EQ(b.c.seed, c.seed) << c.name;
    EXPECT_EQ(b.c.dose_factor, c.dose_factor) << c.name;
    EXPECT_EQ(b.c.tilt_max_deg, c.tilt_max_deg) << c.name;
    EXPECT_EQ(b.noise_seeds.size(), std::size_t(c.realisations)) << c.name;
    EXPECT_GE(b.metrics.size(), 5u) << c.name;  // the five scores at least
    for (const auto& m : b.metrics) {
      EXPECT_EQ(m.values.size(), std::size_t(c.realisations)) << c.name << " " << m.key;
      EXPECT_EQ(m.values.front(), m.value) << c.name << " " << m.key;
      EXPECT_GE(m.tolerance, m.floor) << c.name << " " << m.key;
    }
  }
}

TEST(BaselineCli, BadInputIsOneLineAndExitOne) {
  test::TempDir dir;
  const auto expect_error = [&](const std::string& args, const std::string& what) {
    const auto r = test::run_aetbench(dir, args);
    EXPECT_EQ(r.rc, 1) << args;
    EXPECT_EQ(r.err.rfind("aetbench: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
  };
  expect_error("baseline check --baselines " + (dir / "absent").string(), "no such baselines folder");
  expect_error("baseline check --baselines " + std::string(AET_BASELINES_DIR) + " --case no-such-case",
               "no baseline for case 'no-such-case'");
  expect_error("baseline record --baselines " + dir.path().string() + " --reason ' '", "--reason");
  expect_error("baseline record --baselines " + dir.path().string() + " --reason x --case no-such-case",
               "unknown case 'no-such-case'");
  EXPECT_EQ(dir.file_count(), 0u);  // nothing recorded
  EXPECT_NE(test::run_aetbench(dir, "baseline record --baselines " + dir.path().string()).rc, 0);  // no reason
  const auto help = test::run_aetbench(dir, "baseline check --help");
  EXPECT_EQ(help.rc, 0);
  EXPECT_NE(help.out.find("--no-denoise"), std::string::npos);  // the pipeline's options
}

}  // namespace
}  // namespace aet::validation
