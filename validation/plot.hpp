#pragma once
// Figures drawn by gnuplot (Debian's gnuplot-nox): a figure is panels of
// curves, each curve points with error bars; written as a self-contained
// gnuplot script (the data inline) and rendered to PNG and SVG. The study
// report and the demo's report page draw with it.
#include <array>
#include <filesystem>
#include <limits>
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
  bool error_bars = true;  ///< false: plain lines or markers, the third value unused
  /// Markers coloured by the third value on the panel's palette (no error
  /// bars, no line).
  bool palette = false;
  int point_type = -1;  ///< gnuplot's pt (6 open circle, 2 cross, 4 open square); -1: filled circle, open when dashed
  double point_size = 0.9;
  bool markers = true;  ///< with lines: draw the markers too
  /// In the legend even without points (a class of markers that may be
  /// empty, e.g. missed atoms).
  bool keep_in_key = false;
};

/// A map drawn under a panel's curves: a regular grid of values, row-major
/// with x fastest, the centre of value (i, j) at (x0 + j step, y0 + i step).
struct PlotImage {
  int ny = 0, nx = 0;
  std::vector<float> values;
  double x0 = 0.0, y0 = 0.0, step = 1.0;
};

/// A vertical reference line across a panel (x), in the legend as `title`.
struct PlotMark {
  std::string title;
  double x = 0.0;
  int colour = 0;
  bool dashed = true;
};

enum class PlotKey { Auto, Below, None };

struct PlotPanel {
  std::string title, xlabel, ylabel;
  bool logx = false;
  std::vector<PlotCurve> curves;
  /// Horizontal reference lines (title, y).
  std::vector<std::pair<std::string, double>> hlines;
  bool diagonal = false;  ///< draw y = x (traced against truth)
  std::vector<double> xtics;  ///< tick marks at these x (empty: gnuplot's)
  std::vector<PlotMark> vlines;
  std::optional<PlotImage> image;  ///< drawn first, on the palette; the axes then span it
  bool equal_axes = false;         ///< one unit as long on both axes (maps, slices)
  /// The colour scale of the image and of palette curves: grey (black to
  /// white) or diverging (blue, white, red), over [cb_min, cb_max] (NaN:
  /// the data's); a colour box labelled cb_label when `colour_box`.
  bool diverging = false;
  double cb_min = std::numeric_limits<double>::quiet_NaN(), cb_max = std::numeric_limits<double>::quiet_NaN();
  bool colour_box = false;
  std::string cb_label;
  PlotKey key = PlotKey::Auto;
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

/// Writes DIR/<name>.gp and renders DIR/<name>.png and DIR/<name>.svg
/// (only the SVG when `png` is false). Returns false (and writes no
/// picture) when gnuplot is missing or fails; the reason goes to `why`
/// when given, else to stderr.
bool render_figure(const PlotFigure& figure, const std::filesystem::path& dir, std::string* why = nullptr,
                   bool png = true);

}  // namespace aet::validation
