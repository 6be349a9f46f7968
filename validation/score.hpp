#pragma once
// Scoring a traced atom model against the truth: one-to-one matching of
// traced to true atoms, then recall, precision, coordinate errors and
// species accuracy (the figures of merit AET papers quote), and where the
// errors are: by species, by axis and by depth below the surface.
//
// Matching: all (truth, traced) pairs closer than match_radius_A, taken in
// order of increasing distance, each atom used once. While the radius is
// below half the smallest true interatomic distance (2.75 Å / 2 for Pd/Pt)
// every traced atom lies near at most one true atom, and this greedy
// matching is the optimal one.
// A reconstruction may sit shifted as a whole (alignment fixes the origin
// only up to a translation): with remove_mean_shift the traced model is
// first moved by the centroid difference, then by the mean displacement of
// its matched pairs, rematching each time; the total shift is reported and
// the RMSD is given both ways (recall, precision, species and every
// breakdown are counted on the shifted matching).
// With rigid, a rotation is fitted as well (Kabsch on the matched pairs,
// rematch, repeat) and reported beside the shift-only figures: a model
// tilted as a whole (a residual tilt-axis error) then scores its local
// errors only.
//
// Depth shells. A built truth carries depth_A (models/columns.hpp: the
// distance below the nearest facet plane through the outermost atom layer,
// facet atoms at 0); shells are then bounded in Å (ShellOptions). A truth
// without it (a published model, a hand-made one) is shelled by
// coordination instead, after analysis/facets: surface = the atoms with
// CN < 10 within the first-shell cut-off, subsurface = the other atoms with
// a surface atom among their first neighbours, bulk = the rest.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/atom_model.hpp"
#include "core/tilt_series.hpp"
#include "recon/atomic_refinement.hpp"

namespace aet::validation {

/// Depth shells when the truth carries depth_A: surface [0, surface_A),
/// subsurface [surface_A, subsurface_A), bulk beyond. The defaults fall
/// between atom layers: facet atoms sit at depth 0 (within the thermal
/// displacement), the second layer at d(200) = 1.96 Å or d(111) = 2.26 Å,
/// the third at 3.92 Å or 4.53 Å.
struct ShellOptions {
  double surface_A = 1.0;
  double subsurface_A = 3.0;
};

struct ScoreOptions {
  double match_radius_A = 1.0;
  bool remove_mean_shift = true;
  /// Also fit a rotation (about the truth's centroid) and score after it.
  bool rigid = false;
  /// Kabsch fits, each followed by a rematch, of the rigid alignment.
  int rigid_iterations = 6;
  ShellOptions shells;
};

inline constexpr std::array<const char*, 3> kShellNames = {"surface", "subsurface", "bulk"};

/// The scores of the true atoms of one depth shell, and of the false atoms
/// nearest to it (a false atom belongs to the shell of the true atom nearest
/// to it).
struct ShellScore {
  std::string name;
  double depth_min_A = 0, depth_max_A = 0;  ///< NaN when shelled by coordination; max +inf for bulk
  std::size_t atoms = 0, matched = 0, false_atoms = 0;
  double recall = 0, precision = 0, rmsd_A = 0, species_accuracy = 0;
  std::map<std::string, std::size_t> missed_by_species;  ///< true species of the missed atoms
  std::map<std::string, std::size_t> false_by_species;   ///< traced species of the false atoms
  std::map<std::string, std::map<std::string, std::size_t>> confusion;
};

/// Rotation plus shift alignment: traced ≈ R (truth - c) + c + shift, with c
/// the truth's centroid; R as an angle about a unit axis.
struct RigidScore {
  double rotation_deg = 0;
  Vec3 axis = Vec3::UnitZ();
  Vec3 shift_A = Vec3::Zero();
  std::size_t matched = 0;
  double recall = 0, precision = 0, rmsd_A = 0, species_accuracy = 0;
  int iterations = 0;
};

struct MatchedPair {
  std::size_t truth = 0, traced = 0;
};

struct ScoreReport {
  std::size_t truth_atoms = 0, traced_atoms = 0, matched = 0;
  double recall = 0, precision = 0;
  double rmsd_A = 0;                 ///< matched pairs, as traced
  double rmsd_shift_removed_A = 0;   ///< after removing the mean shift
  Vec3 mean_shift_A = Vec3::Zero();  ///< mean (traced - truth) of matched pairs
  double max_error_A = 0;            ///< worst matched pair (after the shift, if removed)
  double species_accuracy = 0;       ///< matched pairs with the right species
  /// confusion[true species][traced species] = matched pairs.
  std::map<std::string, std::map<std::string, std::size_t>> confusion;
  double match_radius_A = 0;

  // Where the errors are (same shift convention as rmsd_shift_removed_A).
  std::map<std::string, double> rmsd_by_species_A;  ///< by true species of the matched atoms
  Vec3 rmsd_by_axis_A = Vec3::Zero();               ///< x, y, z (z the beam at 0°)
  std::string shells_by;                            ///< "depth_A" or "coordination"
  std::vector<ShellScore> by_depth;                 ///< surface, subsurface, bulk
  std::optional<RigidScore> rigid;

  // The matching itself, for the per-atom status file.
  std::vector<MatchedPair> pairs;
  std::vector<int> truth_shell;        ///< index into by_depth, per true atom
  Vec3 applied_shift_A = Vec3::Zero(); ///< subtracted from the traced positions before matching
};

/// Throws aet::Error for an empty truth or a non-positive radius. An empty
/// traced model scores recall 0.
ScoreReport score_atoms(const AtomModel& truth, const AtomModel& traced, const ScoreOptions& options = {});

/// Every figure except the matching itself; lengths of the breakdowns in pm
/// (rmsd_by_species_pm, rmsd_by_axis_pm, by_depth[].rmsd_pm, rigid.rmsd_pm).
nlohmann::json to_json(const ScoreReport& report);

/// Truth and traced atoms in one model, for a viewer (ASE, OVITO): a row per
/// true atom (its true species and position) and a row per false traced
/// atom (its species and position after the shift removal), with columns
/// status (matched, wrong-species, missed, false), traced_species ("none"
/// where missed), error_A:R:3 (traced - truth after the shift removal; 0
/// for missed and false atoms) and shell. `report` must come from
/// score_atoms(truth, traced, ...).
AtomModel status_model(const AtomModel& truth, const AtomModel& traced, const ScoreReport& report);

/// Scoring without a truth: the R-factor of an atom model's projections
/// against the measured images (recon/atomic_refinement.hpp's atomic image
/// model, each species its own fitted profile), at the series' geometry.
/// The atoms must sit in the series' frame (docs/conventions.md), as the
/// pipeline traces them from it.
struct ImageScoreOptions {
  recon::AtomicRefinementOptions model;  ///< profile_widths_A: the Gaussians each species' profile combines
  bool fit_offset = true;                ///< fit a constant background as well
};

struct SpeciesProfile {
  double peak = 0;           ///< the profile at the atom's centre (image units)
  double integral_px2 = 0;   ///< its integral over the image (image units × px²)
  double width_A = 0;        ///< rms radius per axis, sqrt(Σ I_k σ_k² / Σ I_k)
  std::vector<double> weights;
};

struct ImageScore {
  std::size_t atoms = 0;
  int images = 0;
  double r_factor = 0, relative_residual = 0, offset = 0;
  std::map<std::string, SpeciesProfile> species;
  std::vector<double> profile_widths_A;
};

/// Throws aet::Error for an empty model or series.
ImageScore score_against_images(const AtomModel& atoms, const TiltSeries& series, const ImageScoreOptions& options = {});

nlohmann::json to_json(const ImageScore& score);

/// Error bars over repeated runs (noise realisations of one truth): every
/// number found at the same path in all `reports` (objects and arrays
/// walked alike, nulls and non-numbers skipped) becomes {"mean", "sd",
/// "n"}, sd the sample standard deviation (0 for a single report). Throws
/// aet::Error for no reports.
nlohmann::json summarise_realisations(const std::vector<nlohmann::json>& reports);

}  // namespace aet::validation
