#pragma once
// An amorphous particle: a dense random packing of atoms inside a sphere,
// with no lattice (the testbed's check that the pipeline assumes none).
//
// Construction, deterministic from the seed: N = density * (4/3) pi
// (R + d/3)^3 atom centres (d = the fcc nearest-neighbour distance a/sqrt2 of
// the lattice constant; the d/3 allowance for the surface atoms' own volume
// makes the density away from the surface the configured one, measured
// within 3 %) drawn uniformly in the sphere of radius R; then a soft-sphere
// quench: gradient steps on the harmonic overlap energy of spheres of
// diameter d, centres held inside R by a harmonic wall, with the diameter
// grown from 0.7 d to d over the first half of the steps (so atoms drawn on
// top of each other separate smoothly); then hard-core sweeps that push apart
// every pair closer than min_distance_A until none is left. The result is a
// jammed glass. Measured at the defaults (R = 25 Å, 4410 atoms): density
// 0.0616 /Å^3 inside r < R - 4 Å (0.917 of fcc's 0.0672), mean closest-
// neighbour distance 2.64 Å, mean first-shell bond (< 3.3 Å) 2.79 Å, 10.3
// such neighbours per interior atom, a continuous pair distribution between
// the first and second shells (no fcc gap, no peak at a), no long-range
// bond orientation (global Q6 ~ 0.02 against fcc's 0.57). About 0.25 s per
// 1000 atoms (one core).
//
// Per-site truth: grain 0, no twin boundary or five-fold axis, strain NaN (no
// reference lattice). depth_A = r_out - |r|, r_out the largest centre
// distance from the sphere's centre: a radial measure below the sphere
// through the outermost atoms (0 for the outermost atom; the packing's
// surface is rough, so other surface atoms have depths up to ~1 Å).
// interface_distance_A = |r| - core radius (negative inside the core).
#include <cstdint>

#include <boost/random/mersenne_twister.hpp>

#include "models/sites.hpp"

namespace aet::models {

struct AmorphousConfig {
  /// Number density as a fraction of the fcc crystal's, 4 / a^3 (0.0672 /Å^3
  /// for the default lattice; bulk metallic glasses are 1-3 % less dense than
  /// their crystals, random close packing of hard spheres 0.64/0.74 = 0.86).
  /// Denser packings of the same spheres push the bonds down towards the
  /// minimum distance (0.95: mean closest neighbour 2.59 Å).
  double density_fraction = 0.9;
  /// No two atom centres closer than this (Å).
  double min_distance_A = 2.5;
  /// Seed of the packing's own mt19937 (ParticleConfig: the structure does not
  /// depend on the rotation and species draws).
  std::uint32_t seed = 1;
  /// Throws aet::Error (one line) unless density_fraction is in [0.5, 1.0]
  /// and min_distance_A in [1.5, 2.6] Å.
  void validate() const;
};

/// Largest radius (Å) of an amorphous particle (~60k atoms).
inline constexpr double kMaxAmorphousRadius_A = 60.0;

/// Throws aet::Error (one line) on a bad lattice, a radius outside [4,
/// kMaxAmorphousRadius_A] Å, a core radius not in (0, radius] or a bad config.
void validate_amorphous(double radius_A, double core_radius_A, double lattice_A, const AmorphousConfig& config);

/// The packing in a sphere of radius radius_A (centres within it), core
/// sphere of core_radius_A, drawing from `rng` only. Throws as
/// validate_amorphous, or (not seen at the allowed densities) when the
/// packing's minimum distance could not be reached.
ParticleSites build_amorphous(double radius_A, double core_radius_A, double lattice_A,
                              const AmorphousConfig& config, boost::random::mt19937& rng);

}  // namespace aet::models
