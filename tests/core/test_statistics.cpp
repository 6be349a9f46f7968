// Order statistics: the one median every layer uses.
#include "core/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace aet {
namespace {

TEST(Median, OddCountIsTheMiddleValue) { EXPECT_EQ(median(std::vector<double>{5, 1, 3}), 3.0); }

TEST(Median, EvenCountIsTheUpperMiddleValue) {
  // Rank n/2 of {1, 2, 3, 4} is 3: no averaging, so the median is a sample.
  EXPECT_EQ(median(std::vector<float>{4, 1, 3, 2}), 3.0f);
}

TEST(Median, EmptyIsNaN) { EXPECT_TRUE(std::isnan(median(std::vector<double>{}))); }

}  // namespace
}  // namespace aet
