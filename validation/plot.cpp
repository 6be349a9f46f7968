#include "validation/plot.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

#include "core/atomic_write.hpp"

namespace aet::validation {

namespace fs = std::filesystem;

namespace {

// Colour-blind-safe (Okabe-Ito), then greys.
const char* const kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                "#56B4E9", "#000000", "#F0E442", "#999999", "#666666"};

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

std::string shell_quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string run_output(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(::popen(command.c_str(), "r"), ::pclose);
  if (!p) return {};
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p.get())) out += buf;
  return out;
}

}  // namespace

std::string gnuplot_script(const PlotFigure& f, const std::string& terminal_line, const std::string& output) {
  const int rows = int((f.panels.size() + std::size_t(f.columns) - 1) / std::size_t(std::max(1, f.columns)));
  const int cols = std::min<int>(f.columns, int(f.panels.size()));
  std::string s = fmt::format("# {} (aetbench; data inline)\n", f.title);
  // Data blocks first: one per curve.
  for (std::size_t p = 0; p < f.panels.size(); ++p)
    for (std::size_t c = 0; c < f.panels[p].curves.size(); ++c) {
      s += fmt::format("$p{}c{} << EOD\n", p, c);
      for (const auto& [x, y, e] : f.panels[p].curves[c].points)
        if (std::isfinite(x) && std::isfinite(y)) s += fmt::format("{:.9g} {:.9g} {:.9g}\n", x, y, std::isfinite(e) ? e : 0.0);
      s += "EOD\n";
    }
  // Images as matrices: a row per grid row, x fastest.
  for (std::size_t p = 0; p < f.panels.size(); ++p)
    if (const auto& im = f.panels[p].image) {
      s += fmt::format("$p{}img << EOD\n", p);
      for (int i = 0; i < im->ny; ++i) {
        for (int j = 0; j < im->nx; ++j) {
          const float v = im->values[std::size_t(i) * std::size_t(im->nx) + std::size_t(j)];
          s += fmt::format("{}{:.5g}", j ? " " : "", std::isfinite(v) ? v : 0.0f);
        }
        s += "\n";
      }
      s += "EOD\n";
    }
  s += terminal_line + "\n";
  s += fmt::format("set output {}\n", quoted(output));
  s += "set grid lc rgb '#dddddd'\nset border lw 1.2\nset tics nomirror\n";
  s += fmt::format("set multiplot layout {},{} title {} font ',14'\n", std::max(1, rows), std::max(1, cols), quoted(f.title));
  for (std::size_t p = 0; p < f.panels.size(); ++p) {
    const PlotPanel& panel = f.panels[p];
    s += fmt::format("set title {}\nset xlabel {}\nset ylabel {}\n", quoted(panel.title), quoted(panel.xlabel),
                     quoted(panel.ylabel));
    s += panel.logx ? "set logscale x\n" : "unset logscale x\n";
    const auto& im = panel.image;
    if (im) {
      // The axes span the image exactly, the grid would hide it.
      s += "set offsets 0, 0, 0, 0\nunset grid\nset tics front\n";
      s += fmt::format("set xrange [{:.9g}:{:.9g}]\nset yrange [{:.9g}:{:.9g}]\n", im->x0 - im->step / 2,
                       im->x0 + (im->nx - 0.5) * im->step, im->y0 - im->step / 2, im->y0 + (im->ny - 0.5) * im->step);
    } else {
      s += "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\nset grid lc rgb '#dddddd'\n"
           "set xrange [*:*]\nset yrange [*:*]\n";
    }
    s += "set format x '%g'\nset format y '%g'\n";
    s += panel.equal_axes ? "set size ratio -1\n" : "set size noratio\n";
    s += panel.diverging ? "set palette defined (0 '#2166ac', 0.5 '#f7f7f7', 1 '#b2182b')\n" : "set palette grey\n";
    if (std::isfinite(panel.cb_min) && std::isfinite(panel.cb_max) && panel.cb_min < panel.cb_max)
      s += fmt::format("set cbrange [{:.9g}:{:.9g}]\n", panel.cb_min, panel.cb_max);
    else
      s += "set cbrange [*:*]\n";
    s += panel.colour_box ? fmt::format("set colorbox\nset cblabel {}\n", quoted(panel.cb_label))
                          : "unset colorbox\nunset cblabel\n";
    s += "unset arrow\n";
    if (panel.xtics.empty()) {
      s += "set xtics autofreq\n";
    } else {
      s += "set xtics (";
      for (std::size_t i = 0; i < panel.xtics.size(); ++i) s += fmt::format("{}{:g}", i ? ", " : "", panel.xtics[i]);
      s += ")\n";
    }
    std::vector<std::string> items, empty_keys;
    std::size_t with_data = 0;
    if (im) {
      items.push_back(fmt::format("$p{}img matrix using ({:.9g} + $1 * {:.9g}):({:.9g} + $2 * {:.9g}):3 with image notitle",
                                  p, im->x0, im->step, im->y0, im->step));
      ++with_data;
    }
    for (std::size_t c = 0; c < panel.curves.size(); ++c) {
      const PlotCurve& cv = panel.curves[c];
      bool any = false;
      for (const auto& pt : cv.points) any = any || (std::isfinite(pt[0]) && std::isfinite(pt[1]));
      const char* colour = kPalette[std::size_t(cv.colour) % std::size(kPalette)];
      const std::string dash = cv.dashed ? "dt 2" : "dt 1";
      const int pt = cv.point_type >= 0 ? cv.point_type : cv.dashed ? 6 : 7;
      if (!any) {
        if (cv.keep_in_key && !cv.palette)
          empty_keys.push_back(fmt::format("NaN with {} lc rgb '{}' lw 1.8 {} pt {} ps {:g} title {}",
                                           cv.lines ? "linespoints" : "points", colour, dash, pt, cv.point_size,
                                           quoted(cv.title)));
        continue;
      }
      ++with_data;
      if (cv.palette)
        items.push_back(fmt::format("$p{}c{} using 1:2:3 with points lc palette pt {} ps {:g} title {}", p, c, pt,
                                    cv.point_size, quoted(cv.title)));
      else if (!cv.error_bars)
        items.push_back(fmt::format("$p{}c{} using 1:2 with {} lc rgb '{}' lw 1.8 {} pt {} ps {:g} title {}", p, c,
                                    !cv.lines ? "points" : cv.markers ? "linespoints" : "lines", colour, dash, pt,
                                    cv.point_size, quoted(cv.title)));
      else
        items.push_back(fmt::format("$p{}c{} using 1:2:3 with {} lc rgb '{}' lw 1.8 {} pt {} ps {:g} title {}", p, c,
                                    cv.lines ? "yerrorlines" : "yerrorbars", colour, dash, pt, cv.point_size,
                                    quoted(cv.title)));
    }
    // Legend entries of empty curves only beside some data (a plot of
    // nothing but NaN has no range).
    if (with_data > 0) items.insert(items.end(), empty_keys.begin(), empty_keys.end());
    for (std::size_t i = 0; with_data > 0 && i < panel.vlines.size(); ++i) {
      const PlotMark& m = panel.vlines[i];
      if (!std::isfinite(m.x)) continue;
      const char* colour = kPalette[std::size_t(m.colour) % std::size(kPalette)];
      s += fmt::format("set arrow {} from {:.9g}, graph 0 to {:.9g}, graph 1 nohead lc rgb '{}' lw 1.4 dt {} front\n",
                       i + 1, m.x, m.x, colour, m.dashed ? 2 : 1);
      // The line itself is the arrow; this draws only its legend entry.
      if (!m.title.empty())
        items.push_back(fmt::format("NaN with lines lc rgb '{}' lw 1.4 dt {} title {}", colour, m.dashed ? 2 : 1,
                                    quoted(m.title)));
    }
    // Many curves: the key below the plot, where it hides none of them.
    if (panel.key == PlotKey::None) s += "unset key\n";
    else if (panel.key == PlotKey::Below)  // a little below the axis label, which it would touch
      s += "set key below left font ',9' maxrows 6 height 1\n";
    else if (items.size() + panel.hlines.size() > 5)
      s += "set key below left font ',8' maxrows 6\n";
    else s += "set key top left font ',9' spacing 0.9 box opaque\n";
    if (with_data == 0) s += "set label 1 'no data' at graph 0.5, graph 0.5 center font ',14'\n";
    else s += "unset label 1\n";
    if (with_data > 0 && panel.diagonal) items.push_back("x with lines lc rgb '#888888' lw 1 dt 3 title 'y = x'");
    static const char* const greys[] = {"#000000", "#777777", "#aaaaaa"};
    for (std::size_t i = 0; i < panel.hlines.size(); ++i)
      items.push_back(fmt::format("{:.9g} with lines lc rgb '{}' lw 1.4 dt {} title {}", panel.hlines[i].second,
                                  greys[std::min<std::size_t>(i, 2)], i == 0 ? 1 : int(i) + 2, quoted(panel.hlines[i].first)));
    if (items.empty()) {
      // An empty panel still takes its place.
      s += "plot [0:1][0:1] NaN notitle\nunset label 1\n";
      continue;
    }
    s += "plot ";
    for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", \\\n     " : "") + items[i];
    s += "\n";
  }
  s += "unset multiplot\nset output\n";
  return s;
}

std::optional<std::string> gnuplot_version() {
  std::string v = run_output("gnuplot --version 2>/dev/null");
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.pop_back();
  if (v.empty()) return std::nullopt;
  return v;
}

bool render_figure(const PlotFigure& f, const fs::path& dir, std::string* why_failed, bool with_png) {
  const int rows = int((f.panels.size() + std::size_t(f.columns) - 1) / std::size_t(std::max(1, f.columns)));
  const int cols = std::min<int>(f.columns, int(f.panels.size()));
  // At least two panels wide, so that the figure's title fits.
  const int w = std::max(2, cols) * f.panel_width_px, h = std::max(1, rows) * f.panel_height_px + 40;
  const fs::path png = dir / (f.name + ".png"), svg = dir / (f.name + ".svg");
  const fs::path png_part = dir / ("." + f.name + ".png.part"), svg_part = dir / ("." + f.name + ".svg.part");
  const std::string script =
      (with_png ? gnuplot_script(f, fmt::format("set terminal pngcairo size {},{} font 'sans,10' enhanced", w, h),
                                 png_part.string()) +
                      "reset\n"
                : std::string()) +
      gnuplot_script(f, fmt::format("set terminal svg size {},{} font 'sans,10' enhanced background '#ffffff'", w, h),
                     svg_part.string());
  const fs::path gp = dir / (f.name + ".gp");
  write_stream_atomically(gp, [&](std::ostream& out) { out << script; });
  const fs::path log = dir / ("." + f.name + ".log");
  const int rc = std::system(fmt::format("gnuplot {} >{} 2>&1", shell_quoted(gp.string()), shell_quoted(log.string())).c_str());
  std::error_code ec;
  if (rc != 0 || (with_png && !fs::exists(png_part)) || !fs::exists(svg_part)) {
    std::ifstream in(log);
    std::string why{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
    const std::string message = fmt::format("gnuplot failed ({})", why.empty() ? "is gnuplot installed?" : why);
    if (why_failed) *why_failed = message;
    else fmt::print(stderr, "plot {}: {}\n", f.name, message);
    fs::remove(png_part, ec);
    fs::remove(svg_part, ec);
    fs::remove(log, ec);
    return false;
  }
  fs::remove(log, ec);
  if (with_png) fs::rename(png_part, png, ec);
  if (!ec) fs::rename(svg_part, svg, ec);
  if (ec && why_failed) *why_failed = fmt::format("cannot move the picture into place ({})", ec.message());
  return !ec;
}

}  // namespace aet::validation
