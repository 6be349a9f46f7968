// ChimeraX marker file and command script of a pipeline run (pipeline/chimerax.hpp).
#include "pipeline/chimerax.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

#include "core/atomic_write.hpp"

namespace aet::pipeline {

std::array<double, 3> species_colour(const std::string& symbol) {
  static const std::map<std::string, std::array<int, 3>> jmol{
      {"Pd", {0, 105, 133}}, {"Pt", {208, 208, 224}}, {"Au", {255, 209, 35}}, {"Ag", {192, 192, 192}},
      {"Cu", {200, 128, 51}}, {"Ni", {80, 208, 80}},  {"Co", {240, 144, 160}}, {"Fe", {224, 102, 51}}};
  const auto it = jmol.find(symbol);
  const std::array<int, 3> c = it == jmol.end() ? std::array<int, 3>{128, 128, 128} : it->second;
  return {c[0] / 255.0, c[1] / 255.0, c[2] / 255.0};
}

std::string chimerax_markers(const AtomModel& atoms, double radius_A) {
  std::string out = "<marker_set name=\"atoms\">\n";
  for (std::size_t a = 0; a < atoms.size(); ++a) {
    const auto& r = atoms.positions()[a];
    const auto c = species_colour(atoms.species()[a]);
    out += fmt::format(
        "<marker id=\"{}\" x=\"{:.4f}\" y=\"{:.4f}\" z=\"{:.4f}\" r=\"{:.4f}\" g=\"{:.4f}\" b=\"{:.4f}\" "
        "radius=\"{:.3f}\" note=\"{}\"/>\n",
        a + 1, r.x(), r.y(), r.z(), c[0], c[1], c[2], radius_A, atoms.species()[a]);
  }
  out += "</marker_set>\n";
  return out;
}

std::string chimerax_script(const std::string& volume_file, const std::string& markers_file, double level) {
  // ChimeraX runs a script from its own folder, so relative names resolve
  // beside it wherever the run folder is moved.
  std::string out = "# aetbench pipeline: the reconstruction and the traced atoms (markers coloured by species)\n";
  out += fmt::format("open {} format mrc\n", volume_file);
  if (level > 0) out += fmt::format("volume #1 style surface level {:.6g} transparency 0.6\n", level);
  out += fmt::format("open {}\n", markers_file);
  out += "view\n";
  return out;
}

void write_chimerax_files(const std::filesystem::path& dir, const AtomModel& atoms, double level) {
  write_stream_atomically(dir / "atoms.cmm", [&](std::ostream& out) { out << chimerax_markers(atoms); });
  write_stream_atomically(dir / "atoms.cxc",
                          [&](std::ostream& out) { out << chimerax_script("volume.mrc", "atoms.cmm", level); });
}

}  // namespace aet::pipeline
