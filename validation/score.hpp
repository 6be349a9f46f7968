#pragma once
// Scoring a traced atom model against the truth: one-to-one matching of
// traced to true atoms, then recall, precision, coordinate errors and
// species accuracy (the figures of merit AET papers quote).
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
// the RMSD is given both ways (recall, precision and species are counted
// on the shifted matching).
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/atom_model.hpp"

namespace aet::validation {

struct ScoreOptions {
  double match_radius_A = 1.0;
  bool remove_mean_shift = true;
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
};

/// Throws aet::Error for an empty truth or a non-positive radius. An empty
/// traced model scores recall 0.
ScoreReport score_atoms(const AtomModel& truth, const AtomModel& traced, const ScoreOptions& options = {});

nlohmann::json to_json(const ScoreReport& report);

}  // namespace aet::validation
