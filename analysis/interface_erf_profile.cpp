#include "analysis/interface_erf_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/optimize.hpp"

namespace aet::analysis {

namespace {
constexpr double kZ95 = 1.6448536269514722;  // standard normal 95 % quantile

}  // namespace

double detail::erf_profile_nll(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                               const ErfProfileFit& f) {
  double sum = 0.0;
  const double scale = 1.0 / (f.sigma_A * std::sqrt(2.0));
  for (std::size_t i = 0; i < distance_A.size(); ++i) {
    if (!std::isfinite(distance_A[i])) continue;
    const double erf_part = 0.5 * std::erfc((distance_A[i] - f.centre_A) * scale);
    const double p = std::clamp(f.pd_floor + (1.0 - f.pd_floor - f.pt_floor) * erf_part, 1e-12, 1.0 - 1e-12);
    sum -= is_pd[i] ? std::log(p) : std::log1p(-p);
  }
  return sum;
}

ErfProfileFit detail::fit_erf_profile(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                                      const ErfProfileFit* start) {
  if (distance_A.size() != is_pd.size())
    throw Error(fmt::format("erf profile fit: {} distances for {} atoms", distance_A.size(), is_pd.size()));
  ErfProfileFit e;
  std::vector<double> d;
  std::vector<std::uint8_t> y;
  for (std::size_t i = 0; i < distance_A.size(); ++i)
    if (std::isfinite(distance_A[i])) d.push_back(distance_A[i]), y.push_back(is_pd[i]);
  e.atoms = d.size();
  if (d.size() < 10) return e;
  // Parameters: d0, ln sigma, and the two floors through a logistic onto
  // [0, kFloorMax] (floors of at most 10 %: isolated atoms, not a profile).
  constexpr double kFloorMax = 0.1;
  const auto unpack = [&](const std::vector<double>& x, ErfProfileFit& f) {
    f.centre_A = x[0];
    f.sigma_A = std::exp(x[1]);
    f.pd_floor = kFloorMax / (1.0 + std::exp(-x[2]));
    f.pt_floor = kFloorMax / (1.0 + std::exp(-x[3]));
  };
  const auto nll = [&](const std::vector<double>& x) {
    ErfProfileFit f;
    unpack(x, f);
    return erf_profile_nll(d, y, f);
  };
  std::vector<double> x{0.0, 0.0, -3.0, -3.0};
  std::vector<double> steps{1.0, 0.2};
  if (start && start->found) {
    const auto logit = [&](double floor) {
      const double q = std::clamp(floor / kFloorMax, 1e-9, 1.0 - 1e-9);
      return std::log(q / (1.0 - q));
    };
    x = {start->centre_A, std::log(start->sigma_A), logit(start->pd_floor), logit(start->pt_floor)};
    steps = {0.2};
  }
  double f = 0.0;
  // Restarts from the last minimum with smaller steps: a simplex can stall.
  for (const double step : steps) f = nelder_mead_minimum(nll, x, {step, 0.5 * step, step, step}, 2000);
  unpack(x, e);
  e.neg_log_likelihood = f;
  e.thickness_A = 2.0 * kZ95 * e.sigma_A;
  e.found = std::isfinite(e.thickness_A) && e.sigma_A > 1e-3 && e.sigma_A < 50.0;
  return e;
}

}  // namespace aet::analysis
