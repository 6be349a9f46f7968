#include "core/atom_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.hpp"

namespace aet {

std::size_t AtomColumn::rows() const {
  const std::size_t n = type == ColumnType::Real     ? reals.size()
                        : type == ColumnType::String ? strings.size()
                                                     : ints.size();
  return components > 0 ? n / std::size_t(components) : 0;
}

char column_type_letter(ColumnType type) {
  switch (type) {
    case ColumnType::Real: return 'R';
    case ColumnType::Int: return 'I';
    case ColumnType::Bool: return 'L';
    case ColumnType::String: return 'S';
  }
  return '?';
}

namespace {
void grow(AtomColumn& c, std::size_t atoms) {
  const std::size_t n = atoms * std::size_t(c.components);
  switch (c.type) {
    case ColumnType::Real: c.reals.resize(n, 0.0); break;
    case ColumnType::Int:
    case ColumnType::Bool: c.ints.resize(n, 0); break;
    case ColumnType::String: c.strings.resize(n); break;
  }
}
}  // namespace

void AtomModel::reserve(std::size_t n) {
  positions_.reserve(n);
  species_.reserve(n);
}

void AtomModel::add_atom(const std::string& species, const Vec3& position_A) {
  positions_.push_back(position_A);
  species_.push_back(species);
  for (auto& c : columns_) grow(c, positions_.size());
}

AtomColumn& AtomModel::add_column(const std::string& name, ColumnType type, int components) {
  if (name.empty() || name == "species" || name == "pos")
    throw Error(fmt::format("atom model: '{}' is not a valid column name", name));
  if (components < 1) throw Error(fmt::format("atom model: column '{}' needs >= 1 component", name));
  auto it = std::find_if(columns_.begin(), columns_.end(), [&](const AtomColumn& c) { return c.name == name; });
  if (it == columns_.end()) {
    columns_.push_back({});
    it = columns_.end() - 1;
  }
  *it = AtomColumn{};
  it->name = name;
  it->type = type;
  it->components = components;
  grow(*it, size());
  return *it;
}

const AtomColumn* AtomModel::find(const std::string& name) const {
  for (const auto& c : columns_)
    if (c.name == name) return &c;
  return nullptr;
}

const AtomColumn& AtomModel::column(const std::string& name) const {
  const AtomColumn* c = find(name);
  if (!c) throw Error(fmt::format("atom model has no column '{}'", name));
  return *c;
}

AtomColumn& AtomModel::column(const std::string& name) {
  return const_cast<AtomColumn&>(static_cast<const AtomModel*>(this)->column(name));
}

namespace {
void check_index(const AtomColumn& c, std::size_t atom, int component, std::size_t atoms) {
  if (atom >= atoms || component < 0 || component >= c.components)
    throw Error(fmt::format("atom model: column '{}' has no entry ({}, {})", c.name, atom, component));
}
}  // namespace

double AtomModel::real(const std::string& name, std::size_t atom, int component) const {
  const auto& c = column(name);
  check_index(c, atom, component, size());
  if (c.type == ColumnType::Real) return c.reals[atom * c.components + component];
  if (c.type == ColumnType::String) throw Error(fmt::format("atom model: column '{}' is text", name));
  return static_cast<double>(c.ints[atom * c.components + component]);
}

std::int64_t AtomModel::integer(const std::string& name, std::size_t atom, int component) const {
  const auto& c = column(name);
  check_index(c, atom, component, size());
  if (c.type != ColumnType::Int && c.type != ColumnType::Bool)
    throw Error(fmt::format("atom model: column '{}' is not integer", name));
  return c.ints[atom * c.components + component];
}

void AtomModel::set_real(const std::string& name, std::size_t atom, double value, int component) {
  auto& c = column(name);
  check_index(c, atom, component, size());
  if (c.type != ColumnType::Real) throw Error(fmt::format("atom model: column '{}' is not real", name));
  c.reals[atom * c.components + component] = value;
}

void AtomModel::set_integer(const std::string& name, std::size_t atom, std::int64_t value, int component) {
  auto& c = column(name);
  check_index(c, atom, component, size());
  if (c.type != ColumnType::Int && c.type != ColumnType::Bool)
    throw Error(fmt::format("atom model: column '{}' is not integer", name));
  c.ints[atom * c.components + component] = c.type == ColumnType::Bool ? (value != 0) : value;
}

AtomModel AtomModel::subset(const std::vector<std::size_t>& rows) const {
  AtomModel out;
  out.metadata_ = metadata_;
  out.reserve(rows.size());
  for (std::size_t a : rows) {
    if (a >= size()) throw Error(fmt::format("atom model: row {} out of range ({} atoms)", a, size()));
    out.add_atom(species_[a], positions_[a]);
  }
  for (const AtomColumn& c : columns_) {
    AtomColumn& d = out.add_column(c.name, c.type, c.components);
    const auto m = std::size_t(c.components);
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::size_t q = 0; q < m; ++q) {
        const std::size_t dst = r * m + q, src = rows[r] * m + q;
        if (c.type == ColumnType::Real) d.reals[dst] = c.reals[src];
        else if (c.type == ColumnType::String) d.strings[dst] = c.strings[src];
        else d.ints[dst] = c.ints[src];
      }
  }
  return out;
}

std::size_t AtomModel::count(const std::string& symbol) const {
  return static_cast<std::size_t>(std::count(species_.begin(), species_.end(), symbol));
}

std::vector<std::string> AtomModel::distinct_species() const {
  std::set<std::string> s(species_.begin(), species_.end());
  return {s.begin(), s.end()};
}

void AtomModel::validate(const std::string& what) const {
  if (species_.size() != positions_.size())
    throw Error(fmt::format("{}: {} species for {} positions", what, species_.size(), positions_.size()));
  for (std::size_t a = 0; a < size(); ++a) {
    if (!positions_[a].allFinite()) throw Error(fmt::format("{}: atom {} has a non-finite position", what, a + 1));
    if (species_[a].empty()) throw Error(fmt::format("{}: atom {} has no species", what, a + 1));
  }
  for (const auto& c : columns_) {
    if (c.rows() != size())
      throw Error(fmt::format("{}: column '{}' has {} rows for {} atoms", what, c.name, c.rows(), size()));
  }
}

}  // namespace aet
