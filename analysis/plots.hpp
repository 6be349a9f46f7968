#pragma once
// gnuplot figures of an analysis: bond-length histograms, the interface
// profile, strain maps (SVG, with their data files and scripts).
#include <filesystem>

#include "analysis/analyze.hpp"
#include "core/atom_model.hpp"

namespace aet::analysis {

/// Writes the plot data and gnuplot scripts into dir and runs gnuplot; returns
/// false (after a warning on stderr) when gnuplot is not available.
bool write_plots(const std::filesystem::path& dir, const AnalysisReport& report, const AtomModel& model);

}  // namespace aet::analysis
