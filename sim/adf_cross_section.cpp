#include "sim/adf_cross_section.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "core/elements.hpp"
#include "core/error.hpp"
#include "core/geometry.hpp"
#include "sim/probe.hpp"

namespace aet::sim {

namespace {

/// Kirkland (2010) Appendix C: f(q) = sum_i a_i / (q² + b_i) + c_i exp(-d_i q²), f in Å, q in 1/Å.
struct KirklandParams {
  const char* symbol;
  std::array<double, 3> a, b, c, d;
};

constexpr std::array<KirklandParams, 10> kKirkland = {{
    {"C", {0.212080767, 0.199811865, 0.168254385}, {0.208605417, 0.208610186, 5.57870773},
     {0.14204836, 0.363830672, 0.000835012}, {1.33311887, 3.80800263, 0.040398262}},
    {"N", {0.533015554, 0.0529008883, 0.0924159648}, {0.290952515, 10.3547896, 10.3540028},
     {0.261799101, 0.0008802621, 0.110166555}, {2.76252723, 0.0347681236, 0.993421736}},
    {"O", {0.339969204, 0.307570172, 0.130369072}, {0.38157028, 0.381571436, 19.1919745},
     {0.0883326058, 0.1965867, 0.00099622}, {0.760635525, 2.07401094, 0.0303266869}},
    {"Si", {1.06543892, 0.120143691, 0.180915263}, {1.04118455, 68.7113368, 0.0887533926},
     {1.1206562, 0.0305452816, 1.59963502}, {3.70062619, 0.214097897, 9.99096638}},
    {"Ni", {1.7225463, 0.329543044, 0.6230072}, {0.776606908, 0.10226236, 19.4156207},
     {0.0094349651, 0.854063515, 0.221073515}, {0.0398684596, 10.4078166, 0.51086933}},
    {"Cu", {0.358774531, 1.76181348, 0.636905053}, {0.106153463, 1.01640995, 15.3659093},
     {0.0074493067, 0.189002347, 0.229619589}, {0.0385345989, 0.39842779, 0.901419843}},
    {"Pd", {2.10475155, 2.03884487, 0.182067264}, {8.6860647, 0.378924449, 0.142921634},
     {0.0952040948, 0.591445248, 0.0011332868}, {0.1171259, 1.07843808, 0.0078025209}},
    {"Ag", {2.0798139, 0.443170726, 1.96515215}, {9.92540297, 0.104920104, 0.640103839},
     {0.596130591, 0.478016333, 0.094645847}, {0.88959479, 1.98509407, 0.112744464}},
    {"Pt", {0.98469794, 2.73987079, 3.61696715}, {0.160910839, 0.718971667, 12.9281016},
     {0.302885602, 0.278370726, 0.0152124129}, {0.170134854, 1.49862703, 0.0283510822}},
    {"Au", {0.961263398, 3.6958103, 2.77567491}, {0.170932277, 12.9335319, 0.68999707},
     {0.295414176, 0.311475743, 0.0143237267}, {0.16352551, 1.39200901, 0.0271265337}},
}};

const KirklandParams& kirkland(const std::string& symbol) {
  for (const auto& p : kKirkland)
    if (symbol == p.symbol) return p;
  std::string have;
  for (const auto& p : kKirkland) have += std::string(have.empty() ? "" : " ") + p.symbol;
  throw Error(fmt::format("element '{}': no Kirkland scattering parameters (have {}); use the power-law ADF model",
                          symbol, have));
}

double kirkland_cross_section_A2(const std::string& symbol, double voltage_kV, double inner_mrad,
                                 double outer_mrad) {
  const double lambda = electron_wavelength_A(voltage_kV);
  const double gamma = 1.0 + voltage_kV / 510.99895;  // relativistic mass factor
  const double t0 = inner_mrad * 1e-3, t1 = outer_mrad * 1e-3;
  // Simpson's rule in log(theta): the integrand theta² |f|² varies smoothly there.
  const int n = 2000;
  const double l0 = std::log(t0), h = (std::log(t1) - l0) / n;
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double theta = std::exp(l0 + i * h);
    const double f = gamma * kirkland_scattering_factor_A(symbol, theta / lambda);
    const double w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    sum += w * f * f * theta * theta;  // dtheta = theta dlog(theta)
  }
  return 2.0 * kPi * sum * h / 3.0;
}

}  // namespace

std::vector<std::string> kirkland_elements() {
  std::vector<std::string> out;
  for (const auto& p : kKirkland) out.emplace_back(p.symbol);
  return out;
}

double kirkland_scattering_factor_A(const std::string& symbol, double q) {
  const KirklandParams& p = kirkland(symbol);
  const double q2 = q * q;
  double f = 0.0;
  for (int i = 0; i < 3; ++i) f += p.a[i] / (q2 + p.b[i]) + p.c[i] * std::exp(-p.d[i] * q2);
  return f;
}

double adf_cross_section_A2(const std::string& symbol, double voltage_kV, const DetectorConfig& d) {
  if (d.model == AdfModel::Kirkland)
    return kirkland_cross_section_A2(symbol, voltage_kV, d.inner_mrad, d.outer_mrad);
  const double z = atomic_number(symbol);
  return kirkland_cross_section_A2("Pt", voltage_kV, d.inner_mrad, d.outer_mrad) * std::pow(z / 78.0, d.z_exponent);
}

}  // namespace aet::sim
