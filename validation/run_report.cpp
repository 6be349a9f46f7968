#include "validation/run_report.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "recon/projector.hpp"
#include "validation/plot.hpp"

namespace aet::validation {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Why the traced atoms' analysis has no `measurement`: `none` (or "no
/// analysis of the atoms"), then the analysis's own notes on it.
std::string why_not_measured(const analysis::AnalysisReport* a, const std::string& measurement,
                             const std::string& none) {
  if (!a) return "no analysis of the atoms";
  std::string why = none;
  for (const auto& n : a->notes)
    if (n.rfind(measurement, 0) == 0) why += "; " + n;
  return why;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Palette indices of plot.cpp's Okabe-Ito colours.
constexpr int kBlue = 0, kVermillion = 1, kGreen = 2, kPink = 3, kOrange = 4, kSky = 5, kBlack = 6, kYellow = 7;

/// A folder for gnuplot's scripts and pictures, removed with this object.
class ScratchFolder {
 public:
  ScratchFolder() {
    static std::atomic<int> counter{0};
    std::error_code ec;
    const fs::path tmp = fs::temp_directory_path(ec);
    if (ec) throw Error(fmt::format("report.html: no folder for the scratch folder of the figures ({}; see TMPDIR)", ec.message()));
    path_ = tmp / fmt::format("aetbench-report-{}-{}", ::getpid(), counter++);
    fs::remove_all(path_, ec);
    if (!fs::create_directories(path_, ec) || ec)
      throw Error(fmt::format("report.html: cannot make the scratch folder {} ({})", path_.string(), ec.message()));
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// Figures, panels and curves by their leading fields (aggregates
/// initialised in part would leave the rest to -Wmissing-field-initializers).
PlotFigure make_figure(std::string name, std::string title, int columns, int width_px, int height_px) {
  PlotFigure f;
  f.name = std::move(name);
  f.title = std::move(title);
  f.columns = columns;
  f.panel_width_px = width_px;
  f.panel_height_px = height_px;
  return f;
}

PlotPanel make_panel(std::string title, std::string xlabel, std::string ylabel) {
  PlotPanel p;
  p.title = std::move(title);
  p.xlabel = std::move(xlabel);
  p.ylabel = std::move(ylabel);
  return p;
}

PlotCurve make_curve(std::string title, std::vector<std::array<double, 3>> points = {}) {
  PlotCurve c;
  c.title = std::move(title);
  c.points = std::move(points);
  return c;
}

PlotMark make_mark(std::string title, double x, int colour) {
  PlotMark m;
  m.title = std::move(title);
  m.x = x;
  m.colour = colour;
  return m;
}

/// `text` shown as it is by gnuplot's enhanced text mode (an underscore
/// there starts a subscript).
std::string literal(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == '_' || c == '^' || c == '@' || c == '&' || c == '~' || c == '{' || c == '}') s += '\\';
    s += c;
  }
  return s;
}

/// Renders the figure (SVG only: the page inlines the SVG) and adds it.
void add_figure(HtmlPage& page, const PlotFigure& f, const fs::path& dir, const std::string& caption) {
  std::string why;
  if (!render_figure(f, dir, &why, false)) throw Error(fmt::format("report.html: figure {}: {}", f.name, why));
  page.figure(dir / f.name, caption);
}

std::string cell(const json& v) {
  if (v.is_null()) return "–";
  if (v.is_number_float()) return std::isfinite(v.get<double>()) ? fmt::format("{:.6g}", v.get<double>()) : "–";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_primitive(); })) {
    std::string s;
    for (const auto& e : v) s += (s.empty() ? "" : ", ") + cell(e);
    return s;
  }
  return v.dump();
}

/// Rows (key path, value) of every value of `j` but arrays of objects,
/// which `tables` collects (by key path) to be tabulated apart.
void flatten(const json& j, const std::string& prefix, std::vector<std::vector<std::string>>& rows,
             std::vector<std::pair<std::string, const json*>>* tables) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    const json& v = it.value();
    if (v.is_object()) {
      flatten(v, key, rows, tables);
    } else if (v.is_array() && !v.empty() && v.front().is_object()) {
      if (tables) tables->push_back({key, &v});
      else rows.push_back({key, v.dump()});
    } else {
      rows.push_back({key, cell(v)});
    }
  }
}

/// An array of objects as a table: a row per element, a column per key.
void object_table(HtmlPage& page, const json& array) {
  std::vector<std::string> keys;
  for (const auto& e : array)
    for (auto it = e.begin(); it != e.end(); ++it)
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : array) {
    std::vector<std::string> r;
    for (const auto& k : keys) r.push_back(e.contains(k) ? cell(e[k]) : "");
    rows.push_back(r);
  }
  page.table(keys, rows);
}

void json_tables(HtmlPage& page, const json& j) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::pair<std::string, const json*>> tables;
  flatten(j, "", rows, &tables);
  page.table({"quantity", "value"}, rows);
  for (const auto& [key, array] : tables) {
    page.paragraph(key + ":");
    object_table(page, *array);
  }
}

Vec3 centroid(const AtomModel& m) {
  Vec3 c = Vec3::Zero();
  for (const Vec3& x : m.positions()) c += x;
  return m.empty() ? c : Vec3(c / double(m.size()));
}

/// The truth in the volume's frame, where the page draws it beside the
/// traced atoms: moved by the score's shift, then mapped back through the
/// scored frame (atoms = rotation^T (scored - offset)).
AtomModel truth_in_volume_frame(const RunReportInput& in) {
  AtomModel t = *in.truth;
  const auto& f = in.scored_frame;
  for (auto& r : t.positions()) r = f.rotation.transpose() * (r + in.score->applied_shift_A - f.offset_A);
  return t;
}

}  // namespace

std::vector<double> position_errors_pm(const RunReportInput& in) {
  if (!in.result || !in.truth || !in.score)
    throw Error("report.html: position errors need the run, the truth and its score");
  const auto& atoms = in.result->atoms;
  const auto& f = in.scored_frame;
  std::vector<double> pm(atoms.size(), std::numeric_limits<double>::quiet_NaN());
  for (const auto& m : in.score->pairs) {
    if (m.traced >= atoms.size() || m.truth >= in.truth->size())
      throw Error("report.html: the score's pairs do not index the run's atoms and the truth");
    const Vec3 d = f.rotation * atoms.positions()[m.traced] + f.offset_A - in.score->applied_shift_A -
                   in.truth->positions()[m.truth];
    pm[m.traced] = 100 * d.norm();
  }
  return pm;
}

namespace {

// ---- the Pd profile ----

/// Pd fraction in bins of `bin_A` of the depth, with its binomial sd.
std::vector<std::array<double, 3>> binned_fraction(const std::vector<double>& depth_A,
                                                   const std::vector<std::string>& species, double bin_A) {
  std::map<long, std::pair<std::size_t, std::size_t>> bins;  // atoms, Pd
  for (std::size_t a = 0; a < depth_A.size() && a < species.size(); ++a) {
    if (!std::isfinite(depth_A[a])) continue;
    auto& b = bins[std::lround(std::floor(depth_A[a] / bin_A))];
    ++b.first;
    b.second += species[a] == "Pd";
  }
  std::vector<std::array<double, 3>> pts;
  for (const auto& [k, b] : bins) {
    const double n = double(b.first), p = double(b.second) / n;
    pts.push_back({(double(k) + 0.5) * bin_A, p, std::sqrt(p * (1 - p) / n)});
  }
  return pts;
}

struct ProfileModel {
  std::string name;
  const AtomModel* model;
  const analysis::InterfaceReport* interface;
  int colour;
};

PlotFigure profile_figure(const std::vector<ProfileModel>& models, const RunReportOptions& o) {
  PlotFigure f = make_figure("profile", "Pd fraction against depth through the core-shell interface", 2, 560, 420);
  PlotPanel fit = make_panel(literal("true distance: erf fit (analysis.json's thickness_true_A)"),
                "depth from the fit's 50 % level (Å; < 0 towards the core)", "Pd fraction");
  PlotPanel paper = make_panel(literal("the paper's voxel layers (thickness_A)"), "depth from the 50 % crossing (Å; < 0 towards the core)",
                  "Pd fraction");
  fit.key = paper.key = PlotKey::Below;
  for (const auto& m : models) {
    const auto& in = *m.interface;
    PlotCurve pts = make_curve(m.name + ": atoms, " + fmt::format("{:g}", o.profile_bin_A) + " Å bins (± binomial sd)",
                               binned_fraction(in.atom_interface_depth_A, m.model->species(), o.profile_bin_A));
    pts.lines = false;
    pts.colour = m.colour;
    fit.curves.push_back(pts);
    const auto& e = in.true_fit;
    if (e.found) {
      PlotCurve curve = make_curve(m.name + ": erf fit");
      curve.colour = m.colour;
      curve.error_bars = false;
      curve.markers = false;
      curve.dashed = m.name == "truth";  // the traced fit often lies on it
      double lo = -8, hi = 8;
      for (const auto& p : pts.points) {
        lo = std::min(lo, p[0]);
        hi = std::max(hi, p[0]);
      }
      for (int k = 0; k <= 200; ++k) {
        const double d = lo + (hi - lo) * k / 200.0;
        const double y = e.pd_floor + (1 - e.pd_floor - e.pt_floor) * 0.5 * std::erfc(d / (e.sigma_A * std::sqrt(2.0)));
        curve.points.push_back({d, y, 0});
      }
      fit.curves.push_back(curve);
      fit.vlines.push_back(make_mark(fmt::format("{}: 5-95 % = {:.2f} Å", m.name, e.thickness_A), -e.thickness_A / 2, m.colour));
      fit.vlines.push_back(make_mark("", e.thickness_A / 2, m.colour));
    }
    const auto& p = in.paper;
    PlotCurve layers = make_curve(m.name + ": voxel layers (± binomial sd)");
    layers.colour = m.colour;
    for (const auto& l : p.layers)
      if (l.atoms > 0)
        layers.points.push_back({l.depth_A, l.pd_fraction, std::sqrt(l.pd_fraction * (1 - l.pd_fraction) / double(l.atoms))});
    paper.curves.push_back(layers);
    if (p.found) {
      paper.vlines.push_back(make_mark(fmt::format("{}: 95-5 % crossings, {:.2f} Å", m.name, p.thickness_A),
                                       (p.upper_crossing - p.zero_crossing) * in.layer_A, m.colour));
      paper.vlines.push_back(make_mark("", (p.lower_crossing - p.zero_crossing) * in.layer_A, m.colour));
    }
  }
  f.panels = {fit, paper};
  return f;
}

std::vector<std::vector<std::string>> thickness_rows(const std::vector<ProfileModel>& models) {
  auto a = [](bool found, double v) { return found ? fmt::format("{:.2f}", v) : std::string("not found"); };
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : models) {
    const auto& in = *m.interface;
    rows.push_back({m.name, a(in.true_fit.found, in.true_fit.thickness_A) + (in.true_fit_polyhedral ? " (polyhedral core)" : " (iso-surface)"),
                    a(in.iso_surface.found, in.iso_surface.thickness_A), a(in.paper.found, in.paper.thickness_A),
                    a(in.true_distance.found, in.true_distance.thickness_A)});
  }
  return rows;
}

// ---- the R-factor ----

PlotFigure r_factor_figure(const pipeline::PipelineResult& r) {
  PlotFigure f = make_figure("r_factor", "R-factor: the volume's projections against the images", 2, 520, 360);
  const auto& rep = r.reconstruction.report;
  PlotPanel resire = make_panel(
      literal(fmt::format("final {} ({} iterations, R = {:.4f})", rep.algorithm, rep.iterations, rep.r_factor)),
                   "iteration", "R-factor");
  PlotCurve it = make_curve("R per iteration");
  it.error_bars = false;
  for (std::size_t k = 0; k < rep.history_iterations.size() && k < rep.r_factor_history.size(); ++k)
    it.points.push_back({double(rep.history_iterations[k]), rep.r_factor_history[k], 0});
  resire.curves.push_back(it);
  resire.key = PlotKey::None;
  f.panels.push_back(resire);
  const auto& ar = r.reconstruction.refinement;
  if (ar.rounds > 0) {
    PlotPanel rounds = make_panel(literal(fmt::format("angular refinement ({} rounds, stop: {})", ar.rounds, ar.stop_reason)), "round",
                     "R-factor after the round's reconstruction");
    PlotCurve coarse = make_curve("binned images (coarse rounds)"), full = make_curve("full resolution");
    coarse.error_bars = full.error_bars = false;
    coarse.colour = kOrange;
    for (std::size_t k = 0; k < ar.r_factor_per_round.size(); ++k) {
      const bool binned = k < ar.binning_per_round.size() && ar.binning_per_round[k] > 1;
      (binned ? coarse : full).points.push_back({double(k + 1), ar.r_factor_per_round[k], 0});
    }
    rounds.curves = {coarse, full};
    rounds.key = PlotKey::Below;
    f.panels.push_back(rounds);
  } else {
    f.columns = 1;
  }
  return f;
}

// ---- the slices ----

struct Slab {
  int axis;  ///< the normal: 0 x, 1 y, 2 z
  int index;  ///< the voxel plane along it
  double plane_A;
};

/// The slab's mean image and the panel axes: xy (normal z), xz (normal y),
/// yz (normal x); rows along the second axis.
PlotImage slab_image(const Volume& v, const Slab& s, int half) {
  const double p = v.voxel_A();
  PlotImage im;
  const int n[3] = {v.nx(), v.ny(), v.nz()};
  const int u = s.axis == 2 ? 0 : s.axis == 1 ? 0 : 1;  // horizontal: x, x, y
  const int w = s.axis == 2 ? 1 : 2;                    // vertical: y, z, z
  im.nx = n[u];
  im.ny = n[w];
  im.step = p;
  im.x0 = -(n[u] / 2) * p;
  im.y0 = -(n[w] / 2) * p;
  im.values.assign(std::size_t(im.nx) * std::size_t(im.ny), 0.0f);
  const int lo = std::max(0, s.index - half), hi = std::min(n[s.axis] - 1, s.index + half);
  for (int row = 0; row < im.ny; ++row)
    for (int col = 0; col < im.nx; ++col) {
      double sum = 0;
      for (int t = lo; t <= hi; ++t) {
        int idx[3];
        idx[u] = col;
        idx[w] = row;
        idx[s.axis] = t;
        sum += v.at(idx[2], idx[1], idx[0]);
      }
      im.values[std::size_t(row) * std::size_t(im.nx) + std::size_t(col)] = float(sum / double(hi - lo + 1));
    }
  return im;
}

/// (horizontal, vertical) of a point in the slab's panel; whether it lies in the slab.
bool in_slab(const Vec3& r, const Slab& s, double half_A, std::array<double, 3>& out) {
  const int u = s.axis == 2 ? 0 : s.axis == 1 ? 0 : 1, w = s.axis == 2 ? 1 : 2;
  out = {r[u], r[w], 0};
  return std::fabs(r[s.axis] - s.plane_A) <= half_A;
}

const char* slab_name(int axis) { return axis == 2 ? "xy" : axis == 1 ? "xz" : "yz"; }

std::vector<Slab> slabs(const Volume& v, const Vec3& centre_A) {
  const double p = v.voxel_A();
  const int n[3] = {v.nx(), v.ny(), v.nz()};
  std::vector<Slab> out;
  for (int axis : {2, 1, 0}) {
    const int index = std::clamp(int(std::lround(centre_A[axis] / p)) + n[axis] / 2, 0, n[axis] - 1);
    out.push_back({axis, index, (index - n[axis] / 2) * p});
  }
  return out;
}

PlotPanel slab_panel(const Volume& v, const Slab& s, const RunReportOptions& o, const std::string& what) {
  const char* axes = slab_name(s.axis);
  PlotPanel panel = make_panel(fmt::format("{} slab at {} = {:.2f} Å (± {:g} Å): {}", axes, "xyz"[s.axis], s.plane_A,
                              o.slab_half_A, what),
                  fmt::format("{} (Å)", axes[0]), fmt::format("{} (Å)", axes[1]));
  panel.image = slab_image(v, s, int(std::lround(o.slab_half_A / v.voxel_A())));
  panel.equal_axes = true;
  panel.key = PlotKey::Below;
  return panel;
}

int species_colour(const std::vector<std::string>& species, const std::string& s) {
  static const int colours[] = {kSky, kOrange, kGreen, kPink, kYellow};
  const auto it = std::find(species.begin(), species.end(), s);
  return colours[std::size_t(it - species.begin()) % std::size(colours)];
}

PlotFigure slices_figure(const RunReportInput& in, const RunReportOptions& o) {
  const auto& r = *in.result;
  const Volume& v = r.reconstruction.volume;
  const auto ss = slabs(v, centroid(r.atoms));
  PlotFigure f = make_figure("slices", "the reconstruction: slabs through the traced atoms' centroid", 3, 420, 470);
  std::vector<std::string> species = r.classification.species;
  for (const auto& s : r.atoms.distinct_species())
    if (std::find(species.begin(), species.end(), s) == species.end()) species.push_back(s);
  for (const Slab& s : ss) {
    PlotPanel panel = slab_panel(v, s, o, "traced atoms by species");
    for (const auto& sp : species) {
      PlotCurve c = make_curve(sp);
      c.lines = c.error_bars = false;
      c.point_type = 6;
      c.point_size = 1.3;
      c.colour = species_colour(species, sp);
      std::array<double, 3> pt;
      for (std::size_t a = 0; a < r.atoms.size(); ++a)
        if (r.atoms.species()[a] == sp && in_slab(r.atoms.positions()[a], s, o.slab_half_A, pt)) c.points.push_back(pt);
      panel.curves.push_back(c);
    }
    f.panels.push_back(panel);
  }
  if (!in.truth || !in.score) return f;
  // Position errors as the score measured them: each traced atom mapped
  // into the scored frame, less the score's shift; the truth drawn where
  // that puts it in the volume's frame.
  const auto& sc = *in.score;
  const AtomModel truth_here = truth_in_volume_frame(in);
  const std::vector<double> errors_pm = position_errors_pm(in);
  const auto& e = o.error_classes_pm;
  std::vector<int> matched_to(r.atoms.size(), -1);
  std::vector<char> truth_matched(in.truth->size(), 0);
  for (const auto& m : sc.pairs) {
    matched_to[m.traced] = int(m.truth);
    truth_matched[m.truth] = 1;
  }
  for (const Slab& s : ss) {
    PlotPanel panel = slab_panel(v, s, o, "position error");
    const std::string label[] = {fmt::format("< {:g} pm", e[0]), fmt::format("{:g}-{:g} pm", e[0], e[1]),
                                 fmt::format("{:g}-{:g} pm", e[1], e[2]), fmt::format("> {:g} pm", e[2])};
    const int colour[] = {kGreen, kSky, kOrange, kVermillion};
    std::vector<PlotCurve> classes;
    for (int k = 0; k < 4; ++k) {
      PlotCurve c = make_curve(label[k]);
      c.lines = c.error_bars = false;
      c.point_type = 6;
      c.point_size = 1.3;
      c.colour = colour[k];
      c.keep_in_key = true;
      classes.push_back(c);
    }
    PlotCurve false_atoms = make_curve("false (no true atom within the match radius)"),
              missed = make_curve("missed true atom");
    false_atoms.lines = false_atoms.error_bars = missed.lines = missed.error_bars = false;
    false_atoms.point_type = 2;
    false_atoms.point_size = 1.3;
    false_atoms.colour = kPink;
    missed.point_type = 4;
    missed.point_size = 1.3;
    missed.colour = kYellow;
    false_atoms.keep_in_key = missed.keep_in_key = true;
    PlotCurve wrong = make_curve("wrong species (matched)");
    wrong.lines = wrong.error_bars = false;
    wrong.point_type = 1;
    wrong.point_size = 1.0;
    wrong.colour = kYellow;
    wrong.keep_in_key = true;
    std::array<double, 3> pt;
    for (std::size_t a = 0; a < r.atoms.size(); ++a) {
      if (!in_slab(r.atoms.positions()[a], s, o.slab_half_A, pt)) continue;
      if (matched_to[a] < 0) {
        false_atoms.points.push_back(pt);
        continue;
      }
      const double pm = errors_pm[a];
      const int k = pm < e[0] ? 0 : pm < e[1] ? 1 : pm < e[2] ? 2 : 3;
      classes[std::size_t(k)].points.push_back(pt);
      if (r.atoms.species()[a] != in.truth->species()[std::size_t(matched_to[a])]) wrong.points.push_back(pt);
    }
    for (std::size_t t = 0; t < in.truth->size(); ++t)
      if (!truth_matched[t] && in_slab(truth_here.positions()[t], s, o.slab_half_A, pt))
        missed.points.push_back(pt);
    panel.curves = classes;
    panel.curves.push_back(false_atoms);
    panel.curves.push_back(missed);
    panel.curves.push_back(wrong);
    f.panels.push_back(panel);
  }
  return f;
}

// ---- the tilt pair ----

struct TiltPair {
  PlotFigure figure;
  double tilt_deg = 0, r_factor = 0;
  int image = 0;
};

TiltPair tilt_pair(const pipeline::PipelineResult& r) {
  const TiltSeries& s = r.reconstruction.series;
  const Volume& v = r.reconstruction.volume;
  int k0 = 0;
  for (int k = 1; k < s.nt(); ++k)
    if (std::fabs(s.geometry().images[std::size_t(k)].tilt_deg) < std::fabs(s.geometry().images[std::size_t(k0)].tilt_deg))
      k0 = k;
  TiltGeometry g;
  g.images = {s.geometry().images[std::size_t(k0)]};
  const auto measured = s.image(k0);
  const TiltSeries one(s.ny(), s.nx(), s.pixel_A(), g, std::vector<float>(measured.begin(), measured.end()));
  const TiltSeries projected = recon::make_projector(recon::ProjectionGeometry::of(one, v.geometry()))->project(v);
  TiltPair t;
  t.image = k0;
  t.tilt_deg = g.images[0].tilt_deg;
  double num = 0, den = 0, lo = INFINITY, hi = -INFINITY, worst = 0;
  PlotImage a, b, d;
  a.ny = b.ny = d.ny = s.ny();
  a.nx = b.nx = d.nx = s.nx();
  a.step = b.step = d.step = s.pixel_A();
  a.x0 = b.x0 = d.x0 = -(s.nx() / 2) * s.pixel_A();
  a.y0 = b.y0 = d.y0 = -(s.ny() / 2) * s.pixel_A();
  a.values.assign(measured.begin(), measured.end());
  const auto model = projected.image(0);
  b.values.assign(model.begin(), model.end());
  for (std::size_t p = 0; p < a.values.size(); ++p) {
    const double m = a.values[p], q = b.values[p];
    num += std::fabs(q - m);
    den += std::fabs(m);
    lo = std::min(lo, m);
    hi = std::max(hi, m);
    d.values.push_back(float(m - q));
    worst = std::max(worst, std::fabs(m - q));
  }
  t.r_factor = den > 0 ? num / den : kNaN;
  PlotFigure& f = t.figure;
  f = make_figure("tilt_pair",
                  fmt::format("image {} at {:.2f}°: measured against the reconstruction's projection (R = {:.4f})", k0,
                              t.tilt_deg, t.r_factor),
                  3, 420, 400);
  PlotPanel pa = make_panel("measured (after pre-processing)", "u (Å)", "v (Å)"),
            pb = make_panel("projection of the volume", "u (Å)", "v (Å)"),
            pd = make_panel("measured - projection", "u (Å)", "v (Å)");
  pa.image = a;
  pb.image = b;
  pd.image = d;
  for (PlotPanel* p : {&pa, &pb, &pd}) {
    p->equal_axes = true;
    p->key = PlotKey::None;
    p->colour_box = true;
  }
  pa.cb_min = pb.cb_min = lo;
  pa.cb_max = pb.cb_max = hi;
  pd.diverging = true;
  pd.cb_min = -std::max(worst, 1e-30);
  pd.cb_max = std::max(worst, 1e-30);
  f.panels = {pa, pb, pd};
  return t;
}

// ---- the strain ----

PlotFigure strain_figure(const std::vector<std::tuple<std::string, const AtomModel*, const analysis::StrainReport*, Vec3>>& models,
                         const RunReportOptions& o) {
  PlotFigure f = make_figure(
      "strain", fmt::format("strain on the central slab (|z - z_c| ≤ {:g} Å), percent", o.strain_slab_half_A), 3, 400,
      330);
  std::vector<PlotPanel> panels;
  double largest = 0;
  for (const auto& [name, model, strain, shift] : models) {
    const double zc = centroid(*model).z() + shift.z();
    for (std::size_t k = 0; k < 3; ++k) {
      PlotPanel p = make_panel(fmt::format("{}: ε_{{{}}}", name, analysis::kStrainComponents[k]), "x (Å)", "y (Å)");
      PlotCurve c = make_curve("");
      c.palette = true;
      c.point_size = 1.1;
      for (std::size_t a = 0; a < model->size() && a < strain->strain.size(); ++a) {
        const Vec3 r = model->positions()[a] + shift;
        const double e = strain->strain[a][k];
        if (std::fabs(r.z() - zc) <= o.strain_slab_half_A && std::isfinite(e)) {
          c.points.push_back({r.x(), r.y(), 100 * e});
          largest = std::max(largest, std::fabs(100 * e));
        }
      }
      // Outlines: the scale's white middle would hide unstrained atoms.
      PlotCurve outline = make_curve("", c.points);
      outline.lines = outline.error_bars = false;
      outline.point_type = 6;
      outline.point_size = c.point_size;
      outline.colour = 8;  // grey
      p.curves = {c, outline};
      p.equal_axes = true;
      p.diverging = true;
      p.colour_box = true;
      p.cb_label = "strain (percent)";
      p.key = PlotKey::None;
      panels.push_back(p);
    }
  }
  // One scale for all maps, so that truth and traced compare by colour.
  const double range = o.strain_range_percent > 0 ? o.strain_range_percent : std::max(largest, 0.01);
  for (auto& p : panels) {
    p.cb_min = -range;
    p.cb_max = range;
  }
  f.panels = panels;
  return f;
}

}  // namespace

void require_gnuplot(const std::string& what) {
  if (!gnuplot_version())
    throw Error(fmt::format("{}: gnuplot does not run (install gnuplot-nox, or leave the report out)", what));
}

HtmlPage run_report(const RunReportInput& in, const RunReportOptions& o) {
  if (!in.result || !in.report) throw Error("report.html: no run to report");
  const auto& r = *in.result;
  const json& rep = *in.report;
  const bool truth = in.truth && in.score;
  ScratchFolder scratch;
  const fs::path& dir = scratch.path();
  HtmlPage page(in.title);
  page.heading(1, in.title);
  std::string counts;
  for (const auto& sp : r.classification.species)
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", r.atoms.count(sp), sp);
  page.paragraph(fmt::format("{} atoms traced ({}), R-factor {:.4f}; aetbench {}, seed {}.", r.atoms.size(), counts,
                             r.reconstruction.report.r_factor, cell(rep.value("version", json())),
                             cell(rep.value("seed", json()))));
  {
    const auto& st = r.status;
    std::string line = st.ok() ? fmt::format("Status: ok (R {:.2f} x the {:.4f} the images' noise allows).", st.r_ratio,
                                             st.expected_r_factor)
                               : "Status: SUSPECT, the run failed:";
    for (const auto& reason : st.reasons) line += " " + reason + ".";
    page.paragraph(line);
  }
  page.raw("<p>Sections: <a href=\"#score\">score</a> · <a href=\"#profile\">Pd profile</a> · "
           "<a href=\"#r-factor\">R-factor</a> · <a href=\"#slices\">slices</a> · <a href=\"#tilt-pair\">tilt "
           "image</a> · <a href=\"#strain\">strain</a> · <a href=\"#parameters\">parameters</a></p>\n");

  page.heading(2, truth ? "Score against the truth" : "Score", "score");
  if (truth) {
    json_tables(page, rep.contains("score") ? rep["score"] : to_json(*in.score));
    if (in.comparison) {
      page.paragraph("The paper's measurements (aetbench analyze) on the truth and on the traced atoms:");
      std::vector<std::vector<std::string>> rows;
      for (const auto& q : in.comparison->quantities)
        rows.push_back({q.key, cell(json(q.truth)), cell(json(q.traced)), cell(json(q.difference()))});
      page.table({"quantity", "truth", "traced", "traced - truth"}, rows);
    }
  } else {
    page.paragraph("No truth: the run is scored by its R-factor alone (below). aetbench score --truth scores its "
                   "atoms.xyz against a known model.");
  }

  page.heading(2, "Pd profile", "profile");
  std::vector<ProfileModel> models;
  if (truth && in.truth_analysis && in.truth_analysis->interface)
    models.push_back({"truth", in.truth, &*in.truth_analysis->interface, kBlack});
  if (in.traced_analysis && in.traced_analysis->interface)
    models.push_back({"traced", &r.atoms, &*in.traced_analysis->interface, kBlue});
  if (!in.traced_analysis || !in.traced_analysis->interface)
    page.paragraph("(no profile of the traced atoms: " +
                   why_not_measured(in.traced_analysis, "interface", "the analysis measured no interface") + ")");
  if (!models.empty()) {
    add_figure(page, profile_figure(models, o), dir,
               "The Pd fraction of the atoms against their depth through the interface. Left: the signed distance "
               "to the headline fit's core surface minus the erf's centre, the fit's 5-95 % width marked (analysis.json "
               "interface.thickness_true_A). Right: the paper's definition, cube-eroded voxel layers of 1.03 Å, its "
               "95 % and 5 % crossings marked (interface.thickness_A).");
    page.table({"model", "erf fit, 5-95 % (Å)", "iso-surface, isotonic 95-5 % (Å)", "paper's voxel layers (Å)",
                "true distance, binned (Å)"},
               thickness_rows(models));
  }

  page.heading(2, "R-factor", "r-factor");
  add_figure(page, r_factor_figure(r), dir,
             "R = Σ|projection - image| / Σ|image| over the pre-processed images. Left: the final reconstruction per "
             "iteration; right: each round of the angular refinement, before its geometry update (binned rounds "
             "on 2x binned images).");

  page.heading(2, "Slices of the reconstruction", "slices");
  add_figure(page, slices_figure(in, o), dir,
             truth ? "Each slab is the volume's mean over its thickness, in the volume's frame (Å, origin at the "
                     "centre voxel); circles: the traced atoms within the slab. Top: by species; bottom: by the "
                     "position error of the matched atom against the truth (as scored: turned back to the "
                     "truth's frame when the images were turned, after the score's global shift), "
                     "plus signs: matched atoms of the wrong species, crosses: false atoms, squares: true atoms "
                     "not found."
                   : "Each slab is the volume's mean over its thickness, in the volume's frame (Å, origin at the "
                     "centre voxel); circles: the traced atoms within the slab, by species. No truth: no error "
                     "overlay.");

  page.heading(2, "Measured and re-projected tilt image", "tilt-pair");
  const TiltPair tp = tilt_pair(r);
  add_figure(page, tp.figure, dir,
             fmt::format("The image nearest 0° (image {}, {:.2f}° after refinement) as the reconstruction saw it "
                         "(denoised, background subtracted, aligned), the final volume projected at that image's "
                         "geometry, and their difference; R of this image {:.4f}.",
                         tp.image, tp.tilt_deg, tp.r_factor));

  page.heading(2, "Strain", "strain");
  std::vector<std::tuple<std::string, const AtomModel*, const analysis::StrainReport*, Vec3>> strains;
  std::optional<AtomModel> truth_here;
  if (truth && in.truth_analysis && in.truth_analysis->strain) {
    truth_here = truth_in_volume_frame(in);
    strains.emplace_back("truth", &*truth_here, &*in.truth_analysis->strain, Vec3::Zero());
  }
  if (in.traced_analysis && in.traced_analysis->strain)
    strains.emplace_back("traced", &r.atoms, &*in.traced_analysis->strain, Vec3::Zero());
  if (!in.traced_analysis || !in.traced_analysis->strain)
    page.paragraph("(no strain of the traced atoms: " +
                   why_not_measured(in.traced_analysis, "strain", "the analysis measured none") + ")");
  if (!strains.empty()) {
    add_figure(page, strain_figure(strains, o), dir,
               "The local-linear strain of each atom (analysis/strain.hpp) against its grain's fitted lattice, "
               "atoms within the slab through the traced centroid's z" +
                   std::string(truth ? "; the truth moved by the score's shift (and turned, when the images "
                                       "were) into the volume's frame."
                                     : "."));
  }

  page.heading(2, "Parameters", "parameters");
  std::vector<std::vector<std::string>> run_rows;
  for (const char* key : {"version", "seed", "atoms", "r_factor", "r_factor_stop_reason", "geometry_refined"})
    if (rep.contains(key)) run_rows.push_back({key, cell(rep[key])});
  for (const char* key : {"input", "volume", "frame", "species", "demo"})
    if (rep.contains(key)) flatten(rep[key], key, run_rows, nullptr);
  page.table({"run", "value"}, run_rows);
  if (rep.contains("parameters")) {
    std::vector<std::vector<std::string>> rows;
    flatten(rep["parameters"], "", rows, nullptr);
    page.table({"parameter", "value"}, rows);
  }
  if (rep.contains("timings_s")) {
    std::vector<std::vector<std::string>> rows;
    flatten(rep["timings_s"], "", rows, nullptr);
    page.table({"stage", "seconds"}, rows);
  }
  return page;
}

}  // namespace aet::validation
