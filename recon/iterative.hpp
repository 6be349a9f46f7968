#pragma once
// What every iterative reconstruction shares: the stop criteria, the report
// it returns (iterations, R-factor history), and the paper's R-factor
//   R = (1/N) Σθ Σx,y |Πθ(O) − bθ| / Σx,y |bθ|.
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/metadata.hpp"
#include "core/tilt_series.hpp"
#include "recon/projector.hpp"

namespace aet::recon {

/// When an iterative algorithm stops.
struct StopCriteria {
  int iterations = 200;  ///< at most this many iterations
  /// Stop early when the R-factor improved by less than this (relative) over
  /// the last `report_every` iterations; 0 never stops early.
  double min_relative_improvement = 0.0;
  int report_every = 10;  ///< R-factor computed (and logged) every k iterations
  bool log = true;        ///< progress on stderr
};

/// What an iterative algorithm did.
struct Report {
  std::string algorithm;
  int iterations = 0;
  std::vector<int> history_iterations;  ///< iteration number of each history entry
  std::vector<double> r_factor_history; ///< the R-factor after those iterations
  double r_factor = 0.0;                ///< final R-factor
  double seconds = 0.0;
  /// Why it stopped: "iterations" (the limit reached) or "converged" (the
  /// R-factor improved by less than StopCriteria::min_relative_improvement).
  std::string stop_reason;
  /// Writes algorithm, iterations, r_factor and the history under `prefix`.
  void to_metadata(Metadata& meta, const std::string& prefix = "recon.") const;
};

/// The paper's R-factor between model projections and measured images
/// (both nt images of image_size pixels, TiltSeries layout).
double r_factor(std::span<const float> model, std::span<const float> measured, int nt, std::size_t image_size);
/// Per-image terms Σ|model − measured| / Σ|measured|.
std::vector<double> r_factor_per_image(std::span<const float> model, std::span<const float> measured, int nt,
                                       std::size_t image_size);

/// The R-factor that the noise alone leaves: that of a model whose
/// projections are the noiseless images exactly. Its residual is then the
/// noise, Gaussian (shot noise of many counts, read noise, and either
/// through a linear filter) with standard deviation σθ on the nθ pixels of
/// image θ that carry any (after background subtraction, the mask's; the
/// rest are exactly zero), and E|n| = σ √(2/π), so
///   E R = (1/N) Σθ nθ σθ √(2/π) / Σx,y |bθ|.
/// A reconstruction fits a little of the noise (R below this) and misses a
/// little of the signal (above it); one far above it has failed.
double noise_r_factor(std::span<const float> measured, int nt, std::size_t image_size,
                      std::span<const double> noise_sigma, std::span<const std::size_t> noise_pixels);

/// Throws aet::Error (one line naming the image) for input no reconstruction
/// can use: no images, NaN or infinite pixels, an all-zero image.
void check_reconstructible(const TiltSeries& series);

/// The loop every iterative algorithm shares: each iteration computes the
/// residual Πx − b (into `residual`, projection layout) and calls
/// update(residual) to change x (it may overwrite the residual); the R-factor of the current x is computed
/// every `report_every` iterations and after the last. No allocation inside.
/// `finalize` (optional) is called once when the iterations end, before the
/// final R-factor: an accelerated method whose projected point x is an
/// extrapolation writes its last iterate there.
Report iterate(const Projector& op, std::span<const float> measured, std::span<const float> x,
               std::span<float> residual, const StopCriteria& stop, const std::string& name,
               const std::function<void(std::span<float> residual)>& update,
               const std::function<void()>& finalize = {});

}  // namespace aet::recon
