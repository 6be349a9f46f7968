#include "analysis/interface_erf_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/optimize.hpp"

namespace aet::analysis {

namespace {
constexpr double kZ95 = 1.6448536269514722;  // standard normal 95 % quantile

/// - sum of term(i) over the atoms with a finite distance, in index order.
/// A fit evaluates this thousands of times on up to every atom (erfc and a
/// log each): the terms of a large set are computed in parallel, the sum is
/// still taken in index order, so the result is the same for any thread
/// count.
template <class Term>
double ordered_negative_sum(const std::vector<double>& distance_A, const Term& term) {
  const std::size_t n = distance_A.size();
  double sum = 0.0;
  constexpr std::size_t kParallelFrom = 4096;  // below this, threads cost more than they save
  if (n < kParallelFrom) {
    for (std::size_t i = 0; i < n; ++i)
      if (std::isfinite(distance_A[i])) sum -= term(i);
    return sum;
  }
  static thread_local std::vector<double> buffer;
  buffer.resize(n);
  double* t = buffer.data();  // the calling thread's buffer, shared with the team
  const auto sn = static_cast<std::ptrdiff_t>(n);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t si = 0; si < sn; ++si) {
    const auto i = std::size_t(si);
    if (std::isfinite(distance_A[i])) t[i] = term(i);
  }
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(distance_A[i])) sum -= t[i];
  return sum;
}

}  // namespace

double detail::erf_profile_nll(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                               const ErfProfileFit& f) {
  const double scale = 1.0 / (f.sigma_A * std::sqrt(2.0));
  return ordered_negative_sum(
      distance_A, [&](std::size_t i) { return erf_profile_log_likelihood(distance_A[i], is_pd[i] != 0, f, scale); });
}

void detail::count_profile_ends(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                                ErfProfileFit& f) {
  f.atoms_upper_end = f.atoms_lower_end = f.pt_upper_end = f.pd_lower_end = 0;
  if (!f.found) return;
  const double upper = f.centre_A - kZ95 * f.sigma_A, lower = f.centre_A + kZ95 * f.sigma_A;
  for (std::size_t i = 0; i < distance_A.size(); ++i) {
    if (!std::isfinite(distance_A[i])) continue;
    if (std::fabs(distance_A[i] - upper) <= kEndWindowA) {
      ++f.atoms_upper_end;
      f.pt_upper_end += !is_pd[i];
    }
    if (std::fabs(distance_A[i] - lower) <= kEndWindowA) {
      ++f.atoms_lower_end;
      f.pd_lower_end += is_pd[i];
    }
  }
}

namespace {

double mixture_nll(const std::vector<double>& d, const std::vector<std::uint8_t>& y, const std::vector<double>& eps,
                   const ErfProfileFit& f) {
  const double scale = 1.0 / (f.sigma_A * std::sqrt(2.0));
  // d holds finite distances only (fit_impl keeps those).
  return ordered_negative_sum(d, [&](std::size_t i) {
    const double erf_part = 0.5 * std::erfc((d[i] - f.centre_A) * scale);
    const double p = std::clamp(f.pd_floor + (1.0 - f.pd_floor - f.pt_floor) * erf_part, 1e-12, 1.0 - 1e-12);
    return std::log(0.5 * eps[i] + (1.0 - eps[i]) * (y[i] ? p : 1.0 - p));
  });
}

/// The ML fit, each atom's label a wrong one with prior probability
/// outlier[i] (either label then equally likely); empty: none.
ErfProfileFit fit_impl(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                       const std::vector<double>& outlier, const ErfProfileFit* start) {
  if (distance_A.size() != is_pd.size())
    throw Error(fmt::format("erf profile fit: {} distances for {} atoms", distance_A.size(), is_pd.size()));
  ErfProfileFit e;
  std::vector<double> d, eps;
  std::vector<std::uint8_t> y;
  for (std::size_t i = 0; i < distance_A.size(); ++i)
    if (std::isfinite(distance_A[i])) {
      d.push_back(distance_A[i]), y.push_back(is_pd[i]);
      if (!outlier.empty()) eps.push_back(outlier[i]);
    }
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
    return eps.empty() ? detail::erf_profile_nll(d, y, f) : mixture_nll(d, y, eps, f);
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

}  // namespace

ErfProfileFit detail::fit_erf_profile(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                                      const ErfProfileFit* start) {
  return fit_impl(distance_A, is_pd, {}, start);
}

ErfProfileFit detail::fit_erf_profile_robust(const std::vector<double>& distance_A,
                                             const std::vector<std::uint8_t>& is_pd,
                                             const std::vector<std::uint8_t>& outermost, double surface_outlier) {
  if (outermost.size() != distance_A.size())
    throw Error(fmt::format("erf profile fit: {} surface flags for {} atoms", outermost.size(), distance_A.size()));
  if (!(surface_outlier >= 0.0 && surface_outlier < 1.0))
    throw Error(fmt::format("erf profile fit: surface outlier probability must be in [0, 1), got {}", surface_outlier));
  std::vector<double> eps(distance_A.size(), 0.0);
  for (std::size_t i = 0; i < eps.size(); ++i)
    if (outermost[i]) eps[i] = surface_outlier;
  const ErfProfileFit plain = fit_impl(distance_A, is_pd, {}, nullptr);
  ErfProfileFit f = fit_impl(distance_A, is_pd, eps, plain.found ? &plain : nullptr);
  if (!f.found) f = fit_impl(distance_A, is_pd, eps, nullptr);
  // Wrong labels: outermost atoms more likely outliers than not.
  if (f.found) {
    const double scale = 1.0 / (f.sigma_A * std::sqrt(2.0));
    for (std::size_t i = 0; i < eps.size(); ++i) {
      if (eps[i] <= 0.0 || !std::isfinite(distance_A[i])) continue;
      const double p = f.pd_floor + (1.0 - f.pd_floor - f.pt_floor) * 0.5 * std::erfc((distance_A[i] - f.centre_A) * scale);
      const double like = is_pd[i] ? p : 1.0 - p;
      if (0.5 * eps[i] > (1.0 - eps[i]) * like) f.outliers.push_back(i);
    }
  }
  count_profile_ends(distance_A, is_pd, f);
  return f;
}

}  // namespace aet::analysis
