#pragma once
// The pipeline's options on the command line, one list for every command
// that runs the pipeline: aetbench pipeline on a measured series, aetbench
// baseline check on the guarded cases (so a candidate setting can be tried
// against the baselines before it becomes a default).
#include <CLI/CLI.hpp>
#include <string>

#include "pipeline/pipeline.hpp"

namespace aet::cli {

struct PipelineOptions {
  pipeline::PipelineConfig config;  ///< what the options bind to, set to the defaults on registration
  std::string species;              ///< comma-separated
  bool no_background = false, no_align = false, no_refine = false, no_crop = false, no_local = false,
       no_denoise = false;
};

/// Registers the pipeline's options on `cmd`; each shows its value in
/// `defaults`, which is what an option not given keeps.
void add_pipeline_options(CLI::App& cmd, PipelineOptions& options, const pipeline::PipelineConfig& defaults);

/// --intensity, --box and --blob-sigma: the species classification's measure
/// (`aetbench trace` takes them too).
void add_intensity_options(CLI::App& cmd, tracing::ClassificationOptions& c);

/// The configuration the parsed options describe.
pipeline::PipelineConfig pipeline_config(const PipelineOptions& options);

}  // namespace aet::cli
