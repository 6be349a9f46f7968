// ADF cross-sections: Kirkland-integrated values, Z dependence, power law.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "sim/adf_cross_section.hpp"
#include "test_util.hpp"

namespace aet::sim {
namespace {

using aet::test::near;

TEST(AdfCrossSection, ScatteringFactorAtZeroAngle) {
  // f(0) = sum a_i / b_i + sum c_i from Kirkland's table (Pt: 10.807 Å).
  EXPECT_TRUE(near(kirkland_scattering_factor_A("Pt", 0.0), 10.807, 0.001));
  // f falls with angle.
  EXPECT_LT(kirkland_scattering_factor_A("Pt", 2.0), kirkland_scattering_factor_A("Pt", 0.5));
}

TEST(AdfCrossSection, IncreasesWithZ) {
  const DetectorConfig d;
  double last = 0.0;
  for (const char* el : {"N", "Si", "Ni", "Cu", "Pd", "Ag", "Pt", "Au"}) {
    const double s = adf_cross_section_A2(el, 300.0, d);
    EXPECT_GT(s, last) << el;
    last = s;
  }
}

TEST(AdfCrossSection, PtPdRatioIsHaadfLike) {
  const DetectorConfig d;
  const double ratio = adf_cross_section_A2("Pt", 300.0, d) / adf_cross_section_A2("Pd", 300.0, d);
  // HAADF contrast goes as Z^n with n between 1.4 and 2 (Rutherford limit):
  // (78/46)^1.4 = 2.09, (78/46)^2 = 2.88.
  EXPECT_GT(ratio, std::pow(78.0 / 46.0, 1.4));
  EXPECT_LT(ratio, std::pow(78.0 / 46.0, 2.0));
  // A wider (lower inner angle) detector takes in more screened, lower-n scattering.
  DetectorConfig maadf = d;
  maadf.inner_mrad = 20.0;
  const double r_maadf = adf_cross_section_A2("Pt", 300.0, maadf) / adf_cross_section_A2("Pd", 300.0, maadf);
  EXPECT_LT(r_maadf, ratio);
}

TEST(AdfCrossSection, PowerLaw) {
  DetectorConfig d;
  d.model = AdfModel::PowerLaw;
  d.z_exponent = 1.7;
  const double ratio = adf_cross_section_A2("Pt", 300.0, d) / adf_cross_section_A2("Pd", 300.0, d);
  EXPECT_TRUE(near(ratio, std::pow(78.0 / 46.0, 1.7), 1e-12));
  // Works for elements without Kirkland parameters here.
  EXPECT_GT(adf_cross_section_A2("Rh", 300.0, d), 0.0);
  // Normalised to the Kirkland value of Pt.
  EXPECT_TRUE(near(adf_cross_section_A2("Pt", 300.0, d), adf_cross_section_A2("Pt", 300.0, DetectorConfig{}), 1e-15));
}

TEST(AdfCrossSection, UnknownElementIsAnError) {
  try {
    adf_cross_section_A2("Rh", 300.0, DetectorConfig{});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Rh"), std::string::npos);
  }
}

}  // namespace
}  // namespace aet::sim
