#pragma once
// The one-command pipeline: a tilt series (measured or simulated, no truth
// needed) → pre-processing and reconstruction (recon::reconstruct) → atom
// tracing → species classification. Its outputs are an external interface
// (aetbench pipeline): DIR/atoms.xyz, DIR/volume.mrc, DIR/report.json.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

#include "tracing/atom_tracing.hpp"
#include "tracing/position_refinement.hpp"
#include "tracing/projection_support.hpp"
#include "tracing/species_classification.hpp"
#include "core/outputs.hpp"
#include "core/tilt_series.hpp"
#include "recon/reconstruct.hpp"
#include "pipeline/status.hpp"

namespace aet::pipeline {

struct PipelineConfig {
  recon::ReconstructConfig recon;
  tracing::TracingOptions tracing;
  tracing::ClassificationOptions classification;
  /// Optional: atom positions refined against the projections
  /// (tracing/position_refinement.hpp) after classification.
  bool refine_positions = false;
  tracing::PositionRefinementOptions position_refinement;
  /// Optional: each atom's amplitude fitted to the projections (column
  /// `support`, tracing/projection_support.hpp), after classification and
  /// before the position refinement.
  bool projection_support = false;
  tracing::ProjectionSupportOptions support;
  StatusOptions status;
};

/// The paper's steps: per-image denoising (Wiener; the paper uses BM3D, see
/// recon/denoise.hpp), background subtraction, centre-of-mass/common-line
/// alignment, RESIRE with angular refinement (coarse to fine, with momentum
/// and warm starts), the volume cropped to the particle.
PipelineConfig default_pipeline_config();

/// The frame the traced atoms are in. Alignment and angular refinement move
/// each image's origin (ImageGeometry::shift_px), and the tilt-axis step
/// turns the images so that the axis is their y axis, so the
/// reconstruction's frame is the input's (volume-centre) frame moved
/// rigidly: input position = rotation * atom position + offset_A.
struct AtomFrame {
  /// "volume-centre" when the images were neither moved nor turned, "aligned"
  /// when moved only (origin where alignment put the particle's centre of
  /// mass), "tilt-axis" when turned (axes along the tilt axis, origin as aligned).
  std::string name = "volume-centre";
  Mat3 rotation = Mat3::Identity();  ///< Rz(tilt-axis angle), recon::axis_frame_rotation
  Vec3 offset_A = Vec3::Zero();
};

/// The rigid 3D offset that best explains every image's shift: the least-
/// squares d with (R_k d)_(u,v) = shift_k * pixel over all images k, in the
/// frame of the images as reconstructed; with the images turned by the
/// tilt-axis step (`tilt_axis_deg`), rotation Rz(deg) and offset Rz(deg) d.
AtomFrame atom_frame(const TiltSeries& reconstructed, double tilt_axis_deg = 0.0);

/// Positions of `atoms` (in `frame`) in the input's frame.
AtomModel in_input_frame(AtomModel atoms, const AtomFrame& frame);

struct PipelineResult {
  recon::Reconstruction reconstruction;
  tracing::TracingReport tracing;
  tracing::ClassificationReport classification;
  AtomModel atoms;  ///< species, positions in Å (in `frame`), per-atom peak/fit/intensity
  AtomFrame frame;
  std::optional<tracing::PositionRefinementReport> position_refinement;  ///< when it ran
  std::optional<tracing::ProjectionSupportReport> projection_support;    ///< when it ran
  /// Input images whose particle reaches the image edge (checked first).
  recon::EdgeCheck edge;
  /// "ok" or "suspect" (pipeline/status.hpp).
  RunStatus status;
  /// Wall time of each stage in seconds, in order.
  std::vector<std::pair<std::string, double>> seconds;
};

/// Runs every stage; progress on stderr. Throws aet::Error on bad input.
PipelineResult run_pipeline(const TiltSeries& series, const PipelineConfig& config);

/// report.json: status and its reasons, atoms, species counts, R-factor (final and history, and the noise's),
/// parameters, stage timings, tracing and classification reports, the
/// input's seed (when it has one) and the version.
nlohmann::json pipeline_report(const PipelineResult& result, const PipelineConfig& config,
                               const TiltSeries& input, const std::string& input_name);

/// Writes DIR/volume.mrc, DIR/atoms.xyz, DIR/config.toml (the command's
/// options, for replaying the run; when `config_toml` is not empty; else an
/// old one is removed), DIR/atoms.cmm and DIR/atoms.cxc (ChimeraX,
/// pipeline/chimerax.hpp) and DIR/report.json, all together or none
/// (core/outputs.hpp; report.json last, and an old report.json is gone
/// before any new file appears). Creates DIR if needed.
void write_pipeline_outputs(const std::filesystem::path& dir, const PipelineResult& result,
                            const nlohmann::json& report, const std::string& config_toml = {});
/// The same, staged into `outputs` for the caller to commit with its own files.
void stage_pipeline_outputs(OutputSet& outputs, const std::filesystem::path& dir, const PipelineResult& result,
                            const nlohmann::json& report, const std::string& config_toml = {});
/// The names of the files write_pipeline_outputs writes into DIR.
std::vector<std::string> pipeline_output_names();

}  // namespace aet::pipeline
