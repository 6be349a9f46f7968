#pragma once
// Bond-orientational order: Steinhardt q_lm over each atom's first-shell
// neighbours, averaged over the atom and its neighbours (Lechner & Dellago,
// J. Chem. Phys. 129, 114707 (2008)) to Q4 and Q6, and the normalised BOO
// sqrt(Q4^2 + Q6^2) / sqrt(Q4fcc^2 + Q6fcc^2) (1 = perfect fcc), as in the
// paper's reference 29 (Yuan et al., Nat. Mater. 21, 95 (2022)).
#include <vector>

#include "core/neighbours.hpp"

namespace aet::analysis {

/// Perfect fcc with its 12 nearest neighbours: Q4 = 0.19094, Q6 = 0.57452.
inline constexpr double kFccQ4 = 0.190941;
inline constexpr double kFccQ6 = 0.574524;

struct BondOrientationalOrder {
  std::vector<double> q4;   ///< averaged Q4 per atom (NaN without neighbours)
  std::vector<double> q6;   ///< averaged Q6 per atom
  std::vector<double> boo;  ///< normalised BOO per atom
  double mean_q4 = 0.0, mean_q6 = 0.0, mean_boo = 0.0;
};

BondOrientationalOrder bond_orientational_order(const std::vector<Vec3>& positions_A, const NeighbourList& neighbours);

namespace detail {
/// Non-averaged Steinhardt q_l of one environment of bond vectors.
double steinhardt_q(int l, const std::vector<Vec3>& bonds);
}  // namespace detail

}  // namespace aet::analysis
