#pragma once
// The tiny case's acceptance check (docs/conventions.md): every true atom
// has a traced atom within 0.3 Å with its species. Mirrored, transposed or
// one-pixel-shifted frames miss by >= 0.4 Å.
#include <gtest/gtest.h>

#include "core/xyz.hpp"
#include "test_util.hpp"

namespace aet::test {

inline void expect_tiny_case_atoms(const AtomModel& got) {
  const AtomModel truth = read_xyz(data_dir() / "conventions/tiny_truth.xyz");
  ASSERT_EQ(got.size(), truth.size());
  for (std::size_t a = 0; a < truth.size(); ++a) {
    std::size_t best = 0;
    for (std::size_t b = 1; b < got.size(); ++b)
      if ((got.positions()[b] - truth.positions()[a]).norm() < (got.positions()[best] - truth.positions()[a]).norm())
        best = b;
    EXPECT_LT((got.positions()[best] - truth.positions()[a]).norm(), 0.3) << "truth atom " << a;
    EXPECT_EQ(got.species()[best], truth.species()[a]) << "truth atom " << a;
  }
}

}  // namespace aet::test
