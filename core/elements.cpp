#include "core/elements.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "core/error.hpp"

namespace aet {

namespace {
constexpr std::array<std::string_view, 92> kSymbols{
    "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",  "Cl", "Ar", "K",
    "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr",
    "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La",
    "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re", "Os",
    "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U"};

int find(const std::string& symbol) {
  const auto it = std::find(kSymbols.begin(), kSymbols.end(), symbol);
  return it == kSymbols.end() ? 0 : int(it - kSymbols.begin()) + 1;
}
}  // namespace

bool is_element(const std::string& symbol) { return find(symbol) != 0; }

int atomic_number(const std::string& symbol) {
  const int z = find(symbol);
  if (z == 0) throw Error(fmt::format("'{}' is not an element symbol (H to U)", symbol));
  return z;
}

std::vector<std::string> sort_by_atomic_number(std::vector<std::string> symbols) {
  for (const auto& s : symbols) atomic_number(s);
  std::sort(symbols.begin(), symbols.end(),
            [](const std::string& a, const std::string& b) { return atomic_number(a) < atomic_number(b); });
  if (std::adjacent_find(symbols.begin(), symbols.end()) != symbols.end())
    throw Error("species list names an element twice");
  return symbols;
}

}  // namespace aet
