#pragma once
// The run report (report.html): one self-contained page (html_report.hpp)
// that shows a pipeline run instead of only listing its numbers. `aetbench
// demo` writes it beside report.json, and so does `aetbench pipeline
// --report` on data without a truth. Sections, each an anchor
// (report.html#<id>):
//   score       the score against the truth (demo only) and the paper's
//               measurements on truth and traced atoms
//   profile     the Pd fraction against depth, truth and traced, with the
//               5-95 % width of the erf fit and of the paper's voxel layers
//   r-factor    RESIRE's R-factor per iteration and per refinement round
//   slices      xy, xz, yz slabs of the volume with the atoms in each
//               overlaid by species, and (with a truth) by position error
//   tilt-pair   the image nearest 0° against the volume's projection there
//   strain      ε_xx, ε_yy, ε_zz of the atoms on the central slab
//   parameters  report.json's parameters, seed, version and timings
// Figures are drawn by gnuplot (plot.hpp) in a scratch folder and inlined.
#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analyze.hpp"
#include "analysis/plots.hpp"
#include "core/atom_model.hpp"
#include "pipeline/pipeline.hpp"
#include "validation/analysis_comparison.hpp"
#include "validation/html_report.hpp"
#include "validation/score.hpp"

namespace aet::validation {

struct RunReportOptions {
  /// Each slice is the volume's mean over ± this (Å) about its plane and
  /// shows the atoms within it: about half the closest spacing of Pd/Pt
  /// low-index atomic planes (d220 = 1.38 Å), so that a slice holds one
  /// plane of atoms, whichever way the particle lies.
  double slab_half_A = 0.7;
  /// The position-error classes of the matched atoms (pm): below the
  /// first, between each two, above the last.
  std::array<double, 3> error_classes_pm{10.0, 25.0, 50.0};
  /// The strain maps: the atoms within this (Å) of the centroid's z
  /// (aetbench analyze's plots' slab); the colour scale ± this (percent;
  /// 0: the largest |strain| shown, one scale for every map).
  double strain_slab_half_A = analysis::PlotOptions{}.strain_slab_half_A;
  double strain_range_percent = 0.0;
  /// Bin width of the Pd profile's points (Å): the paper's 1.03 Å layer.
  double profile_bin_A = 1.03;
};

/// What the page shows. `result` and `report` are required; a part left
/// null leaves its figures out, and the page says what is missing.
struct RunReportInput {
  std::string title = "aetbench run report";
  const pipeline::PipelineResult* result = nullptr;
  const nlohmann::json* report = nullptr;  ///< the run's report.json
  const analysis::AnalysisReport* traced_analysis = nullptr;  ///< analyze(result->atoms)
  /// The truth (the demo): the truth, its score (score_atoms(*truth,
  /// result->atoms)) and optionally its analysis and the comparison.
  const AtomModel* truth = nullptr;
  const ScoreReport* score = nullptr;
  const analysis::AnalysisReport* truth_analysis = nullptr;
  const AnalysisComparison* comparison = nullptr;
  /// The transform the scored atoms were given before score_atoms (scored =
  /// rotation atoms + offset_A, pipeline::AtomFrame): the page maps the
  /// volume-frame atoms through it before comparing them with the truth, and
  /// draws the truth back in the volume's frame. Identity: scored as traced.
  pipeline::AtomFrame scored_frame;
};

/// The position error (pm) the slices' error overlay colours each of the
/// run's traced atoms by: the atom mapped through `scored_frame`, less the
/// score's shift, against its matched true atom; NaN for a false atom.
/// Throws aet::Error without the run, the truth or its score.
std::vector<double> position_errors_pm(const RunReportInput& input);

/// Draws the figures and builds the page. Throws aet::Error (one line) when
/// gnuplot fails or the scratch folder cannot be made; then nothing is left.
HtmlPage run_report(const RunReportInput& input, const RunReportOptions& options = {});

/// Throws aet::Error naming `what` unless gnuplot runs: checked before a
/// long run whose report would need it.
void require_gnuplot(const std::string& what);

}  // namespace aet::validation
