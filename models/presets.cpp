#include "models/presets.hpp"

#include <optional>

#include "core/error.hpp"
#include "models/icosahedron.hpp"

namespace aet::models {

std::vector<std::string> preset_names() { return {"pb", "epb", "to"}; }

std::vector<std::string> extra_shape_names() { return {"ico", "amorphous"}; }

std::vector<std::string> small_particle_names() {
  return {"small-to", "small-decahedron", "small-ico", "small-amorphous", "medium-decahedron"};
}

std::vector<std::string> scored_particle_names() {
  std::vector<std::string> names = small_particle_names();
  for (const auto& p : preset_names()) names.push_back(p);
  return names;
}

namespace {

[[noreturn]] void unknown(std::string_view name) {
  std::vector<std::string> names = preset_names();
  for (const auto& list : {extra_shape_names(), small_particle_names()})
    names.insert(names.end(), list.begin(), list.end());
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown particle '" + std::string(name) + "' (expected one of " + known + ")");
}

/// The small particles of small_particle_names(), nullopt for another name.
std::optional<ParticleConfig> small_particle(std::string_view name) {
  ParticleConfig p;
  if (name == "small-to") {
    // A small truncated octahedron (225 atoms, ~18 Å across): Pd core, Pt
    // shell, a 2 Å interface.
    p.shape = TruncatedOctahedronShape{{9.0, 10.0, 11.0}, {5.0, 6.0, 11.0}};
  } else if (name == "small-decahedron") {
    // A small Marks decahedron with its five twins (the PB's shape at a
    // third of its size): ~20 Å across, Pd core, Pt shell, 2 Å interface.
    p.shape = DecahedronShape{{9.5, 9.0, 10.0}, {5.5, 5.0, 6.0}};
  } else if (name == "small-ico") {
    // A Mackay icosahedron of 4 shells (309 atoms, ~22 Å vertex to vertex,
    // twenty twinned tetrahedra), Pd core of 2 shells: no fcc lattice.
    p = icosahedron_config(4, 2);
  } else if (name == "small-amorphous") {
    // A random dense packing in a 10 Å sphere (no lattice at all), Pd core
    // sphere of 6 Å.
    p = amorphous_config(10.0, 6.0, 7);
  } else if (name == "medium-decahedron") {
    // The small decahedron at about 1.7 times its size (~35 Å across, 1403
    // atoms): between the small particles and the paper-scale presets, still
    // a few minutes of CPU (the regression baselines' larger case).
    p.shape = DecahedronShape{{16.5, 15.5, 17.0}, {9.5, 9.0, 10.0}};
  } else {
    return std::nullopt;
  }
  p.name = std::string(name);
  p.composition.interface_width_A = 2.0;
  return p;
}

}  // namespace

ParticleConfig icosahedron_config(int shells, int core_shells, double lattice_A) {
  if (shells < 1 || shells > kMaxIcosahedronShells)
    throw Error("icosahedron: shells must be 1 to " + std::to_string(kMaxIcosahedronShells) + ", got " +
                std::to_string(shells));
  if (core_shells < 0 || core_shells >= shells)
    throw Error("icosahedron: core shells must be 0 to " + std::to_string(shells - 1) + ", got " +
                std::to_string(core_shells));
  ParticleConfig c;
  c.name = "ico";
  c.lattice_A = lattice_A;
  c.shape = IcosahedronShape{icosahedron_facet_distance_A(shells, lattice_A),
                             (core_shells + 0.5) * icosahedron_layer_spacing_A(lattice_A)};
  return c;
}

ParticleConfig amorphous_config(double radius_A, double core_radius_A, std::uint32_t packing_seed) {
  ParticleConfig c;
  c.name = "amorphous";
  AmorphousShape s{radius_A, core_radius_A};
  s.packing.seed = packing_seed;
  c.shape = s;
  return c;
}

ParticleConfig preset(std::string_view name) {
  if (name == "ico") return icosahedron_config();
  if (name == "amorphous") return amorphous_config();
  if (auto small = small_particle(name)) return *small;
  ParticleConfig c;
  c.name = std::string(name);
  if (name == "pb") {
    // Pentagonal bipyramid. The reference PB is 58 Å along its five-fold axis
    // and 86 Å across (vertices 44 Å from the axis), with blunt apices: {110}
    // tips at 29 Å, {100} sides at 35.6 Å (vertex radius 35.6 / cos 36 deg),
    // {111} caps at 29.5 Å; two grains one {100} layer smaller (the paper:
    // PB's grains are almost the same size). Its Pd core is ~35 Å along the
    // axis and ~50 Å across.
    DecahedronShape s{{29.5, 35.6, 29.0}, {16.5, 20.0, 15.0}};
    s.grain_side100_shift_A = {-1.0, 0.0, -1.0, 0.0, 0.0};
    c.shape = s;
  } else if (name == "epb") {
    // Elongated pentagonal bipyramid (Ino decahedron): the reference is 61 Å
    // along the axis, blunt-tipped, and flattened across (principal sd 9.7
    // and 12.9 Å): {111} caps at 27.5 Å, {110} tips at 30.5 Å, {100} sides
    // at 22.5 Å shifted per grain from -4 to +2 Å (the paper: the EPB's
    // grains vary much in size), core elongated along the axis.
    DecahedronShape s{{27.5, 22.5, 30.5}, {17.0, 14.0, 30.5}};
    s.grain_side100_shift_A = {-2.0, 2.0, -4.0, 2.0, -2.0};
    c.shape = s;
  } else if (name == "to") {
    // Truncated octahedron: the reference is 59-69 Å across; {111} facets at
    // 29 Å, {100} at 31 Å, edges slightly rounded by {110} at 31 Å.
    c.shape = TruncatedOctahedronShape{{29.0, 31.0, 31.0}, {20.8, 22.8, 31.0}};
  } else {
    unknown(name);
  }
  return c;
}

PresetTarget preset_target(std::string_view name) {
  if (name == "pb") return {12038, 2054, 9984};
  if (name == "epb") return {5377, 1372, 4005};
  if (name == "to") return {8425, 3649, 4776};
  unknown(name);
}

}  // namespace aet::models
