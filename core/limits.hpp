#pragma once
// The largest sizes aetbench accepts, each checked before anything is
// allocated or run: beyond them a size is taken as a mistake (or a corrupt
// file), not as a job for hours or for all of the memory. Each is set well
// above what atomic electron tomography needs; the reason is beside it.
// The README lists them.
#include <cstddef>

namespace aet::limits {

/// Values in any one array read from a file or allocated for an image stack or
/// a volume: 2^32 float32 = 16 GiB. A 4096 x 4096 stack of 100 frames is
/// 1.7e9; larger inputs do not fit a workstation's memory with the copies a
/// reconstruction keeps.
inline constexpr std::size_t kMaxElements = std::size_t(1) << 32;

/// Side of an image or of a volume, pixels/voxels: 8192 (ADF-STEM detectors
/// scan at most 4096 x 4096; AET volumes are a few hundred voxels a side).
inline constexpr int kMaxSidePx = 8192;

/// Voxels of a reconstructed volume: 2^31 (8 GiB of float32 per copy; the
/// paper's volumes are below 1e8).
inline constexpr std::size_t kMaxVolumeVoxels = std::size_t(1) << 31;

/// Images in one tilt series (tilts x frames): 10000 (the paper has 53 tilts;
/// dose-fractionated series of a few hundred tilts of tens of frames fit).
inline constexpr int kMaxImages = 10000;

/// Atoms in one model: 1e7 (the largest AET models hold about 1e5 atoms).
inline constexpr std::size_t kMaxAtoms = 10'000'000;

/// OpenMP threads (--threads, OMP_NUM_THREADS): 1024. More than any one
/// machine's cores; libgomp fails inside its own code when asked for
/// millions.
inline constexpr int kMaxThreads = 1024;

/// Iterations of an iterative reconstruction: 100000 (RESIRE converges in a
/// few hundred; more is hours of work on nothing).
inline constexpr int kMaxIterations = 100'000;

/// Rounds of angular refinement: 1000 (it converges in a handful).
inline constexpr int kMaxRefineRounds = 1000;

/// Gaussian smoothing sigma before tracing, Å: 10 (atoms are 2.8 Å apart;
/// a wider kernel smooths them into one blob, and its cost grows as sigma^3).
inline constexpr double kMaxSmoothSigma_A = 10.0;

/// Pixel or voxel size, Å: 1e-3 to 1e3. An MRC cell that gives a size
/// outside is corrupt (AET pixels are 0.3-0.5 Å; cryo-ET's at most tens of Å).
inline constexpr double kMinPixel_A = 1e-3;
inline constexpr double kMaxPixel_A = 1e3;

/// Facet distance of a built particle from its centre, Å: 150 (a particle of
/// 30 nm, about 1e6 atoms; the paper's particles are under 5 nm across).
inline constexpr double kMaxFacetDistance_A = 150.0;

/// Smallest distance between two atoms of a model, Å: 0.5 (the shortest
/// bond, H2's, is 0.74 Å; metal neighbours are 2.7 Å apart). Closer atoms are
/// a model stacked at one point or written in the wrong unit.
inline constexpr double kMinAtomDistance_A = 0.5;

/// Bytes of one line of a text input (XYZ, TLT): 1 MiB. XYZ lines hold a few
/// hundred characters; a longer one is a binary file or an endless stream.
inline constexpr std::size_t kMaxLineBytes = std::size_t(1) << 20;

/// Bytes of a .tlt file: 1 MiB (one angle a line; a series has at most
/// kMaxImages of them).
inline constexpr std::size_t kMaxTltBytes = std::size_t(1) << 20;

/// Bytes of a SerialEM .mdoc: 32 MiB (it holds about 1 kB of metadata per
/// image, so kMaxImages images fit).
inline constexpr std::size_t kMaxMdocBytes = std::size_t(32) << 20;

/// Points of one study: 100000 (the shipped paper-scale study has 48, each a
/// minute or more; a grid a thousand times larger is a typing slip, and its
/// list would take the memory before any point ran).
inline constexpr std::size_t kMaxStudyPoints = 100'000;

}  // namespace aet::limits
