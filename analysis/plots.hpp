#pragma once
// gnuplot figures of an analysis: bond-length histograms, the interface
// profile, strain maps (SVG, with their data files and scripts).
#include <filesystem>

#include "analysis/analyze.hpp"
#include "core/atom_model.hpp"

namespace aet::analysis {

struct PlotOptions {
  /// The bins of the report's bond-length histograms (those it was analysed with).
  BondLengthOptions bonds;
  /// The strain maps show the atoms within this distance (Å) of the centroid's z.
  double strain_slab_half_A = 1.35;
};

/// Writes the plot data and gnuplot scripts into dir and runs gnuplot; returns
/// false (after a warning on stderr) when gnuplot is not available.
bool write_plots(const std::filesystem::path& dir, const AnalysisReport& report, const AtomModel& model,
                 const PlotOptions& options = {});

}  // namespace aet::analysis
