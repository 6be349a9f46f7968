#pragma once
// Facets: surface atoms classified by coordination, after the paper's
// observation that {111} facet atoms have CN 9, {100} facet atoms CN 8 and
// edges and corners fewer. Atoms with CN >= 10 are bulk (or subsurface).
#include <array>
#include <string>
#include <vector>

#include "analysis/coordination.hpp"

namespace aet::analysis {

enum class SurfaceSite : int { Bulk = 0, Facet111 = 1, Facet100 = 2, Edge = 3, Corner = 4 };
std::string to_string(SurfaceSite site);

struct FacetReport {
  std::vector<SurfaceSite> site;
  /// Atoms per SurfaceSite, in enum order.
  std::array<std::size_t, 5> counts{};
};

/// CN >= 10 bulk, 9 {111}, 8 {100}, 6-7 edge, <= 5 corner.
FacetReport classify_surface(const Coordination& coordination);

}  // namespace aet::analysis
