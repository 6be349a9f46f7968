#include "core/metadata.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace aet {
namespace {

TEST(Metadata, NumbersRoundTripExactly) {
  Metadata m;
  m.set("dose", 6.4e5);
  m.set("r", 0.1 + 0.2);  // not representable in short decimal: needs 17 digits
  m.set("seed", std::uint64_t(18446744073709551615ull));
  m.set("n", 67);
  m.set("history", std::vector<double>{0.5, 0.25, 1.0 / 3.0});
  EXPECT_EQ(m.get_double("dose"), 6.4e5);
  EXPECT_EQ(m.get_double("r"), 0.1 + 0.2);
  EXPECT_EQ(*m.get("seed"), "18446744073709551615");
  EXPECT_EQ(m.get_int("n"), 67);
  EXPECT_EQ(m.get_doubles("history"), (std::vector<double>{0.5, 0.25, 1.0 / 3.0}));
}

TEST(Metadata, MissingOrTextIsAnError) {
  Metadata m;
  m.set("kV", "three hundred");
  EXPECT_THROW(m.get_double("kV"), Error);
  EXPECT_THROW(m.get_double("absent"), Error);
  EXPECT_FALSE(m.get("absent").has_value());
}

TEST(Metadata, KeysAreSorted) {
  Metadata m;
  m.set("b", 1);
  m.set("a", 2);
  EXPECT_EQ(m.begin()->first, "a");
}

}  // namespace
}  // namespace aet
