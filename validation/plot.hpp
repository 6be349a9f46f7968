#pragma once
// Figures drawn by gnuplot (Debian's gnuplot-nox): a figure is panels of
// curves, each curve points with error bars; written as a self-contained
// gnuplot script (the data inline) and rendered to PNG and SVG. The study
// report and the demo's report page draw with it.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace aet::validation {

struct PlotCurve {
  std::string title;
  /// (x, y, error) per point; error 0 or NaN: none drawn. Points with a
  /// non-finite x or y are left out.
  std::vector<std::array<double, 3>> points;
  bool dashed = false;
  bool lines = true;  ///< join the points (false: markers only)
  int colour = 0;     ///< index into the figure's palette; curves of one colour share it
};

struct PlotPanel {
  std::string title, xlabel, ylabel;
  bool logx = false;
  std::vector<PlotCurve> curves;
  /// Horizontal reference lines (title, y).
  std::vector<std::pair<std::string, double>> hlines;
  bool diagonal = false;  ///< draw y = x (traced against truth)
  std::vector<double> xtics;  ///< tick marks at these x (empty: gnuplot's)
};

struct PlotFigure {
  std::string name;  ///< file stem: <name>.png, <name>.svg, <name>.gp
  std::string title;
  std::vector<PlotPanel> panels;
  int columns = 2;
  int panel_width_px = 520, panel_height_px = 380;
};

/// The gnuplot script drawing `figure` on `terminal_line` ("set terminal
/// ...") into `output`.
std::string gnuplot_script(const PlotFigure& figure, const std::string& terminal_line, const std::string& output);

/// "gnuplot <version>" when gnuplot runs, else nothing.
std::optional<std::string> gnuplot_version();

/// Writes DIR/<name>.gp and renders DIR/<name>.png and DIR/<name>.svg.
/// Returns false (and writes no picture) when gnuplot is missing or fails;
/// the reason goes to stderr.
bool render_figure(const PlotFigure& figure, const std::filesystem::path& dir);

}  // namespace aet::validation
