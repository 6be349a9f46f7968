#pragma once
// The erf profile of the core-shell interface (not in the paper): a
// maximum-likelihood fit of the builder's profile family to per-atom
// (signed distance to a core surface, is Pd) pairs, used against the
// iso-surface, the clean-Pd core and the polyhedral core
// (analysis/interface_profile.hpp).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace aet::analysis {

/// Maximum-likelihood fit of the erf profile family to per-atom
/// (signed distance d, is Pd) pairs:
///   P(Pd | d) = b_Pd + (1 - b_Pd - b_Pt) erfc((d - d0) / (sigma sqrt 2)) / 2,
/// with floors b_Pd (isolated Pd in the shell) and b_Pt (isolated Pt in the
/// core) in [0, 0.1]; thickness = 5-95 % width of the erf = 2 x 1.6449 sigma.
/// No bins and no crossings: every atom weighs in.
struct ErfProfileFit {
  double centre_A = 0.0;     ///< d0: the 50 % level of the erf
  double sigma_A = 0.0;
  double pd_floor = 0.0, pt_floor = 0.0;
  double thickness_A = 0.0;  ///< 2 x 1.6449 sigma
  double neg_log_likelihood = 0.0;
  std::size_t atoms = 0;
  bool found = false;
};

namespace detail {
/// Negative log-likelihood of the erf profile f on (distance, is Pd); NaN
/// distances are left out.
double erf_profile_nll(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                       const ErfProfileFit& f);
/// ML erf fit (see ErfProfileFit); atoms with a NaN distance are left out.
/// `start`: a nearby earlier fit to start from (one fine simplex pass
/// instead of a coarse and a fine one).
ErfProfileFit fit_erf_profile(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                              const ErfProfileFit* start = nullptr);
}  // namespace detail

}  // namespace aet::analysis
