#include "core/xyz.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

AtomModel parse(const std::string& text) {
  std::istringstream in(text);
  return parse_xyz(in, "t.xyz");
}

TEST(Xyz, ReadsExtendedColumnsAndMetadata) {
  const auto m = parse(
      "2\n"
      "Properties=species:S:1:pos:R:3:grain:I:1:twin:L:1:strain:R:2 seed=7 note=\"two words\"\n"
      "Pt 0 0 0 3 T 0.01 nan\n"
      "Pd 1.5 -2 3e-1 4 F -0.02 0\n");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m.species()[1], "Pd");
  EXPECT_EQ(m.positions()[1], Vec3(1.5, -2, 0.3));
  EXPECT_EQ(m.integer("grain", 1), 4);
  EXPECT_EQ(m.integer("twin", 0), 1);
  EXPECT_EQ(m.real("strain", 1, 0), -0.02);
  EXPECT_TRUE(std::isnan(m.real("strain", 0, 1)));  // NaN = not defined, allowed in extra columns
  EXPECT_EQ(*m.metadata().get("seed"), "7");
  EXPECT_EQ(*m.metadata().get("note"), "two words");
}

TEST(Xyz, ReadsPlainXyz) {
  const auto m = parse("1\nsome free comment\nAu 1 2 3\n");
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(*m.metadata().get("comment"), "some free comment");
}

TEST(Xyz, RoundTripIsExactToTheMicroAngstrom) {
  test::TempDir dir;
  AtomModel m;
  m.add_atom("Pt", {1.0 / 3.0, -2.5, 10.123456});
  m.add_atom("Pd", {0, 0, -0.000001});
  m.add_column("strain", ColumnType::Real, 6);
  m.add_column("grain", ColumnType::Int);
  m.add_column("axis", ColumnType::Bool);
  m.add_column("label", ColumnType::String);
  m.set_real("strain", 0, 1.0 / 7.0, 3);
  m.set_integer("grain", 1, -1);
  m.set_integer("axis", 0, 1);
  m.column("label").strings = {"core", "shell"};
  m.metadata().set("seed", 42);
  m.metadata().set("title", "Pd@Pt \"PB\" preset");
  write_xyz(dir / "m.xyz", m);
  const AtomModel r = read_xyz(dir / "m.xyz");
  ASSERT_EQ(r.size(), 2u);
  for (std::size_t a = 0; a < 2; ++a)
    EXPECT_TRUE((r.positions()[a] - m.positions()[a]).cwiseAbs().maxCoeff() <= 5e-7);  // 6 decimals
  EXPECT_EQ(r.species(), m.species());
  EXPECT_EQ(r.column("strain"), m.column("strain"));  // reals are written round-trip exact
  EXPECT_EQ(r.column("grain"), m.column("grain"));
  EXPECT_EQ(r.column("axis"), m.column("axis"));
  EXPECT_EQ(r.column("label"), m.column("label"));
  EXPECT_EQ(r.metadata(), m.metadata());
  // Same model, same bytes.
  write_xyz(dir / "n.xyz", m);
  EXPECT_EQ(test::read_text(dir / "m.xyz"), test::read_text(dir / "n.xyz"));
}

TEST(Xyz, ReadsTheSharedTinyTruth) {
  const auto path = test::data_dir() / "conventions/tiny_truth.xyz";
  AET_REQUIRE_DATA(path);
  const auto m = read_xyz(path);
  EXPECT_EQ(m.size(), 6u);
  EXPECT_EQ(m.count("Pd"), 2u);
  EXPECT_EQ(m.positions()[4], Vec3(-4.0, -2.0, 1.5));
}

void expect_error(const std::string& text, const std::string& fragment) {
  try {
    parse(text);
    ADD_FAILURE() << "no error for: " << text;
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("t.xyz"), std::string::npos) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
  }
}

TEST(Xyz, RejectsBadInput) {
  const std::string head = "2\nProperties=species:S:1:pos:R:3\n";
  expect_error(head + "Pt 0 0 nan\nPt 1 1 1\n", "line 3: coordinate is not finite");
  expect_error(head + "Pt 0 0 inf\nPt 1 1 1\n", "not finite");
  expect_error(head + "Pt 0 0 0\n", "file ends after 1 of 2 atoms");
  expect_error(head + "Pt 0 0 0\nPt 1 1 1\nPt 2 2 2\n", "more lines than the 2 atoms");
  expect_error(head + "Pt 0 0\nPt 1 1 1\n", "line 3: 3 columns, expected 4");
  expect_error(head + "Pt 0 0 x\nPt 1 1 1\n", "'x' is not a number");
  expect_error(head + "12 0 0 0\nPt 1 1 1\n", "not an element symbol");
  expect_error("two\nx\n", "atom count");
  expect_error("-1\nx\n", "out of range");
  expect_error("", "empty file");
  expect_error("1\n", "comment line");
  expect_error("1\nProperties=pos:R:3:species:S:1\n0 0 0 Pt\n", "must start with species:S:1:pos:R:3");
  expect_error("1\nProperties=species:S:1:pos:R:3:g:Q:1\nPt 0 0 0 1\n", "unknown type");
  expect_error("1\nProperties=species:S:1:pos:R:3:g:I:1\nPt 0 0 0 1.5\n", "not an integer");
  expect_error("1\nProperties=species:S:1:pos:R:3:g:L:1\nPt 0 0 0 maybe\n", "not T or F");
}

TEST(Xyz, WriteRefusesBadModelsAndLeavesNoFile) {
  test::TempDir dir;
  AtomModel m;
  m.add_atom("Pt", {0, std::numeric_limits<double>::quiet_NaN(), 0});
  EXPECT_THROW(write_xyz(dir / "m.xyz", m), Error);
  AtomModel n;
  n.add_atom("P t", {0, 0, 0});
  EXPECT_THROW(write_xyz(dir / "n.xyz", n), Error);
  EXPECT_EQ(dir.file_count(), 0u);
  EXPECT_THROW(read_xyz(dir / "missing.xyz"), Error);
}

}  // namespace
}  // namespace aet
