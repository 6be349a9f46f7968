#include "analysis/bond_orientational_order.hpp"

#include <fmt/format.h>

#include <cmath>
#include <complex>
#include <limits>

#include "core/error.hpp"

namespace aet::analysis {

namespace {

using cd = std::complex<double>;

/// q_lm for m = 0..l (negative m follow from q_l,-m = (-1)^m conj(q_lm)).
void qlm(int l, const std::vector<Vec3>& bonds, cd* out) {
  for (int m = 0; m <= l; ++m) out[m] = 0.0;
  if (bonds.empty()) return;
  for (const auto& b : bonds) {
    const double r = b.norm();
    const double theta = std::acos(std::clamp(b.z() / r, -1.0, 1.0));
    const double phi = std::atan2(b.y(), b.x());
    for (int m = 0; m <= l; ++m)
      out[m] += std::sph_legendre(unsigned(l), unsigned(m), theta) * std::polar(1.0, m * phi);
  }
  for (int m = 0; m <= l; ++m) out[m] /= double(bonds.size());
}

double ql_from(int l, const cd* q) {
  double s = std::norm(q[0]);
  for (int m = 1; m <= l; ++m) s += 2.0 * std::norm(q[m]);
  return std::sqrt(4.0 * kPi / (2.0 * l + 1.0) * s);
}

}  // namespace

double detail::steinhardt_q(int l, const std::vector<Vec3>& bonds) {
  std::vector<cd> q(std::size_t(l) + 1);
  qlm(l, bonds, q.data());
  return ql_from(l, q.data());
}

BondOrientationalOrder bond_orientational_order(const std::vector<Vec3>& positions_A, const NeighbourList& neighbours) {
  if (neighbours.size() != positions_A.size())
    throw Error(fmt::format("bond orientational order: neighbour list has {} atoms, model {}", neighbours.size(),
                            positions_A.size()));
  const std::size_t n = positions_A.size();
  // Per-atom q_4m (5 values) and q_6m (7 values).
  std::vector<cd> q4(n * 5), q6(n * 7);
  const auto sn = static_cast<std::ptrdiff_t>(n);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t si = 0; si < sn; ++si) {
    const auto i = std::size_t(si);
    std::vector<Vec3> bonds;
    bonds.reserve(neighbours[i].size());
    for (const auto& nb : neighbours[i]) bonds.push_back(positions_A[nb.atom] - positions_A[i]);
    qlm(4, bonds, &q4[i * 5]);
    qlm(6, bonds, &q6[i * 7]);
  }
  BondOrientationalOrder r;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.q4.assign(n, nan);
  r.q6.assign(n, nan);
  r.boo.assign(n, nan);
  const double fcc = std::hypot(kFccQ4, kFccQ6);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t si = 0; si < sn; ++si) {
    const auto i = std::size_t(si);
    if (neighbours[i].empty()) continue;
    cd a4[5], a6[7];
    for (int m = 0; m < 5; ++m) a4[m] = q4[i * 5 + std::size_t(m)];
    for (int m = 0; m < 7; ++m) a6[m] = q6[i * 7 + std::size_t(m)];
    for (const auto& nb : neighbours[i]) {
      for (int m = 0; m < 5; ++m) a4[m] += q4[nb.atom * 5 + std::size_t(m)];
      for (int m = 0; m < 7; ++m) a6[m] += q6[nb.atom * 7 + std::size_t(m)];
    }
    const double w = 1.0 / double(neighbours[i].size() + 1);
    for (auto& v : a4) v *= w;
    for (auto& v : a6) v *= w;
    r.q4[i] = ql_from(4, a4);
    r.q6[i] = ql_from(6, a6);
    r.boo[i] = std::hypot(r.q4[i], r.q6[i]) / fcc;
  }
  double s4 = 0, s6 = 0, sb = 0;
  std::size_t cnt = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(r.q4[i])) {
      s4 += r.q4[i];
      s6 += r.q6[i];
      sb += r.boo[i];
      ++cnt;
    }
  if (cnt) {
    r.mean_q4 = s4 / double(cnt);
    r.mean_q6 = s6 / double(cnt);
    r.mean_boo = sb / double(cnt);
  }
  return r;
}

}  // namespace aet::analysis
