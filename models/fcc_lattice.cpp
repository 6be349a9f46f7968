#include "models/fcc_lattice.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/metadata.hpp"

namespace aet::models {

std::vector<FccSite> fcc_sites_in_cube(int n) {
  std::vector<FccSite> sites;
  if (n < 0) return sites;
  const std::size_t side = std::size_t(2 * n + 1);
  sites.reserve(side * side * side / 2 + 1);
  for (int i = -n; i <= n; ++i)
    for (int j = -n; j <= n; ++j)
      for (int k = -n; k <= n; ++k)
        if (((i + j + k) & 1) == 0) sites.push_back({i, j, k});
  return sites;
}

double fcc_nearest_neighbour_A(double a) { return a / std::sqrt(2.0); }
double fcc_spacing_111_A(double a) { return a / std::sqrt(3.0); }
double fcc_spacing_100_A(double a) { return a / 2.0; }

int plane_index_limit(double d, double unit) {
  constexpr int kNone = 1 << 20;
  const double n = std::floor(d / unit + 1e-9);
  return n >= double(kNone) ? kNone : int(n);
}

void validate_lattice(double a) {
  if (!std::isfinite(a) || a < 3.0 || a > 5.0)
    throw Error("lattice constant must be between 3 and 5 Å (Pd 3.89, Pt 3.92), got " + format_double(a));
}

}  // namespace aet::models
