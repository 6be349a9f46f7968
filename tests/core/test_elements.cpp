#include "core/elements.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace aet {
namespace {

TEST(Elements, AtomicNumbers) {
  EXPECT_EQ(atomic_number("H"), 1);
  EXPECT_EQ(atomic_number("Pd"), 46);
  EXPECT_EQ(atomic_number("Pt"), 78);
  EXPECT_EQ(atomic_number("U"), 92);
  EXPECT_THROW(atomic_number("Xx"), Error);
  EXPECT_FALSE(is_element("pt"));
}

TEST(Elements, SortsLightestFirst) {
  EXPECT_EQ(sort_by_atomic_number({"Pt", "Pd"}), (std::vector<std::string>{"Pd", "Pt"}));
  EXPECT_THROW(sort_by_atomic_number({"Pt", "Pt"}), Error);
}

}  // namespace
}  // namespace aet
