#pragma once
// The interface against a fitted convex polyhedral core (not in the paper;
// analysis/interface_profile.hpp says where it is used).
#include <vector>

#include "analysis/interface_erf_profile.hpp"
#include "core/atom_model.hpp"
#include "core/geometry.hpp"

namespace aet::analysis {

namespace detail {
struct IsoSurface;  // analysis/interface_profile.hpp
}  // namespace detail

/// A convex polyhedral core fitted to the species (not in the paper): the
/// core is {x : n_k . x <= h_k}, an atom's signed distance is
/// max_k (n_k . x - h_k) (exact Euclidean inside; the builders' own
/// distance for faceted cores). The normals n_k are the facets of the 50 %
/// iso-surface (modes of its normal directions, so only flat facets count;
/// the rounding the smoothing puts on edges and corners has no mode), the
/// offsets h_k and the erf profile are fitted together by maximum
/// likelihood. Unlike the iso-surface it keeps the core's edges sharp, so a
/// narrow profile is not widened; it fails (found = false) on a core with
/// no facets (a sphere), where too few modes stand out.
struct PolyhedralCoreFit {
  std::vector<Vec3> normals;        ///< outward unit facet normals
  std::vector<double> offsets_A;    ///< h_k, erf centre at 0
  std::vector<double> atom_distance_A;
  ErfProfileFit fit;
  bool found = false;
};

namespace detail {
/// See PolyhedralCoreFit.
PolyhedralCoreFit fit_polyhedral_core(const AtomModel& model, const IsoSurface& surface);
}  // namespace detail

}  // namespace aet::analysis
