#include "core/optimize.hpp"

#include <algorithm>
#include <cmath>

namespace aet {

double nelder_mead_minimum(const std::function<double(const std::vector<double>&)>& f, std::vector<double>& x,
                           const std::vector<double>& step, int max_evals) {
  const std::size_t n = x.size();
  std::vector<std::vector<double>> s(n + 1, x);
  std::vector<double> fv(n + 1);
  for (std::size_t i = 0; i < n; ++i) s[i + 1][i] += step[i];
  for (std::size_t i = 0; i <= n; ++i) fv[i] = f(s[i]);
  int evals = int(n + 1);
  std::vector<std::size_t> order(n + 1);
  while (evals < max_evals) {
    for (std::size_t i = 0; i <= n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fv[a] < fv[b]; });
    std::vector<std::vector<double>> s2(n + 1);
    std::vector<double> f2(n + 1);
    for (std::size_t i = 0; i <= n; ++i) s2[i] = s[order[i]], f2[i] = fv[order[i]];
    s.swap(s2);
    fv.swap(f2);
    if (std::fabs(fv[n] - fv[0]) < 1e-10 * (1.0 + std::fabs(fv[0]))) break;
    std::vector<double> c(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < n; ++k) c[k] += s[i][k] / double(n);
    const auto along = [&](double t) {
      std::vector<double> q(n);
      for (std::size_t k = 0; k < n; ++k) q[k] = c[k] + t * (s[n][k] - c[k]);
      return q;
    };
    const auto xr = along(-1.0);
    const double fr = f(xr);
    ++evals;
    if (fr < fv[0]) {
      const auto xe = along(-2.0);
      const double fe = f(xe);
      ++evals;
      if (fe < fr) s[n] = xe, fv[n] = fe;
      else s[n] = xr, fv[n] = fr;
    } else if (fr < fv[n - 1]) {
      s[n] = xr, fv[n] = fr;
    } else {
      const auto xc = along(fr < fv[n] ? -0.5 : 0.5);
      const double fc = f(xc);
      ++evals;
      if (fc < std::min(fr, fv[n])) {
        s[n] = xc, fv[n] = fc;
      } else {
        for (std::size_t i = 1; i <= n; ++i) {
          for (std::size_t k = 0; k < n; ++k) s[i][k] = s[0][k] + 0.5 * (s[i][k] - s[0][k]);
          fv[i] = f(s[i]);
          ++evals;
        }
      }
    }
  }
  const std::size_t best = std::size_t(std::min_element(fv.begin(), fv.end()) - fv.begin());
  x = s[best];
  return fv[best];
}

}  // namespace aet
