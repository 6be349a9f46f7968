#pragma once
// Chemical elements by symbol: atomic number Z (1-92).
#include <string>
#include <vector>

namespace aet {

/// Atomic number of an element symbol ("Pt" → 78). Throws aet::Error for an
/// unknown symbol.
int atomic_number(const std::string& symbol);
/// True when `symbol` is a known element (H to U).
bool is_element(const std::string& symbol);
/// The symbols sorted by atomic number, lightest first ("Pt,Pd" → Pd, Pt).
/// Throws aet::Error for unknown or repeated symbols.
std::vector<std::string> sort_by_atomic_number(std::vector<std::string> symbols);

}  // namespace aet
