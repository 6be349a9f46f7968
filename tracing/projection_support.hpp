#pragma once
// Projection support (not in the paper): each traced atom's amplitude in a
// joint least-squares fit of the atomic model to the pre-processed
// projections, the positions held: how much of each atom the images hold,
// read from the data rather than from the reconstruction.
//
// The model is recon/atomic_refinement's: one radial profile for every
// atom (a sum of Gaussians, weights fitted), each atom its own amplitude,
// the images' geometry held. Removing an atom raises the squared residual
// by its amplitude squared times its profile's energy in the images, the
// same for every atom, so the amplitude ranks atoms as the change in the
// R-factor on removing each would.
//
// A diagnostic, not a filter: on the small presets at a tenth and a
// quarter of the paper's dose the false atoms the classifier keeps read
// 0.34-0.51 of the lightest species' interior median and the dimmest true
// Pd 0.41-0.44, so no threshold separates them. What it shows is how the
// pre-processing weighs atoms: there its amplitudes and the volume's
// agree in falling towards the particle's centre at low dose (the Wiener
// filter, recon/denoise.hpp), and without denoising they do not.
#include <cstddef>
#include <string>

#include "core/atom_model.hpp"
#include "core/tilt_series.hpp"

namespace aet::tracing {

struct ProjectionSupportOptions {
  int rounds = 3;  ///< alternations of the profile fit and an amplitude sweep over the atoms
  /// Interior atoms (the reference), as species_classification's: at least
  /// this many atoms within first_shell_A.
  int interior_neighbours = 11;
  double first_shell_A = 3.3;
  /// Fewer interior atoms of the lightest species: the reference is the
  /// median of all its atoms.
  std::size_t min_interior = 10;
};

struct ProjectionSupportReport {
  double reference = 0.0;          ///< the lightest species' interior median amplitude
  double relative_residual = 0.0;  ///< Σ (model − b)² / Σ b² after the last round
  /// Which images the caller fitted: the pipeline's "undenoised" (the
  /// pre-processing without the denoiser) or "reconstructed" (no denoiser ran).
  std::string images;
};

/// Adds (or overwrites) column `support`: each atom's fitted amplitude over
/// the reference (1: a typical interior atom of the lightest species; 0 or
/// below: the images hold nothing there). `series`: the pre-processed images
/// with their final geometry (recon::Reconstruction::series), `atoms` in the
/// same frame. Throws aet::Error on no atoms, a species that is not an
/// element, options out of range, or a reference amplitude that is not
/// positive (no signal).
ProjectionSupportReport projection_support(AtomModel& atoms, const TiltSeries& series,
                                           const ProjectionSupportOptions& options = {});

}  // namespace aet::tracing
