#include "core/atom_model.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "core/error.hpp"

namespace aet {
namespace {

TEST(AtomModel, ColumnsGrowWithAtoms) {
  AtomModel m;
  m.add_atom("Pt", {0, 0, 0});
  m.add_column("grain", ColumnType::Int);
  m.add_column("strain", ColumnType::Real, 6);
  m.add_atom("Pd", {1, 2, 3});
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m.column("grain").rows(), 2u);
  EXPECT_EQ(m.column("strain").reals.size(), 12u);
  m.set_integer("grain", 1, 4);
  m.set_real("strain", 1, 0.01, 5);
  EXPECT_EQ(m.integer("grain", 1), 4);
  EXPECT_EQ(m.real("strain", 1, 5), 0.01);
  EXPECT_EQ(m.count("Pd"), 1u);
  EXPECT_EQ(m.distinct_species(), (std::vector<std::string>{"Pd", "Pt"}));
  EXPECT_NO_THROW(m.validate("m"));
}

TEST(AtomModel, BadAccessIsAnError) {
  AtomModel m;
  m.add_atom("Pt", {0, 0, 0});
  EXPECT_THROW(m.column("absent"), Error);
  m.add_column("x", ColumnType::Real, 2);
  EXPECT_THROW(m.real("x", 0, 2), Error);
  EXPECT_THROW(m.real("x", 1, 0), Error);
  EXPECT_THROW(m.integer("x", 0), Error);
  EXPECT_THROW(m.add_column("pos", ColumnType::Real), Error);
}

TEST(AtomModel, ValidateRejectsNonFinitePositions) {
  AtomModel m;
  m.add_atom("Pt", {0, std::numeric_limits<double>::quiet_NaN(), 0});
  EXPECT_THROW(m.validate("m"), Error);
}

TEST(AtomModel, BoolColumnStoresZeroOrOne) {
  AtomModel m;
  m.add_atom("Pt", {0, 0, 0});
  m.add_column("flag", ColumnType::Bool);
  m.set_integer("flag", 0, 7);
  EXPECT_EQ(m.integer("flag", 0), 1);
}

TEST(AtomModel, SubsetKeepsColumnsAndMetadata) {
  AtomModel m;
  m.add_atom("Pt", Vec3(0, 0, 0));
  m.add_atom("Pd", Vec3(1, 0, 0));
  m.add_atom("Pt", Vec3(2, 0, 0));
  m.add_column("peak", ColumnType::Real);
  m.add_column("grain", ColumnType::Int);
  m.add_column("v", ColumnType::Real, 2);
  for (std::size_t a = 0; a < 3; ++a) {
    m.set_real("peak", a, 10.0 + double(a));
    m.set_integer("grain", a, std::int64_t(a));
    m.set_real("v", a, -double(a), 1);
  }
  m.metadata().set("seed", "5");
  const AtomModel s = m.subset({2, 0});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.species(), (std::vector<std::string>{"Pt", "Pt"}));
  EXPECT_EQ(s.positions()[0], Vec3(2, 0, 0));
  EXPECT_EQ(s.real("peak", 0), 12.0);
  EXPECT_EQ(s.integer("grain", 1), 0);
  EXPECT_EQ(s.real("v", 0, 1), -2.0);
  EXPECT_EQ(s.metadata(), m.metadata());
  EXPECT_EQ(m.subset({0, 1, 2}), m);
  EXPECT_THROW(m.subset({3}), Error);
}

}  // namespace
}  // namespace aet
