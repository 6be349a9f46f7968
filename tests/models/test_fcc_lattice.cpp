#include "models/fcc_lattice.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "test_util.hpp"

namespace aet::models {
namespace {

TEST(FccLattice, CubeHoldsTheEvenSites) {
  // A cube of side 2n+1 holds ((2n+1)^3 + 1) / 2 sites of even i+j+k (the
  // origin's parity class is the larger one): 63 for n = 2.
  const auto sites = fcc_sites_in_cube(2);
  EXPECT_EQ(sites.size(), 63u);
  for (const auto& s : sites) EXPECT_EQ((s.i + s.j + s.k) % 2, 0);
  EXPECT_EQ(fcc_sites_in_cube(0).size(), 1u);
}

TEST(FccLattice, DistancesAndSpacings) {
  // a/sqrt2 for the mean Pd/Pt lattice 3.905 Å: 2.7612 Å, inside the paper's
  // 2.75-2.78 Å window of mean bond lengths.
  const double nn = fcc_nearest_neighbour_A(kMeanLattice_A);
  EXPECT_TRUE(test::near(nn, 3.905 / std::sqrt(2.0), 1e-12));
  EXPECT_GE(nn, 2.75);
  EXPECT_LE(nn, 2.78);
  EXPECT_TRUE(test::near(fcc_spacing_111_A(3.905), 2.2545, 1e-4));
  EXPECT_TRUE(test::near(fcc_spacing_100_A(3.905), 1.9525, 1e-12));
}

TEST(FccLattice, PlaneIndexLimitSnapsInwards) {
  EXPECT_EQ(plane_index_limit(10.0, 2.0), 5);    // exactly on a plane: kept
  EXPECT_EQ(plane_index_limit(9.99, 2.0), 4);
  EXPECT_EQ(plane_index_limit(std::numeric_limits<double>::infinity(), 2.0), 1 << 20);
}

TEST(FccLattice, RejectsAbsurdLatticeConstants) {
  EXPECT_THROW(validate_lattice(-3.9), Error);
  EXPECT_THROW(validate_lattice(std::nan("")), Error);
  EXPECT_NO_THROW(validate_lattice(kPtLattice_A));
}

}  // namespace
}  // namespace aet::models
