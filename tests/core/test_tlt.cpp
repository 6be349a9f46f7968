#include "core/tlt.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/io.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

TEST(Tlt, ParsesOnePerLineSkippingBlanks) {
  const auto a = parse_tlt("-60.0\n  -57 \r\n\n+3.5\n", "t");
  EXPECT_EQ(a, (std::vector<double>{-60.0, -57.0, 3.5}));
}

TEST(Tlt, RejectsGarbageNaNAndTwoPerLine) {
  EXPECT_THROW(parse_tlt("1\nabc\n", "t"), Error);
  EXPECT_THROW(parse_tlt("1\nnan\n", "t"), Error);
  EXPECT_THROW(parse_tlt("1 2\n", "t"), Error);
  EXPECT_THROW(parse_tlt("", "t"), Error);
  EXPECT_THROW(parse_tlt("400\n", "t"), Error);
  try {
    parse_tlt("1\n2\nx\n", "a.tlt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("a.tlt: line 3"), std::string::npos) << e.what();
  }
}

TEST(Tlt, RoundTripsExactly) {
  test::TempDir dir;
  const std::vector<double> angles{-76.0, -0.1, 1.0 / 3.0, 76.0};
  write_tlt(dir / "a.tlt", angles);
  EXPECT_EQ(read_tlt(dir / "a.tlt"), angles);
}

TEST(Tlt, CountMismatchAndMissingFile) {
  test::TempDir dir;
  write_tlt(dir / "a.tlt", {1, 2, 3});
  EXPECT_THROW(read_tlt(dir / "a.tlt", 4), Error);
  EXPECT_THROW(read_tlt(dir / "missing.tlt"), Error);
}

TEST(Tlt, ImodRawTltBesideTheStackWhenThereIsNoTlt) {
  test::TempDir dir;
  EXPECT_FALSE(sibling_tlt(dir / "s.mrc"));
  write_tlt(dir / "s.rawtlt", {-3, 0, 3});
  EXPECT_EQ(sibling_tlt(dir / "s.mrc"), dir / "s.rawtlt");
  EXPECT_EQ(file_kind(dir / "s.rawtlt"), FileKind::Tlt);
  write_tlt(dir / "s.tlt", {-3.1, 0, 3.1});  // the aligned angles win
  EXPECT_EQ(sibling_tlt(dir / "s.mrc"), dir / "s.tlt");
}

TEST(Tlt, ReadsTheSharedTinyCase) {
  const auto path = test::data_dir() / "conventions/tiny.tlt";
  AET_REQUIRE_DATA(path);
  const auto a = read_tlt(path);
  ASSERT_EQ(a.size(), 41u);  // -60° to +60° in 3° steps (docs/conventions.md)
  EXPECT_EQ(a.front(), -60.0);
  EXPECT_EQ(a.back(), 60.0);
}

}  // namespace
}  // namespace aet
