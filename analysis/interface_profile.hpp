#pragma once
// The core-shell interface, two ways, both reported:
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
//    analysis.json's interface.thickness_true_A is the maximum-likelihood erf
//    profile (the builder's family, ErfProfileFit) fitted to every atom's
//    (signed distance to a core surface, is Pd), with two candidate surfaces:
//    a. `iso_fit`: the 50 % iso-surface of the Pd concentration smoothed by
//       a 3 Å Gaussian. Any core shape; but the smoothing rounds a faceted
//       core's sharp edges and corners (an iso-surface error of sd ~0.6 Å
//       against the builder's distance), which widens a narrow profile:
//       built 2 Å reads 2.5-2.7 Å on truncated octahedra, 2.4-2.5 Å on
//       decahedra. Smaller kernels do not help: the surface then bends
//       around each atom's own species and the fit narrows (1.7 Å at 2 Å).
//    b. `polyhedral`: a convex polyhedral core (PolyhedralCoreFit) whose
//       facets are the iso-surface's flat parts, with offsets fitted by
//       maximum likelihood and cross-fitted between two halves of the atoms.
//       It keeps edges sharp: on truncated-octahedron truths at 2, 4.2 and
//       8 Å it follows the fit on the builder's own distances within 0.09 Å
//       (tests/analysis/test_truth_models.cpp).
//    The headline (`true_fit`) is the polyhedral core where it explains the
//    species about as well as the iso-surface (polyhedral_max_nll_ratio),
//    else the iso-surface: a sphere or an irregular experimental core keeps
//    the iso-surface. `core_fit` (the same fit on definition 2's distances)
//    and the isotonic estimate (iso_surface) are also reported.
//
// Layer k >= 1 lies outside the core (k-th dilation), layer 0 is the core's
// outermost 3 voxels, layer -k deeper; the true-distance bin of an atom at
// signed distance d (Å, negative inside) is ceil(d / 1.03 Å), which matches.
// Crossings are found scanning outward from the layer of highest Pd fraction,
// by linear interpolation between layers, in layer units.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/coordination.hpp"
#include "analysis/interface_erf_profile.hpp"
#include "analysis/interface_polyhedral_core.hpp"
#include "analysis/voxel_grid.hpp"
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
  /// The polyhedral core is the headline (thickness_true_A) when its
  /// (cross-fitted) negative log-likelihood is at most this multiple of the
  /// iso-surface fit's. The iso-surface bends with each atom's own species,
  /// which flatters its in-sample likelihood: on faceted truths (TO, PB,
  /// icosahedron) the polyhedron reads 1.01-1.04x at 4.2-8 Å and < 1 at
  /// 2 Å; on a sphere 1.19x at 4.2 Å and 2x for a 2 Å ramp (at 8 Å 1.05x,
  /// where the two read within 0.01 Å); on the published experimental
  /// models 1.07-1.15x (irregular cores: the iso-surface is the headline).
  double polyhedral_max_nll_ratio = 1.06;
  /// The robust estimates: the outermost layer (surface depth below this,
  /// Å: the paper's 1.03 Å layer) and its prior of a wrong label (see
  /// kSurfaceOutlier).
  double outermost_layer_A = 1.03;
  double surface_outlier = kSurfaceOutlier;
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
  /// What each end rests on: atoms in the layers within 1.5 layers of the
  /// upper (95 %) and lower (5 %) crossings, and the minority species there
  /// (Pt near the upper one; Pd near the lower one is pd_near_lower_crossing).
  std::size_t atoms_near_upper_crossing = 0, pt_near_upper_crossing = 0;
  std::size_t atoms_near_lower_crossing = 0;
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
  /// ML erf fit against a fitted convex polyhedral core (see PolyhedralCoreFit).
  PolyhedralCoreFit polyhedral;
  /// The headline true-distance fit (analysis.json's thickness_true_A and
  /// the frame of atom_interface_depth_A): `polyhedral` where it was found
  /// and explains the species about as well as the iso-surface does (see
  /// interface_profile.cpp), else `iso_fit`.
  ErfProfileFit true_fit;
  bool true_fit_polyhedral = false;
  /// Robust to a few wrong labels on the outermost layer (not in the
  /// paper): the erf fit with a surface outlier term
  /// (fit_erf_profile_robust) on the headline's distances, and definition 1
  /// without the atoms that fit calls wrong labels.
  ErfProfileFit true_fit_robust;
  InterfaceProfile paper_robust;
  /// ML erf fit on the distances to the clean-Pd core surface (definition 2's
  /// distances, unbinned); reported, not the headline (see the top).
  ErfProfileFit core_fit;
  std::vector<double> atom_iso_distance_A;  ///< signed distance to the 50 % iso-surface
  std::vector<int> atom_layer;          ///< definition-1 layer per atom
  std::vector<double> atom_core_distance_A;  ///< signed distance to the core surface (< 0 inside)
  /// Signed depth from the middle of the interface, Å: distance to the
  /// headline fit's surface minus its centre (the frame of thickness_true_A);
  /// where there is no fit, true distance minus its binned 50 % crossing.
  std::vector<double> atom_interface_depth_A;
  /// Depth below the particle surface (distance to the hull of all atoms), Å.
  std::vector<double> atom_surface_depth_A;
  /// Wall-clock seconds of each sub-step (neighbours, masks, layers,
  /// true_distances, iso_surface, erf_fits, polyhedral_core, robust).
  std::map<std::string, double> timings_s;
};

/// Throws aet::Error when the model has no clean Pd core (no Pd atom with
/// enough Pd neighbours) or options are out of range.
InterfaceReport interface_profile(const AtomModel& model, const InterfaceOptions& options = {});

namespace detail {
/// The 50 % iso-surface of the Pd concentration smoothed by a Gaussian of
/// sigma_A on a grid of voxel_A: crossing points on grid edges and the
/// outward (down-gradient) unit normals there.
struct IsoSurface {
  VoxelGrid grid;
  std::vector<float> concentration;  ///< -1 where there is no matter
  std::vector<Vec3> points, normals;
};
IsoSurface iso_surface(const AtomModel& model, double sigma_A, double voxel_A);
/// Isotonic (non-increasing) regression of y on x; crossings of `upper` and
/// `lower` interpolated between block centres.
IsoSurfaceEstimate isotonic_crossings(std::vector<std::pair<double, double>> xy, double upper, double lower);
/// Profile of integer layer labels per atom (both definitions share it).
InterfaceProfile layer_profile(const std::vector<int>& atom_layer, const std::vector<std::string>& species,
                               const Coordination& cn, double layer_A, double upper, double lower);
}  // namespace detail

}  // namespace aet::analysis
