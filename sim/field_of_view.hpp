#pragma once
// The field of view a tilt series needs: images large enough that the
// particle, at every tilt, keeps a ring of background around it — the ring
// the background step interpolates from and the room the probe's tail and
// the stage's misalignment take. A particle that fills the image leaves the
// background unestimated and the reconstruction fails without saying so.
#include <cstddef>
#include <vector>

#include "core/atom_model.hpp"
#include "sim/config.hpp"

namespace aet::sim {

/// How a square image size is chosen from a model.
struct FieldOfViewRule {
  /// Background ring on each side, Å: the background mask's growth beyond the
  /// particle (2 Å), the probe's tail (about 1.5 Å to 1e-3 of its peak) and
  /// a few pixels of misalignment, with room to spare.
  double margin_A = 6.0;
  int multiple_px = 16;  ///< sizes rounded up to a multiple of this (FFT-friendly)
  int min_px = 64;
  /// An atom is clipped when its projection, moved by 3 rms of the
  /// misalignment's shifts, comes closer than this to the image edge, Å
  /// (the probe's tail: its image would be cut).
  double edge_A = 1.5;
};

/// The smallest square image (pixels) holding the model at any tilt and any
/// in-plane axis rotation — its bounding sphere about the origin, which is
/// the largest distance any projection puts an atom from the image centre —
/// plus the margin on each side.
int fitting_image_px(const AtomModel& model, double pixel_A, const FieldOfViewRule& rule = {});

/// The same for an acquisition: `config`'s pixel, and room on each side for
/// 3 rms of its misalignment's shifts and drift, which move the particle
/// towards the edge beyond the margin (the background mask grows with it).
int fitting_image_px(const AtomModel& model, const SimConfig& config, const FieldOfViewRule& rule = {});

/// Atoms whose projection falls within the rule's edge distance of the image
/// border at each nominal tilt of `config` (its size, pixel, tilt axis
/// rotation and misalignment shifts).
struct Clipping {
  std::vector<double> tilts_deg;           ///< every nominal tilt
  std::vector<std::size_t> atoms_outside;  ///< per tilt
  std::size_t worst() const;               ///< most atoms outside at one tilt
  std::size_t tilts_clipped() const;       ///< tilts with any atom outside
};
Clipping clipped_atoms(const AtomModel& model, const SimConfig& config, const FieldOfViewRule& rule = {});

}  // namespace aet::sim
