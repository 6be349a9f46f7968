// Plots with gnuplot (run as a program): the Pd profile with the interface
// highlighted, CN and bond-length histograms, strain maps on a central slice
// and the isolated-atom histogram. Data files (*.dat) and scripts (*.gp) stay
// beside the SVG files so that a plot can be re-made or restyled by hand.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "analysis/plots.hpp"

namespace aet::analysis {

namespace {

namespace fs = std::filesystem;

bool have_gnuplot() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

void write_file(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

bool write_plots(const fs::path& dir, const AnalysisReport& r, const AtomModel& model, const PlotOptions& o) {
  std::string gp = "set terminal svg size 800,560 dynamic enhanced font 'sans,12'\nset grid\n";
  // Coordination histogram.
  {
    std::string d = "# cn atoms\n";
    for (std::size_t c = 0; c < r.coordination.histogram.size(); ++c)
      d += fmt::format("{} {}\n", c, r.coordination.histogram[c]);
    write_file(dir / "cn_histogram.dat", d);
    gp += "set output 'cn_histogram.svg'\nset xlabel 'coordination number'\nset ylabel 'atoms'\n"
          "set style fill solid 0.6\nset boxwidth 0.8\nplot 'cn_histogram.dat' using 1:2 with boxes title 'CN'\n";
  }
  // Bond-length histograms by pair type.
  {
    std::string d = "# bond_A";
    std::vector<const BondStats*> cols{&r.bonds.all};
    std::vector<std::string> names{"all"};
    for (const auto& [k, b] : r.bonds.by_pair) {
      cols.push_back(&b);
      names.push_back(k);
    }
    for (const auto& nm : names) d += " " + nm;
    d += "\n";
    for (std::size_t b = 0; b < r.bonds.all.histogram.size(); ++b) {
      d += fmt::format("{:.4f}", o.bonds.histogram_min_A + (double(b) + 0.5) * o.bonds.histogram_bin_A);
      for (const auto* c : cols) d += fmt::format(" {}", b < c->histogram.size() ? c->histogram[b] : 0);
      d += "\n";
    }
    write_file(dir / "bond_lengths.dat", d);
    gp += "set output 'bond_lengths.svg'\nset xlabel 'bond length (Å)'\nset ylabel 'bonds'\nplot ";
    for (std::size_t c = 0; c < names.size(); ++c)
      gp += fmt::format("{}'bond_lengths.dat' using 1:{} with steps lw 2 title '{}'", c ? ", " : "", c + 2, names[c]);
    gp += "\n";
  }
  // Interface profile, both definitions, interface band shaded.
  if (r.interface) {
    const auto& in = *r.interface;
    for (const auto& [name, p] : {std::pair<std::string, const InterfaceProfile*>{"profile_paper", &in.paper},
                                  {"profile_true", &in.true_distance}}) {
      std::string d = "# depth_A pd_fraction atoms cn_pt_pd cn_pd_pt\n";
      for (const auto& l : p->layers)
        d += fmt::format("{:.4f} {:.5f} {} {:.4f} {:.4f}\n", l.depth_A, l.pd_fraction, l.atoms, l.cn_pt_pd, l.cn_pd_pt);
      write_file(dir / (name + ".dat"), d);
    }
    const double a = (in.paper.upper_crossing - in.paper.zero_crossing) * in.layer_A;
    const double b = (in.paper.lower_crossing - in.paper.zero_crossing) * in.layer_A;
    gp += "set output 'interface_profile.svg'\nset xlabel 'depth from the 50 % Pd crossing (Å)'\n"
          "set ylabel 'Pd fraction'\nset yrange [0:1.05]\n";
    if (std::isfinite(a) && std::isfinite(b))
      gp += fmt::format("set object 1 rect from {:.3f},0 to {:.3f},1.05 fc rgb '#cce0ff' fs solid 0.5 behind\n", a, b);
    gp += fmt::format(
        "plot 'profile_paper.dat' using 1:2 with linespoints lw 2 title 'voxel layers (paper): {:.2f} Å', "
        "'profile_true.dat' using 1:2 with linespoints lw 2 "
        "title 'true distance, binned: {:.2f} Å (erf fit: {:.2f} Å)'\n"
        "unset object 1\nset yrange [*:*]\n",
        in.paper.thickness_A, in.true_distance.thickness_A, in.true_fit.thickness_A);
    gp += "set output 'interface_cn.svg'\nset ylabel 'mean CN'\n"
          "plot 'profile_paper.dat' using 1:4 with linespoints title 'CN-Pt_{Pd}', "
          "'' using 1:5 with linespoints title 'CN-Pd_{Pt}'\n";
  }
  // Isolated Pd cluster sizes.
  {
    std::string d = "# size clusters\n";
    for (const auto& [size, count] : r.isolated.pd.size_histogram) d += fmt::format("{} {}\n", size, count);
    if (r.isolated.pd.size_histogram.empty()) d += "1 0\n";
    write_file(dir / "isolated_pd.dat", d);
    gp += "set output 'isolated_pd.svg'\nset xlabel 'isolated Pd cluster size (atoms)'\nset ylabel 'clusters'\n"
          "set style fill solid 0.6\nset boxwidth 0.8\nplot 'isolated_pd.dat' using 1:2 with boxes title 'Pd'\n";
  }
  // Strain maps: a slab through the centroid, normal to z.
  if (r.strain) {
    Vec3 c = Vec3::Zero();
    for (const auto& p : model.positions()) c += p;
    c /= double(model.size());
    std::string d = "# x_A y_A xx yy zz yz xz xy (percent)\n";
    for (std::size_t i = 0; i < model.size(); ++i) {
      const Vec3& p = model.positions()[i];
      if (std::fabs(p.z() - c.z()) > o.strain_slab_half_A || std::isnan(r.strain->strain[i][0])) continue;
      d += fmt::format("{:.3f} {:.3f}", p.x(), p.y());
      for (std::size_t k = 0; k < 6; ++k) d += fmt::format(" {:.4f}", 100 * r.strain->strain[i][k]);
      d += "\n";
    }
    write_file(dir / "strain_slice.dat", d);
    gp += "set terminal svg size 1200,800 dynamic enhanced font 'sans,11'\nset output 'strain_slice.svg'\n";
    gp += fmt::format("set multiplot layout 2,3 title 'strain (%) on the central slice (|z - z_c| < {:g} Å)'\n",
                      o.strain_slab_half_A);
    gp += "set size ratio -1\nset palette defined (-2 'blue', 0 'white', 2 'red')\nset cbrange [-2:2]\n"
          "unset xlabel\nunset ylabel\n";
    for (std::size_t k = 0; k < 6; ++k)
      gp += fmt::format("set title 'ε_{{{}}}'\nplot 'strain_slice.dat' using 1:2:{} with points pt 7 ps 0.6 "
                        "palette notitle\n",
                        kStrainComponents[k], k + 3);
    gp += "unset multiplot\n";
  }
  write_file(dir / "plots.gp", gp);
  if (!have_gnuplot()) {
    std::fprintf(stderr, "aetbench: warning: gnuplot not found on the PATH; plots skipped (data and plots.gp written)\n");
    return false;
  }
  const std::string cmd = fmt::format("cd '{}' && gnuplot plots.gp >/dev/null 2>gnuplot.log", dir.string());
  if (std::system(cmd.c_str()) != 0) {
    std::fprintf(stderr, "aetbench: warning: gnuplot failed; see %s\n", (dir / "gnuplot.log").string().c_str());
    return false;
  }
  return true;
}

}  // namespace aet::analysis
