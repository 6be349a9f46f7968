#pragma once
// The core-shell interface, two ways (issue 8), both reported:
//
// 1. The paper's definition, as its published code computes it: the
//    nearest-neighbour cut-off from the first minimum of the pair
//    distribution; "clean Pd" = Pd atoms with 12 Pd neighbours; their alpha
//    hull voxelised at the reconstruction's voxel size (0.3434 Å), dilated by
//    2 voxels and bounded by the particle's own hull; layers grown outward
//    (dilation) and inward (erosion) with a cube of 2*3+1 voxels, i.e.
//    3 voxels = 1.03 Å nominal per layer; the Pd fraction per layer; zero
//    depth at the 50 % crossing; thickness = (layers between the 95 % and 5 %
//    crossings) x 1.03 Å.
// 2. True distance: each atom's signed Euclidean distance to the same
//    clean-Pd core surface, binned at 1.03 Å, same crossings. A cube erosion
//    advances up to sqrt(3) x 1.03 Å per layer along non-axial directions, so
//    definition 1 understates the thickness; definition 2 measures it.
//
// 3. Unbinned fits (not in the paper). Definition 2's binned crossings are
//    biased and fragile: the clean-Pd surface lies inside the core by a
//    width-dependent amount and everything inside it is Pd by selection
//    (so the upper half of a wide profile is cut away), 1.03 Å bins alias
//    with the 1.95-2.25 Å atomic layer spacing, and the 5 % crossing rests
//    on a sparse tail (on some seeds the crossing search fails outright). So
//    analysis.json's interface.thickness_true_A is `iso_fit`: the maximum-
//    likelihood erf profile (the builder's family, ErfProfileFit) fitted to
//    every atom's (signed distance to the 50 % iso-surface of the Gaussian-
//    smoothed Pd concentration, is Pd). Measured on truncated-octahedron
//    truths (5 seeds, tests/analysis/test_truth_models.cpp): built 4.2 and
//    8 Å recovered within 0.25 Å (seed-to-seed sd ~0.1 Å); built 2 Å comes
//    out 0.45-0.66 Å too wide, because the 3 Å smoothing rounds the core's
//    sharp polyhedral edges and corners, which adds ~0.4 Å^2 to sigma^2 (an
//    iso-surface error of sd 0.6 Å against the builder's distance, with a
//    tail outward at the edges): negligible for wide profiles, not for
//    sigma = 0.6 Å. Smaller kernels do not help: the iso-surface then bends
//    around each atom's own species (self-influence narrows the fit: 1.7 Å
//    for 2 Å at sigma 2 Å), and cross-fitting (surface from the other half
//    of the atoms) makes it noisy, multi-sheeted and the nearest-point
//    distance biased. `core_fit` (the same fit on definition 2's distances)
//    recovers 2 Å (1.8-2.0) but is 0.8-1.3 Å short at 4.2 and 8 Å. The
//    isotonic estimate (iso_surface) is also reported.
//
// Layer k >= 1 lies outside the core (k-th dilation), layer 0 is the core's
// outermost 3 voxels, layer -k deeper; the true-distance bin of an atom at
// signed distance d (Å, negative inside) is ceil(d / 1.03 Å), which matches.
// Crossings are found scanning outward from the layer of highest Pd fraction,
// by linear interpolation between layers, in layer units.
#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/coordination.hpp"
#include "core/atom_model.hpp"

namespace aet::analysis {

struct InterfaceOptions {
  double voxel_A = 0.3434;        ///< the reconstruction's voxel size
  int layer_voxels = 3;           ///< cube half-width per layer: 2*3+1 voxels, 1.03 Å
  int core_dilation_voxels = 2;   ///< dilation of the clean-Pd hull
  /// Alpha (probe-ball radius) of the hulls. On the published models the
  /// paper-definition thickness moves by up to 0.9 Å between alpha 3 and 4 Å
  /// (TO) and by <= 0.15 Å for alpha 4-7 Å; 5 Å is in the stable range.
  double alpha_A = 5.0;
  /// Nearest-neighbour cut-off for "clean Pd"; default: first minimum of the
  /// pair distribution.
  std::optional<double> cutoff_A;
  int clean_pd_neighbours = 12;   ///< Pd neighbours a clean Pd atom needs
  double upper_fraction = 0.95;   ///< interface bounds (Pd fraction)
  double lower_fraction = 0.05;
  /// Iso-surface estimate: Gaussian sigma of the Pd concentration field and
  /// its grid spacing, Å.
  double iso_sigma_A = 3.0;
  double iso_voxel_A = 0.75;
};

/// A third, unbinned estimate (not in the paper): each atom's signed
/// distance to the 50 % iso-surface of the Gaussian-smoothed Pd concentration
/// (a smooth surface through the middle of the interface, free of the
/// clean-Pd selection that makes everything inside definitions 1 and 2's
/// surface Pd by construction), and the 95 % and 5 % crossings of the
/// isotonic (monotone, pool-adjacent-violators) regression of "is Pd" on that
/// distance, interpolated between block centres: no bins, so no aliasing
/// between 1.03 Å bins and the 1.95-2.25 Å atomic layer spacing.
struct IsoSurfaceEstimate {
  double upper_A = 0.0, lower_A = 0.0;  ///< crossings, Å from the iso-surface
  double thickness_A = 0.0;
  bool found = false;
  /// Isotonic fit: (distance Å, Pd fraction) at block centres.
  std::vector<std::pair<double, double>> fit;
};

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

struct InterfaceLayer {
  int layer = 0;           ///< layer (or bin) index, see above
  double depth_A = 0.0;    ///< (layer - zero crossing) x 1.03 Å
  std::size_t atoms = 0;
  std::size_t pd = 0;
  double pd_fraction = 0.0;
  double cn_pt_pd = 0.0;   ///< mean Pd neighbours of the layer's Pt atoms (paper's CN-Pt_Pd)
  double cn_pd_pt = 0.0;   ///< mean Pt neighbours of the layer's Pd atoms (CN-Pd_Pt)
};

struct InterfaceProfile {
  std::vector<InterfaceLayer> layers;   ///< innermost first
  double upper_crossing = 0.0;          ///< layer units, Pd fraction = upper_fraction
  double zero_crossing = 0.0;           ///< 50 %
  double lower_crossing = 0.0;          ///< lower_fraction
  double thickness_A = 0.0;             ///< (lower - upper) x layer_A
  /// Pd atoms in the layers within 1.5 layers of the lower crossing: the
  /// sparse tail the thickness estimate rests on.
  std::size_t pd_near_lower_crossing = 0;
  bool found = false;                   ///< all three crossings exist
};

struct InterfaceReport {
  double cutoff_A = 0.0;
  double layer_A = 0.0;                 ///< layer_voxels x voxel_A
  std::size_t clean_pd = 0;
  InterfaceProfile paper;               ///< definition 1 (voxel layers)
  InterfaceProfile true_distance;       ///< definition 2
  IsoSurfaceEstimate iso_surface;       ///< unbinned isotonic estimate (see above)
  /// ML erf fit on the distances to the 50 % iso-surface: what
  /// analysis.json reports as interface.thickness_true_A (see the top).
  ErfProfileFit iso_fit;
  /// ML erf fit on the distances to the clean-Pd core surface (definition 2's
  /// distances, unbinned); reported, not the headline (see the top).
  ErfProfileFit core_fit;
  std::vector<double> atom_iso_distance_A;  ///< signed distance to the 50 % iso-surface
  std::vector<int> atom_layer;          ///< definition-1 layer per atom
  std::vector<double> atom_core_distance_A;  ///< signed distance to the core surface (< 0 inside)
  /// Signed depth from the middle of the interface, Å: distance to the 50 %
  /// iso-surface minus the erf fit's centre (the frame of thickness_true_A);
  /// where there is no fit, true distance minus its binned 50 % crossing.
  std::vector<double> atom_interface_depth_A;
  /// Depth below the particle surface (distance to the hull of all atoms), Å.
  std::vector<double> atom_surface_depth_A;
};

/// Throws aet::Error when the model has no clean Pd core (no Pd atom with
/// enough Pd neighbours) or options are out of range.
InterfaceReport interface_profile(const AtomModel& model, const InterfaceOptions& options = {});

namespace detail {
/// Isotonic (non-increasing) regression of y on x; crossings of `upper` and
/// `lower` interpolated between block centres.
IsoSurfaceEstimate isotonic_crossings(std::vector<std::pair<double, double>> xy, double upper, double lower);
/// ML erf fit (see ErfProfileFit); atoms with a NaN distance are left out.
ErfProfileFit fit_erf_profile(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd);
/// Profile of integer layer labels per atom (both definitions share it).
InterfaceProfile layer_profile(const std::vector<int>& atom_layer, const std::vector<std::string>& species,
                               const Coordination& cn, double layer_A, double upper, double lower);
}  // namespace detail

}  // namespace aet::analysis
