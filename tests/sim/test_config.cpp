// The simulator's configuration: presets, validation (one line naming the
// bad value), metadata, names of the enums, derived dose and tilt count.
#include "sim/config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

TEST(SimConfig, PresetsAreValidAndTheIdealOneIsNoiseFree) {
  EXPECT_NO_THROW(validate(paper_preset()));
  EXPECT_NO_THROW(validate(ideal_preset()));
  const SimConfig ideal = ideal_preset(), paper = paper_preset();
  EXPECT_FALSE(ideal.detector.shot_noise);
  EXPECT_EQ(ideal.detector.read_noise, 0.0);
  EXPECT_FALSE(ideal.thermal.enabled);
  EXPECT_FALSE(ideal.film.enabled);
  EXPECT_EQ(ideal.misalignment.shift_rms_px, 0.0);
  EXPECT_EQ(ideal.misalignment.angle_error_rms_deg, 0.0);
  EXPECT_EQ(ideal.misalignment.drift_rms_px_per_frame, 0.0);
  EXPECT_EQ(ideal.misalignment.scan_jitter_rms_px, 0.0);
  EXPECT_EQ(ideal.misalignment.axis_rotation_deg, 0.0);
  // Paper optics and angles in both.
  EXPECT_EQ(ideal.probe.convergence_mrad, paper.probe.convergence_mrad);
  EXPECT_EQ(ideal.probe.source_fwhm_A, paper.probe.source_fwhm_A);
  EXPECT_EQ(ideal.tilts.n_tilts, paper.tilts.n_tilts);
  EXPECT_EQ(ideal.pixel_A, paper.pixel_A);
  // The paper preset is misaligned and noisy.
  EXPECT_GT(paper.misalignment.shift_rms_px, 0.0);
  EXPECT_GT(paper.detector.read_noise, 0.0);
  EXPECT_TRUE(paper.film.enabled);
}

TEST(SimConfig, EachBadValueIsAOneLineErrorNamingIt) {
  const std::vector<std::pair<std::function<void(SimConfig&)>, std::string>> cases{
      {[](SimConfig& c) { c.nx = 4; }, "image size"},
      {[](SimConfig& c) { c.pixel_A = NAN; }, "pixel size"},
      {[](SimConfig& c) { c.probe.voltage_kV = 0; }, "voltage"},
      {[](SimConfig& c) { c.probe.convergence_mrad = 250; }, "convergence"},
      {[](SimConfig& c) { c.probe.c3_mm = INFINITY; }, "aberrations"},
      {[](SimConfig& c) { c.probe.source_fwhm_A = -1; }, "source size"},
      {[](SimConfig& c) { c.detector.outer_mrad = 700; }, "outer angle"},
      {[](SimConfig& c) { c.detector.z_exponent = 3; }, "Z exponent"},
      {[](SimConfig& c) { c.detector.gain = 0; }, "gain"},
      {[](SimConfig& c) { c.detector.read_noise = -1; }, "read noise"},
      {[](SimConfig& c) { c.thermal.rms_A["Pd"] = 1.5; }, "thermal rms of Pd"},
      {[](SimConfig& c) { c.tilts.n_tilts = 0; }, "number of tilts"},
      {[](SimConfig& c) { c.tilts.min_deg = 10, c.tilts.max_deg = -10; }, "need min <= max"},
      {[](SimConfig& c) { c.tilts.n_tilts = 1; }, "one tilt"},
      {[](SimConfig& c) { c.misalignment.shift_rms_px = -0.5; }, "shift rms"},
      {[](SimConfig& c) { c.misalignment.scan_jitter_rms_px = NAN; }, "scan jitter"},
      {[](SimConfig& c) { c.misalignment.drift_correlation = 1.0; }, "drift correlation"},
      {[](SimConfig& c) { c.misalignment.axis_rotation_deg = 50; }, "tilt-axis rotation"},
      {[](SimConfig& c) { c.film.thickness_A = -1; }, "film thickness"},
      {[](SimConfig& c) { c.film.density_g_cm3 = -3; }, "film density"},
      {[](SimConfig& c) { c.film.roughness = 2; }, "film roughness"},
      {[](SimConfig& c) { c.film.correlation_A = 0; }, "correlation length"},
  };
  for (const auto& [change, words] : cases) {
    SimConfig c = paper_preset();
    change(c);
    try {
      validate(c);
      ADD_FAILURE() << "no error for " << words;
    } catch (const Error& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(words), std::string::npos) << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
  }
}

TEST(SimConfig, MetadataHoldsEveryGroup) {
  SimConfig c = paper_preset();
  c.tilts.angles_deg = {-30.0, 0.0, 30.0, 45.0};
  c.tilts.frames_per_tilt = 2;
  c.tilts.order = TiltOrder::DoseSymmetric;
  c.thermal.rms_A["Pt"] = 0.05;
  c.detector.model = AdfModel::PowerLaw;
  const Metadata m = to_metadata(c);
  EXPECT_EQ(m.get_double("sim.pixel_A"), c.pixel_A);
  EXPECT_EQ(m.get_double("sim.probe.voltage_kV"), c.probe.voltage_kV);
  EXPECT_EQ(m.get_double("sim.misalignment.shift_rms_px"), c.misalignment.shift_rms_px);
  EXPECT_EQ(m.get_double("sim.film.thickness_A"), c.film.thickness_A);
  EXPECT_EQ(m.get_double("sim.thermal.rms_A.Pt"), 0.05);
  EXPECT_EQ(m.get_int("sim.tilts.n_tilts"), 4);
  EXPECT_EQ(m.get_doubles("sim.tilts.angles_deg"), c.tilts.angles_deg);
  EXPECT_EQ(m.get("sim.tilts.order"), "dose-symmetric");
  EXPECT_EQ(m.get("sim.detector.model"), "power-law");
  EXPECT_TRUE(near(m.get_double("sim.dose_per_frame_e_per_A2"), c.dose_e_per_A2 / 8.0, 1e-9 * c.dose_e_per_A2));
  // A range writes no explicit list.
  EXPECT_FALSE(to_metadata(paper_preset()).contains("sim.tilts.angles_deg"));
}

TEST(SimConfig, NamesRoundTripAndUnknownNamesAreErrors) {
  for (TiltOrder o : {TiltOrder::Sequential, TiltOrder::Bidirectional, TiltOrder::DoseSymmetric})
    EXPECT_EQ(parse_tilt_order(to_string(o)), o);
  for (AdfModel m : {AdfModel::Kirkland, AdfModel::PowerLaw}) EXPECT_EQ(parse_adf_model(to_string(m)), m);
  try {
    parse_tilt_order("zigzag");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("zigzag"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_adf_model("rutherford"), Error);
}

TEST(SimConfig, DoseIsSpreadOverEveryTiltAndFrame) {
  SimConfig c = paper_preset();
  c.tilts.n_tilts = 10;
  c.tilts.frames_per_tilt = 4;
  EXPECT_EQ(tilt_count(c.tilts), 10);
  EXPECT_TRUE(near(dose_per_frame_e_per_A2(c), c.dose_e_per_A2 / 40.0, 1e-12 * c.dose_e_per_A2));
  c.tilts.angles_deg = {0.0, 20.0, 40.0};  // an explicit list wins over n_tilts
  EXPECT_EQ(tilt_count(c.tilts), 3);
  EXPECT_TRUE(near(dose_per_frame_e_per_A2(c), c.dose_e_per_A2 / 12.0, 1e-12 * c.dose_e_per_A2));
}

}  // namespace
}  // namespace aet::sim
