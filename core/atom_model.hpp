#pragma once
// An atom model: positions in Å (volume-centre frame), element symbols, and
// optional named per-atom columns (grain id, flags, intensity, strain...),
// each of one type and a fixed number of components, like the columns of an
// extended-XYZ Properties line.
#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "core/metadata.hpp"

namespace aet {

enum class ColumnType { Real, Int, Bool, String };

/// One named per-atom column; values are atom-major (atom a, component c at a*components+c).
struct AtomColumn {
  std::string name;
  ColumnType type = ColumnType::Real;
  int components = 1;
  std::vector<double> reals;         // Real
  std::vector<std::int64_t> ints;    // Int and Bool (0/1)
  std::vector<std::string> strings;  // String
  std::size_t rows() const;
  bool operator==(const AtomColumn&) const = default;
};

class AtomModel {
 public:
  std::size_t size() const { return positions_.size(); }
  bool empty() const { return positions_.empty(); }

  /// Appends an atom; every existing column grows by a default value (0, false, "").
  void add_atom(const std::string& species, const Vec3& position_A);
  void reserve(std::size_t n);

  const std::vector<Vec3>& positions() const { return positions_; }
  std::vector<Vec3>& positions() { return positions_; }
  const std::vector<std::string>& species() const { return species_; }
  std::vector<std::string>& species() { return species_; }

  /// Adds (or replaces) a column filled with default values; returns it.
  AtomColumn& add_column(const std::string& name, ColumnType type, int components = 1);
  bool has_column(const std::string& name) const { return find(name) != nullptr; }
  /// Throws aet::Error naming the column when absent or of another type.
  const AtomColumn& column(const std::string& name) const;
  AtomColumn& column(const std::string& name);
  const std::vector<AtomColumn>& columns() const { return columns_; }

  double real(const std::string& name, std::size_t atom, int component = 0) const;
  std::int64_t integer(const std::string& name, std::size_t atom, int component = 0) const;
  void set_real(const std::string& name, std::size_t atom, double value, int component = 0);
  void set_integer(const std::string& name, std::size_t atom, std::int64_t value, int component = 0);

  /// The atoms at `rows` (in that order) with all their columns and this
  /// model's metadata. Throws aet::Error for a row out of range.
  AtomModel subset(const std::vector<std::size_t>& rows) const;

  /// Count of atoms whose species is `symbol`.
  std::size_t count(const std::string& symbol) const;
  /// Species present, sorted, each once.
  std::vector<std::string> distinct_species() const;

  /// Throws aet::Error (prefixed by `what`) on non-finite positions, empty
  /// species symbols or columns whose length does not match the atom count.
  /// NaN is allowed in extra real columns: it means "not defined for this
  /// atom" (e.g. the true strain where the construction defines none).
  void validate(const std::string& what) const;

  Metadata& metadata() { return metadata_; }
  const Metadata& metadata() const { return metadata_; }

  bool operator==(const AtomModel&) const = default;

 private:
  const AtomColumn* find(const std::string& name) const;
  std::vector<Vec3> positions_;
  std::vector<std::string> species_;
  std::vector<AtomColumn> columns_;
  Metadata metadata_;
};

/// Name of a column type as an extended-XYZ letter (R, I, L, S).
char column_type_letter(ColumnType type);

}  // namespace aet
