#pragma once
// The built-in demo (aetbench demo, make demo): the whole testbed on a small
// particle whose truth is known. Build a Pd@Pt truncated octahedron →
// simulate its ADF-STEM tilt series at the paper's acquisition → run the
// pipeline on the series alone (no truth) → score the traced atoms against
// the truth.
#include <cstdint>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "analysis/pipeline.hpp"
#include "core/atom_model.hpp"
#include "sim/simulate.hpp"
#include "validation/score.hpp"

namespace aet::validation {

struct DemoConfig {
  std::uint64_t seed = 1;
  int image_px = 96;    ///< square images at the paper's 0.343 Å pixels (33 Å field)
  int iterations = 100;  ///< RESIRE iterations
  bool refine_angles = true;
  bool ideal = false;  ///< sim::ideal_preset (no noise, thermal motion, film or misalignment)
};

struct DemoResult {
  AtomModel truth;
  sim::SimResult simulation;
  analysis::PipelineResult pipeline;
  ScoreReport score;
  nlohmann::json report;  ///< the pipeline's report.json plus "score"
};

DemoResult run_demo(const DemoConfig& config);

/// DIR/truth.xyz, DIR/series.mrc + series.tlt, and the pipeline's
/// atoms.xyz, volume.mrc, report.json (with the score) in DIR.
void write_demo_outputs(const std::filesystem::path& dir, const DemoResult& result);

}  // namespace aet::validation
