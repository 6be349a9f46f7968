#pragma once
// Incoherent ADF image formation: the signal at probe position x is the
// probability that an electron is scattered into the detector,
//   f(x) = sum_atoms sigma_a P(x - x_a),
// with P the probe intensity (sim/probe.cpp, 1/Å²) and sigma_a the atom's
// ADF cross-section (sim/adf_cross_section.cpp, Å²). Each atom is projected
// analytically at its exact sub-pixel position and the probe's sharp core
// evaluated at every probe position within its cut-off (~3 Å): a STEM image
// samples the continuous f(x) at the scan points, so nothing is voxelised and
// no reconstruction projector is involved. The probe's smooth far tail (the
// Airy rings out to ~10 Å, ~3 % of the electrons) is added by an FFT
// convolution of the atoms, bilinearly deposited on the pixel grid, with the
// tail (ProbeTail); being smooth, it is insensitive to that deposition.
#include <array>
#include <complex>
#include <span>
#include <vector>

#include "core/geometry.hpp"
#include "sim/probe.hpp"

namespace aet::sim {

/// Adds sum_a sigma_a P_core(x_ij - x_a) to an (ny, nx) image. The atoms are seen
/// through `rotation` with the specimen origin at pixel (ny/2, nx/2) plus
/// `shift_px` (x, y). `row_offset_px` (empty or ny values) shifts the probe
/// positions of each scan row along x (scan jitter).
void add_atoms(std::span<double> fraction, int ny, int nx, double pixel_A, const Mat3& rotation,
               const std::array<double, 2>& shift_px, const std::vector<Vec3>& positions_A,
               const std::vector<double>& sigma_A2, const ProbeProfile& probe,
               std::span<const double> row_offset_px = {});

/// The probe's tail P (1 - w) as an FFT convolution on a padded (ny, nx) grid.
/// Built once per image size and shared (read-only) by all threads.
class ProbeTail {
 public:
  ProbeTail(const ProbeProfile& probe, int ny, int nx, double pixel_A);
  ~ProbeTail();
  ProbeTail(const ProbeTail&) = delete;
  ProbeTail& operator=(const ProbeTail&) = delete;

  /// Adds sum_a sigma_a P_tail(x_ij - x_a) (same frame as add_atoms).
  void add(std::span<double> fraction, const Mat3& rotation, const std::array<double, 2>& shift_px,
           const std::vector<Vec3>& positions_A, const std::vector<double>& sigma_A2) const;

 private:
  int ny_, nx_, pad_, n0_, n1_;
  double pixel_A_;
  std::vector<std::complex<double>> kernel_;  // r2c spectrum of the tail / (n0 n1)
};

}  // namespace aet::sim
