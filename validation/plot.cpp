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
  s += terminal_line + "\n";
  s += fmt::format("set output {}\n", quoted(output));
  s += "set grid lc rgb '#dddddd'\nset border lw 1.2\nset tics nomirror\n";
  s += fmt::format("set multiplot layout {},{} title {} font ',14'\n", std::max(1, rows), std::max(1, cols), quoted(f.title));
  for (std::size_t p = 0; p < f.panels.size(); ++p) {
    const PlotPanel& panel = f.panels[p];
    s += fmt::format("set title {}\nset xlabel {}\nset ylabel {}\n", quoted(panel.title), quoted(panel.xlabel),
                     quoted(panel.ylabel));
    s += panel.logx ? "set logscale x\n" : "unset logscale x\n";
    s += "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\nset format x '%g'\nset format y '%g'\n";
    if (panel.xtics.empty()) {
      s += "set xtics autofreq\n";
    } else {
      s += "set xtics (";
      for (std::size_t i = 0; i < panel.xtics.size(); ++i) s += fmt::format("{}{:g}", i ? ", " : "", panel.xtics[i]);
      s += ")\n";
    }
    std::vector<std::string> items;
    std::size_t with_data = 0;
    for (std::size_t c = 0; c < panel.curves.size(); ++c) {
      const PlotCurve& cv = panel.curves[c];
      bool any = false;
      for (const auto& pt : cv.points) any = any || (std::isfinite(pt[0]) && std::isfinite(pt[1]));
      if (!any) continue;
      ++with_data;
      const char* colour = kPalette[std::size_t(cv.colour) % std::size(kPalette)];
      const std::string dash = cv.dashed ? "dt 2" : "dt 1";
      items.push_back(fmt::format("$p{}c{} using 1:2:3 with {} lc rgb '{}' lw 1.8 {} pt {} ps 0.9 title {}", p, c,
                                  cv.lines ? "yerrorlines" : "yerrorbars", colour, dash, cv.dashed ? 6 : 7,
                                  quoted(cv.title)));
    }
    // Many curves: the key below the plot, where it hides none of them.
    s += items.size() + panel.hlines.size() > 5 ? "set key below left font ',8' maxrows 6\n"
                                                : "set key top left font ',9' spacing 0.9 box opaque\n";
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

bool render_figure(const PlotFigure& f, const fs::path& dir) {
  const int rows = int((f.panels.size() + std::size_t(f.columns) - 1) / std::size_t(std::max(1, f.columns)));
  const int cols = std::min<int>(f.columns, int(f.panels.size()));
  // At least two panels wide, so that the figure's title fits.
  const int w = std::max(2, cols) * f.panel_width_px, h = std::max(1, rows) * f.panel_height_px + 40;
  const fs::path png = dir / (f.name + ".png"), svg = dir / (f.name + ".svg");
  const fs::path png_part = dir / ("." + f.name + ".png.part"), svg_part = dir / ("." + f.name + ".svg.part");
  const std::string script =
      gnuplot_script(f, fmt::format("set terminal pngcairo size {},{} font 'sans,10' enhanced", w, h), png_part.string()) +
      "reset\n" +
      gnuplot_script(f, fmt::format("set terminal svg size {},{} font 'sans,10' enhanced background '#ffffff'", w, h),
                     svg_part.string());
  const fs::path gp = dir / (f.name + ".gp");
  write_stream_atomically(gp, [&](std::ostream& out) { out << script; });
  const fs::path log = dir / ("." + f.name + ".log");
  const int rc = std::system(fmt::format("gnuplot {} >{} 2>&1", shell_quoted(gp.string()), shell_quoted(log.string())).c_str());
  std::error_code ec;
  if (rc != 0 || !fs::exists(png_part) || !fs::exists(svg_part)) {
    std::ifstream in(log);
    std::string why{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
    fmt::print(stderr, "plot {}: gnuplot failed ({})\n", f.name, why.empty() ? "is gnuplot installed?" : why);
    fs::remove(png_part, ec);
    fs::remove(svg_part, ec);
    fs::remove(log, ec);
    return false;
  }
  fs::remove(log, ec);
  fs::rename(png_part, png, ec);
  if (!ec) fs::rename(svg_part, svg, ec);
  return !ec;
}

}  // namespace aet::validation
