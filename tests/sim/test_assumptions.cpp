// The simulator's physical assumptions a study sweeps (source size, ADF
// model and Z exponent, thermal vibration, column response) change the
// image the way their physics says.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "sim/adf_cross_section.hpp"
#include "sim/column_response.hpp"
#include "sim/dose_noise.hpp"
#include "sim/probe.hpp"
#include "sim/simulate.hpp"

namespace aet::sim {
namespace {

// 64 x 64 pixels of 0.4 Å (25.6 Å): the probe's 10 Å tail fits around one
// atom at the centre, which sits on a scan point (pixel (32, 32)).
SimConfig one_tilt() {
  SimConfig c = ideal_preset();
  c.nx = c.ny = 64;
  c.pixel_A = 0.4;
  c.tilts.angles_deg = {0.0};
  c.tilts.frames_per_tilt = 1;
  return c;
}

AtomModel atom(const std::string& el) {
  AtomModel m;
  m.add_atom(el, Vec3(0.0, 0.0, 0.0));
  return m;
}

/// n Pt atoms along the beam (z), 2.77 Å apart (Pt's nearest neighbours).
AtomModel column(int n) {
  AtomModel m;
  for (int k = 0; k < n; ++k) m.add_atom("Pt", Vec3(0.0, 0.0, 2.77 * (k - 0.5 * (n - 1))));
  return m;
}

std::vector<float> image(const AtomModel& m, const SimConfig& c) { return simulate(m, c, std::uint64_t(1)).series.data(); }
double total(const std::vector<float>& im) { return std::accumulate(im.begin(), im.end(), 0.0); }
double peak(const std::vector<float>& im) { return *std::max_element(im.begin(), im.end()); }
/// Pixels above half the peak: an area, ∝ FWHM².
int above_half(const std::vector<float>& im) {
  const double h = 0.5 * peak(im);
  return int(std::count_if(im.begin(), im.end(), [&](float v) { return v > h; }));
}

TEST(Assumptions, LargerSourceGivesLowerWiderPeaksOfTheSameIntegral) {
  // 0.2 Å pixels: a 0.46 Å-FWHM peak sampled at 0.4 Å sums to its integral
  // only to a few % (aliasing); at 0.2 Å to far better than the 0.5 % below.
  SimConfig small = one_tilt(), large = one_tilt();
  small.nx = small.ny = large.nx = large.ny = 128;
  small.pixel_A = large.pixel_A = 0.2;
  small.probe.source_fwhm_A = 0.3;
  large.probe.source_fwhm_A = 1.2;
  const auto a = image(atom("Pt"), small), b = image(atom("Pt"), large);
  // The probe is normalised to one electron: blurring moves signal, it does
  // not make it. 0.5 %: what the cut-off radius (99.5 % enclosed) can lose.
  EXPECT_TRUE(std::fabs(total(b) / total(a) - 1.0) <= 5e-3) << total(a) << " " << total(b);
  // Gaussian estimate: FWHM 0.46 -> 1.25 Å (with the 0.34 Å diffraction
  // limit), peak ∝ 1 / FWHM², so ~7x lower; at least 3x allows for the
  // aperture's non-Gaussian core.
  EXPECT_TRUE(peak(b) < peak(a) / 3.0) << peak(a) << " " << peak(b);
  EXPECT_TRUE(above_half(b) > 3 * above_half(a)) << above_half(a) << " " << above_half(b);
}

TEST(Assumptions, PowerLawExponentSetsThePtPdRatio) {
  for (double n : {1.4, 2.0}) {
    SimConfig c = one_tilt();
    c.detector.model = AdfModel::PowerLaw;
    c.detector.z_exponent = n;
    const double ratio = total(image(atom("Pt"), c)) / total(image(atom("Pd"), c));
    // Same probe, same position: the images differ only by sigma, so the
    // ratio is exact up to float sums (1e-5).
    const double expected = std::pow(78.0 / 46.0, n);
    EXPECT_TRUE(std::fabs(ratio / expected - 1.0) <= 1e-5) << "n " << n << ": " << ratio << " vs " << expected;
  }
}

TEST(Assumptions, VibrationWidensThePeakAndKeepsItsIntegral) {
  SimConfig still = one_tilt(), hot = one_tilt();
  still.thermal.enabled = hot.thermal.enabled = true;
  still.thermal.rms_A["Pt"] = 0.0;
  hot.thermal.rms_A["Pt"] = 0.12;
  still.tilts.frames_per_tilt = hot.tilts.frames_per_tilt = 400;  // frozen-phonon average
  const auto a = image(atom("Pt"), still), b = image(atom("Pt"), hot);
  EXPECT_TRUE(std::fabs(total(b) / total(a) - 1.0) <= 5e-3) << total(a) << " " << total(b);
  // Gaussian estimate: the probe's σ 0.34 Å and u = 0.12 Å add in
  // quadrature, peak x σ²/(σ² + u²) = 0.89. Over 400 frames the mean peak's
  // sampling error is ~1 %; (0.80, 0.97) holds that and the non-Gaussian core.
  const double r = peak(b) / peak(a);
  EXPECT_TRUE(r > 0.80 && r < 0.97) << r;
}

TEST(Assumptions, ColumnResponseLeavesOneAtomAndCompressesAColumn) {
  const int n = 20;
  SimConfig linear = one_tilt(), sat = one_tilt();
  sat.column.saturation_atoms = n;
  const double p1 = peak(image(atom("Pt"), linear)), p1s = peak(image(atom("Pt"), sat));
  // One atom: f' = f (1 - f / 2s + ...), a loss of ~1 / (2 N_sat) = 2.5 %.
  EXPECT_TRUE(p1s < p1 && p1s > p1 * (1.0 - 1.0 / (2.0 * n)) * 0.995) << p1 << " " << p1s;
  // A column of N_sat atoms: 1 - 1/e = 0.63 of its linear peak (the tail's
  // few % of signal at the peak shift that by < 1 %).
  const double pn = peak(image(column(n), linear)), pns = peak(image(column(n), sat));
  EXPECT_TRUE(std::fabs(pns / pn - (1.0 - std::exp(-1.0))) <= 0.01) << pns / pn;
  // Exactly the map: the linear peak through s (1 - exp(-f/s)), float precision.
  const double s = column_saturation_signal(sat, ProbeProfile(sat.probe).peak()) * electrons_per_pixel(sat);
  EXPECT_TRUE(std::fabs(pns - s * (1.0 - std::exp(-pn / s))) <= 1e-5 * pns) << pns;
}

TEST(Assumptions, LinearColumnResponseIsTheDefaultAndChangesNothing) {
  EXPECT_EQ(ColumnResponseConfig{}.saturation_atoms, 0.0);
  std::vector<double> f{0.0, 1e-3, 0.5, 7.0};
  const std::vector<double> before = f;
  apply_column_response(f, 0.0);
  EXPECT_EQ(f, before);
  // Nothing about it in a linear run's metadata: default outputs are unchanged.
  EXPECT_FALSE(to_metadata(one_tilt()).contains("sim.column.saturation_atoms"));
  SimConfig c = one_tilt();
  c.column.saturation_atoms = 8;
  EXPECT_TRUE(to_metadata(c).contains("sim.column.saturation_atoms"));
}

TEST(Assumptions, AbsurdValuesAreRefused) {
  auto refused = [](auto set) {
    SimConfig c = one_tilt();
    set(c);
    EXPECT_THROW(validate(c), Error);
  };
  refused([](SimConfig& c) { c.probe.source_fwhm_A = -0.1; });
  refused([](SimConfig& c) { c.probe.source_fwhm_A = std::nan(""); });
  refused([](SimConfig& c) { c.detector.z_exponent = 0.0; });
  refused([](SimConfig& c) { c.detector.z_exponent = 4.5; });
  refused([](SimConfig& c) { c.detector.z_exponent = std::nan(""); });
  refused([](SimConfig& c) { c.column.saturation_atoms = 0.5; });
  refused([](SimConfig& c) { c.column.saturation_atoms = -3; });
  refused([](SimConfig& c) { c.column.saturation_atoms = std::nan(""); });
  refused([](SimConfig& c) { c.thermal.rms_A["Pt"] = -0.01; });
}

}  // namespace
}  // namespace aet::sim
