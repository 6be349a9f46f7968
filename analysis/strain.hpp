#pragma once
// Strain (the paper's procedure after Xu et al., Nat. Mater. 14, 1099 (2015)):
// per grain, a best-fit ideal fcc lattice (lattice constant, orientation and
// origin fitted to the grain's atoms by iterated nearest-site assignment and
// Umeyama similarity fits; no hand input), each atom's displacement from its
// lattice site, smoothed with a Gaussian kernel and differentiated: at each
// atom a Gaussian-weighted least-squares linear fit u(r0) = c + G (r0 - r0_i)
// over the atoms of its grain, with r0 the ideal sites; strain = (G + G^T)/2
// in the model frame. For a homogeneous deformation r = F r0 this returns
// F - I exactly (symmetric F) — unless the lattice constant is fitted, which
// absorbs the mean dilatation: set reference_lattice_A to measure strain
// against a known lattice constant.
//
// Atoms not in a grain (twin boundaries, the five-fold axis, surface atoms
// PTM could not match) take the grain of their nearest grain atom.
#include <array>
#include <optional>
#include <vector>

#include "analysis/grains.hpp"

namespace aet::analysis {

struct StrainOptions {
  /// Gaussian kernel sigma, Å (paper: "a 3.89-Å-wide Gaussian kernel"; read
  /// here as the standard deviation, one Pd/Pt lattice constant). Read as a
  /// FWHM instead (sigma 1.65 Å), the kernel spans barely one shell of
  /// neighbours and the standard deviations on the published models become
  /// 1.4-3.0 % (PB xx/yy/zz 2.12 2.56 2.96, EPB 2.14 3.03 1.56, TO 1.76 2.20
  /// 2.88 %), two to five times the paper's 0.3-1 %; with sigma 3.89 Å they
  /// are 0.5-1.3 %, the paper's order. So sigma it is (the paper's code
  /// uses sigma = 3.89 Å); the remaining 0.2-0.6 point excess is the
  /// estimator (see StrainReport::strain_kernel_smoothed).
  double kernel_sigma_A = 3.89;
  /// Neighbours within kernel_cutoff x sigma enter each fit.
  double kernel_cutoff = 2.5;
  /// Reference lattice constant; default: fitted per grain.
  std::optional<double> reference_lattice_A;
  int iterations = 6;
};

/// Voigt order of the six components: xx yy zz yz xz xy (tensor components).
inline constexpr std::array<const char*, 6> kStrainComponents{"xx", "yy", "zz", "yz", "xz", "xy"};

struct LatticeFit {
  double lattice_A = 0.0;
  Mat3 rotation = Mat3::Identity();  ///< cubic axes -> model frame
  Vec3 origin_A = Vec3::Zero();
  double rms_displacement_A = 0.0;
  std::size_t atoms = 0;
};

struct StrainStats {
  std::size_t atoms = 0;
  std::array<double, 6> mean{}, std{};  ///< fractions (not percent), Voigt order
};

struct StrainReport {
  std::vector<LatticeFit> lattices;         ///< one per grain
  std::vector<int> grain;                   ///< per atom, the grain used
  std::vector<Vec3> displacement_A;         ///< per atom, r - ideal site
  std::vector<Vec3> site_A;                 ///< per atom, ideal site
  std::vector<std::array<double, 6>> strain;  ///< per atom, Voigt order; NaN where undefined
  StrainStats total;
  /// The paper's estimator (its published code: displacements smoothed by
  /// a normalised Gaussian kernel over the whole volume, the smoothed field
  /// differentiated): the gradient of the Nadaraya-Watson mean
  /// sum w_j u_j / sum w_j at each site (same sigma, kernel cut at 4 sigma).
  /// It equals the local-linear gradient where the kernel's neighbourhood
  /// is full and symmetric and flattens it where it is not (near surfaces
  /// and twin boundaries). On a PB truth its RMSE against the builder's
  /// strain is 0.22-0.66 % against 0.18-0.47 % for the local-linear fit,
  /// larger in every component. On the published models it gives PB 0.51 /
  /// 0.79 / 0.77 %, EPB 0.51 / 0.69 / 0.36 %, TO 0.64 / 0.78 / 0.95 % (xx /
  /// yy / zz std; the paper: 0.67 / 0.69 / 0.67, 0.65 / 0.60 / 0.30, 0.33 /
  /// 0.55 / 0.98 %), where the local-linear fit gives 0.83 / 1.20 / 1.29,
  /// 0.90 / 1.11 / 0.53 and 0.84 / 1.06 / 1.29 %. So the paper's standard
  /// deviations understate the strain's spread; `strain` (local linear)
  /// stays the measurement, and this one is reported beside it
  /// (analysis.json strain.kernel_smoothed).
  std::vector<std::array<double, 6>> strain_kernel_smoothed;
  StrainStats total_kernel_smoothed;
};

/// Throws aet::Error when there is no grain to fit a lattice to.
StrainReport strain(const std::vector<Vec3>& positions_A, const GrainReport& grains, const StrainOptions& options = {});

/// Statistics over the atoms with mask[i] != 0 (all when mask is empty); NaN strains skipped.
StrainStats strain_stats(const StrainReport& report, const std::vector<std::uint8_t>& mask = {});
StrainStats strain_stats(const std::vector<std::array<double, 6>>& strain, const std::vector<std::uint8_t>& mask = {});

namespace detail {
/// Nearest fcc lattice site (cubic cell of edge 1, site at the origin) to v.
Vec3 nearest_fcc_site(const Vec3& v);
}  // namespace detail

}  // namespace aet::analysis
