#pragma once
// Geometry refinement against an atomic model (bundle adjustment): the
// particle is described by its atoms, every atom's projected image the same
// radial profile f (a linear combination of Gaussians of fixed widths, the
// weights fitted by linear least squares: the probe need not be known), and
// the per-image geometry (tilt, shifts) and the atoms (positions,
// amplitudes) are refined in turn by Gauss-Newton to minimise
//   Σ_a Σ_pixels (Σ_n A_n f(|p − P_a r_n|) − b_a)²,
// P_a the image's projection (rotation, shift). The atoms start at the
// peaks of a reconstruction.
//
// Why: projection matching against a voxel reconstruction (angular_refinement)
// stops at ≈0.13–0.19° rms on simulated ADF images. The voxel model cannot
// fit them exactly (R ≈ 4 % after 500 RESIRE iterations, the same with the
// true geometry), the misfit is tilt-dependent, and each image's angle
// absorbs it; a reconstruction without the image (leave-one-out) is worse
// (missing-wedge artefacts at that very angle: 0.36° rms even with every
// other image's true geometry). An atomic model has four parameters per
// atom instead of one per voxel, and fits the simulator's images to a
// relative residual Σr²/Σb² ≈ 5e-4 (a single Gaussian: 2.4e-2, whose misfit
// in the overlap of atoms pulls the tilts by up to 3°).
//
// Gauge: as in angular_refinement, a common tilt offset, a common y shift
// and x shifts p cos θ + q sin θ are removed after every image step.
#include <vector>

#include "core/tilt_series.hpp"
#include "core/volume.hpp"

namespace aet::recon {

struct AtomicRefinementOptions {
  double peak_fraction = 0.3;     ///< atoms: local maxima above this fraction of the maximum
  double min_separation_A = 1.5;  ///< of two peaks closer than this, the weaker is dropped
  /// An atom's projected image: Gaussians of these widths (Å), weights fitted.
  std::vector<double> profile_widths_A{0.1, 0.17, 0.25, 0.35, 0.5, 0.75, 1.1};
  bool refine_atoms = true;
  /// With refine_atoms: false fits only the amplitudes at the given
  /// positions (linear least squares, Gauss-Seidel over the atoms), and an
  /// amplitude may then fall to or below zero: an atom the images do not support.
  bool refine_atom_positions = true;
  int rounds = 8;                 ///< alternations: atoms, then images
  int gauss_newton_steps = 3;     ///< per image and per atom in each round
  bool refine_shifts = true;
  bool refine_tilt = true;
};

struct AtomicModelFit {
  std::vector<Vec3> positions_A;
  std::vector<double> amplitudes;
  std::vector<double> profile_widths_A, profile_weights;
  std::vector<double> residual_per_round;  ///< Σ (model − b)² / Σ b², after each round
};

/// Local maxima of `volume` above options.peak_fraction of its maximum,
/// refined by a 3-point parabola per axis (Å, volume-centre frame).
std::vector<Vec3> find_atoms(const Volume& volume, const AtomicRefinementOptions& options);

/// How well an atomic model explains a tilt series at the series' geometry,
/// nothing refined: every atom of one species projects to the same profile,
/// a combination of options.profile_widths_A Gaussians whose weights are
/// fitted per species by linear least squares (the species' amplitude and
/// width), plus, with fit_offset, one constant for the whole series (an
/// unsubtracted background).
struct AtomicModelRFactor {
  double r_factor = 0.0;           ///< the paper's R (iterative.hpp r_factor)
  double relative_residual = 0.0;  ///< Σ (model − b)² / Σ b²
  std::vector<std::vector<double>> profile_weights;  ///< per species, per width
  double offset = 0.0;
};

/// species[n] in 0..n_species-1 for atom n, each species present. Throws
/// aet::Error on mismatched sizes, a species without atoms, or a fit that
/// cannot be solved.
AtomicModelRFactor atomic_model_r_factor(const TiltSeries& series, const std::vector<Vec3>& atoms_A,
                                         const std::vector<int>& species, int n_species,
                                         const AtomicRefinementOptions& options = {}, bool fit_offset = true);

/// Refines the geometry of `series` (in place) and the atoms starting at
/// `atoms_A` (from find_atoms); returns the fitted model.
AtomicModelFit refine_geometry_atomic(TiltSeries& series, const std::vector<Vec3>& atoms_A,
                                      const AtomicRefinementOptions& options);

}  // namespace aet::recon
