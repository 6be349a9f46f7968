#pragma once
// Polyhedral template matching (after Larsen, Schmidt & Schiøtz, Modelling
// Simul. Mater. Sci. Eng. 24, 055007 (2016)): each atom's nearest neighbours
// are matched against ideal templates (fcc, hcp, bcc, icosahedral, simple
// cubic, and a decahedral template that OVITO's PTM lacks) by the rotation,
// scale and correspondence that minimise the RMSD; the best template under
// the RMSD cut-off is the atom's structure, and its rotation the atom's
// lattice orientation.
//
// Scale: neighbour vectors and templates are divided by their mean length,
// so the RMSD is in units of the local nearest-neighbour distance (OVITO's
// convention). The correspondence is found from seeds: the nearest neighbour
// and the next non-collinear one are matched to every template pair at a
// similar angle (first vector from each symmetry orbit of the template),
// then the assignment is refined by the Kabsch rotation.
//
// Decahedral template: an atom on the five-fold axis of a decahedron. Its 12
// neighbours are 2 on the axis (z = ±d) and two eclipsed pentagonal rings of 5
// at z = ±d/2, radius (sqrt(3)/2) d, each ring atom on one of the five {111}
// twin planes (the gap-closed fcc <110> environment).
#include <Eigen/Geometry>
#include <array>
#include <string>
#include <vector>

#include "core/neighbours.hpp"

namespace aet::analysis {

enum class Structure : int { Other = 0, Fcc = 1, Hcp = 2, Bcc = 3, Ico = 4, Sc = 5, Decahedral = 6 };
inline constexpr int kStructureCount = 7;
/// "other", "fcc", "hcp", "bcc", "ico", "sc", "dec".
std::string to_string(Structure s);

struct PtmOptions {
  /// Largest RMSD (units of the nearest-neighbour distance) for a match;
  /// OVITO's default is 0.1. Experimental AET positions (precision ~0.1-0.2 Å)
  /// need a little more; atoms above it are "other".
  double rmsd_cutoff = 0.15;
  /// Templates tried (index = Structure).
  std::array<bool, kStructureCount> enabled{false, true, true, true, true, true, true};
};

struct PtmResult {
  std::vector<Structure> structure;
  std::vector<double> rmsd;  ///< of the best template (NaN when none could be tried)
  /// Rotation taking the template frame to the model frame (fcc, bcc, sc:
  /// the cubic axes; hcp, dec: c / five-fold axis along template z).
  std::vector<Eigen::Quaterniond> orientation;
  /// Mean neighbour distance of the matched shell, Å.
  std::vector<double> scale_A;
  std::array<std::size_t, kStructureCount> counts{};
};

/// Throws aet::Error on a negative cut-off.
PtmResult polyhedral_template_matching(const std::vector<Vec3>& positions_A, const PtmOptions& options = {});

namespace detail {
/// Template vectors (unit mean length) of a structure.
const std::vector<Vec3>& ptm_template(Structure s);
/// Best match of `bonds` (at least as many as the template has) to one template.
struct TemplateMatch {
  double rmsd = 0.0;
  Mat3 rotation = Mat3::Identity();
  std::vector<int> assignment;  ///< bond k <-> template vector assignment[k]
};
TemplateMatch match_template(Structure s, const std::vector<Vec3>& bonds);
}  // namespace detail

}  // namespace aet::analysis
