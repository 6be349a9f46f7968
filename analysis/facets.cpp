#include "analysis/facets.hpp"

namespace aet::analysis {

std::string to_string(SurfaceSite site) {
  switch (site) {
    case SurfaceSite::Bulk: return "bulk";
    case SurfaceSite::Facet111: return "facet111";
    case SurfaceSite::Facet100: return "facet100";
    case SurfaceSite::Edge: return "edge";
    case SurfaceSite::Corner: return "corner";
  }
  return "bulk";
}

FacetReport classify_surface(const Coordination& coordination) {
  FacetReport r;
  r.site.reserve(coordination.cn.size());
  for (const int cn : coordination.cn) {
    SurfaceSite s = SurfaceSite::Bulk;
    if (cn >= 10) s = SurfaceSite::Bulk;
    else if (cn == 9) s = SurfaceSite::Facet111;
    else if (cn == 8) s = SurfaceSite::Facet100;
    else if (cn >= 6) s = SurfaceSite::Edge;
    else s = SurfaceSite::Corner;
    r.site.push_back(s);
    ++r.counts[static_cast<std::size_t>(s)];
  }
  return r;
}

}  // namespace aet::analysis
