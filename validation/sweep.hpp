#pragma once
// Sweeps: the scored run of validation/demo.hpp repeated over particles x
// dose x tilt range x seeds, so that accuracy claims come with their spread
// and with how they fall as the acquisition gets worse (the paper presets at
// the paper's dose and tilt range, a quarter of the dose, +-60 deg).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "validation/demo.hpp"

namespace aet::validation {

struct SweepConfig {
  std::vector<std::string> particles{"small-to"};
  std::vector<double> dose_factors{DemoConfig{}.dose_factor};  ///< x the paper's dose
  std::vector<double> tilt_max_deg{DemoConfig{}.tilt_max_deg};  ///< +- range
  std::vector<std::uint64_t> seeds{1};
  int image_px = 0;       ///< 0: from each particle's extent
  int iterations = DemoConfig{}.iterations;  ///< RESIRE iterations
  bool refine_angles = true;
  /// Throws aet::Error (one line) on an empty list or a bad value.
  void validate() const;
};

struct SweepRun {
  DemoConfig config;
  std::size_t truth_atoms = 0;
  int image_px = 0;
  ScoreReport score;
  AnalysisComparison analysis;  ///< the paper's measurements on truth and traced atoms
  double r_factor = 0.0;
  double seconds = 0.0;
};

/// Runs every combination (particle-major, seeds innermost); `on_run` is
/// called after each (progress, incremental output). Deterministic per run.
std::vector<SweepRun> run_sweep(const SweepConfig& config,
                                const std::function<void(const SweepRun&, std::size_t done, std::size_t total)>& on_run = {});

/// One CSV line per run (header first): particle, dose factor, tilt range,
/// seed, atoms, recall, precision, RMSD (pm), species accuracy, R, seconds,
/// then what the pipeline does to three of the paper's measurements (traced
/// minus truth; empty where a model has none): mean bond length (Å), the
/// true-distance interface thickness (Å) and the five-fold axis's theta (°).
std::string sweep_csv(const std::vector<SweepRun>& runs);

/// {"config": ..., "runs": [...], "summary": [per particle x dose x tilt:
/// seeds, mean and worst recall / precision / species accuracy, mean and
/// worst RMSD]}.
nlohmann::json sweep_json(const SweepConfig& config, const std::vector<SweepRun>& runs);

/// DIR/sweep.csv and DIR/sweep.json (each written atomically). Creates DIR.
void write_sweep_outputs(const std::filesystem::path& dir, const SweepConfig& config,
                         const std::vector<SweepRun>& runs);

}  // namespace aet::validation
