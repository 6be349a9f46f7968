// aetbench build --shape pb|epb|to|ico|amorphous --out truth.xyz|.h5: a
// ground-truth Pd@Pt particle (models/), every size parameter settable,
// progress on stderr.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "models/icosahedron.hpp"
#include "models/presets.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct BuildOptions {
  std::string shape, out;
  std::uint32_t seed = 1;
  std::optional<double> interface_A, lattice_A, sigma_A, poisson, isolated_pd, isolated_layer_A, isolated_pt;
  std::optional<double> two_step_start_A, two_step_knee_A, two_step_knee_fraction;
  std::optional<std::string> profile, closure;
  std::optional<std::string> facet111, facet100, facet110, core111, core100, core110;
  std::vector<double> twin_angles_deg, side_shift_A, euler_deg;
  std::optional<int> shells, core_shells;
  std::optional<double> radius_A, core_radius_A, density_fraction, min_distance_A;
  std::optional<std::uint32_t> packing_seed;
};

bool is_paper_preset(const std::string& shape) {
  const auto names = models::preset_names();
  return std::find(names.begin(), names.end(), shape) != names.end();
}

/// Options of one shape given for another are errors, not silently ignored.
void check_shape_options(const BuildOptions& o) {
  const auto only = [&](bool given, const char* option, const char* shape) {
    if (given && o.shape != shape) throw Error(fmt::format("{} applies to --shape {} only", option, shape));
  };
  only(o.shells.has_value(), "--shells", "ico");
  only(o.core_shells.has_value(), "--core-shells", "ico");
  only(o.radius_A.has_value(), "--radius", "amorphous");
  only(o.core_radius_A.has_value(), "--core-radius", "amorphous");
  only(o.density_fraction.has_value(), "--density-fraction", "amorphous");
  only(o.min_distance_A.has_value(), "--min-distance", "amorphous");
  only(o.packing_seed.has_value(), "--packing-seed", "amorphous");
}

/// The starting configuration: a preset, or ico / amorphous at their sizes.
models::ParticleConfig base_config(const BuildOptions& o) {
  check_shape_options(o);
  if (o.shape == "ico") {
    const models::ParticleConfig d = models::icosahedron_config();
    const int shells = o.shells.value_or(models::kIcosahedronShells);
    // The default's share of core shells, scaled.
    const int core = o.core_shells.value_or(shells * models::kIcosahedronCoreShells / models::kIcosahedronShells);
    return models::icosahedron_config(shells, core, o.lattice_A.value_or(d.lattice_A));
  }
  if (o.shape == "amorphous") {
    const models::AmorphousShape d;
    models::ParticleConfig c = models::amorphous_config(o.radius_A.value_or(d.radius_A),
                                                        o.core_radius_A.value_or(d.core_radius_A),
                                                        o.packing_seed.value_or(o.seed));
    auto& packing = std::get<models::AmorphousShape>(c.shape).packing;
    if (o.density_fraction) packing.density_fraction = *o.density_fraction;
    if (o.min_distance_A) packing.min_distance_A = *o.min_distance_A;
    return c;
  }
  return models::preset(o.shape);
}

/// A facet distance in Å, or "none" (no such facet).
double parse_distance(const std::string& text, const std::string& option) {
  if (text == "none") return std::numeric_limits<double>::infinity();
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw Error(fmt::format("{}: expected a distance in Å or 'none', got '{}'", option, text));
}

std::string distance_text(double d) { return std::isinf(d) ? "none" : fmt::format("{:g}", d); }

template <std::size_t N>
std::array<double, N> to_array(const std::vector<double>& v, const std::string& option) {
  if (v.size() != N) throw Error(fmt::format("{}: expected {} comma-separated numbers, got {}", option, N, v.size()));
  std::array<double, N> a{};
  std::copy(v.begin(), v.end(), a.begin());
  return a;
}

void apply_facets(const BuildOptions& o, models::FacetDistances& outer, models::FacetDistances& core) {
  if (o.facet111) outer.facet111_A = parse_distance(*o.facet111, "--facet111");
  if (o.facet100) outer.facet100_A = parse_distance(*o.facet100, "--facet100");
  if (o.facet110) outer.facet110_A = parse_distance(*o.facet110, "--facet110");
  if (o.core111) core.facet111_A = parse_distance(*o.core111, "--core-facet111");
  if (o.core100) core.facet100_A = parse_distance(*o.core100, "--core-facet100");
  if (o.core110) core.facet110_A = parse_distance(*o.core110, "--core-facet110");
}

/// The size options into the shape's own parameters; those the shape has
/// none of are errors, not silently ignored.
void apply_shape_options(const BuildOptions& o, models::ShapeConfig& shape) {
  const std::string name = models::shape_name(shape);
  const auto reject = [&](bool given, const char* option) {
    if (given) throw Error(fmt::format("{} does not apply to --shape {} ({})", option, o.shape, name));
  };
  const bool decahedron = std::holds_alternative<models::DecahedronShape>(shape);
  reject(!decahedron && !o.twin_angles_deg.empty(), "--twin-angles");
  reject(!decahedron && !o.side_shift_A.empty(), "--grain-side100-shift");
  reject(!decahedron && o.closure.has_value(), "--gap-closure");
  reject(!decahedron && o.poisson.has_value(), "--poisson");
  std::visit(
      [&](auto& s) {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, models::IcosahedronShape> || std::is_same_v<S, models::AmorphousShape>) {
          reject(o.facet100.has_value(), "--facet100");
          reject(o.facet110.has_value(), "--facet110");
          reject(o.core100.has_value(), "--core-facet100");
          reject(o.core110.has_value(), "--core-facet110");
        }
        if constexpr (std::is_same_v<S, models::IcosahedronShape>) {
          if (o.facet111) s.facet111_A = parse_distance(*o.facet111, "--facet111");
          if (o.core111) s.core_facet111_A = parse_distance(*o.core111, "--core-facet111");
        } else if constexpr (std::is_same_v<S, models::AmorphousShape>) {
          reject(o.facet111.has_value(), "--facet111 (use --radius)");
          reject(o.core111.has_value(), "--core-facet111 (use --core-radius)");
        } else {
          apply_facets(o, s.outer, s.core);
        }
        if constexpr (std::is_same_v<S, models::DecahedronShape>) {
          if (!o.twin_angles_deg.empty()) s.twins.twin_angles_deg = to_array<5>(o.twin_angles_deg, "--twin-angles");
          if (!o.side_shift_A.empty())
            s.grain_side100_shift_A = to_array<5>(o.side_shift_A, "--grain-side100-shift");
          if (o.closure) s.twins.closure = models::gap_closure_from_string(*o.closure);
          if (o.poisson) s.twins.poisson_ratio = *o.poisson;
        }
      },
      shape);
}

/// The shape's sizes, one line (stderr).
std::string shape_text(const BuildOptions& o, const models::ParticleConfig& c) {
  return std::visit(
      [&](const auto& s) {
        using S = std::decay_t<decltype(s)>;
        const std::string name = models::shape_name(c.shape);
        if constexpr (std::is_same_v<S, models::IcosahedronShape>) {
          const int shells = models::icosahedron_shells(s.facet111_A, c.lattice_A);
          return fmt::format("{} ({}), {} shells ({} atoms), {{111}} facets {:.3f} Å; core facets {:.3f} Å", o.shape,
                             name, shells, models::mackay_atom_count(shells), s.facet111_A, s.core_facet111_A);
        } else if constexpr (std::is_same_v<S, models::AmorphousShape>) {
          return fmt::format(
              "{} ({}), radius {} Å, core radius {} Å, density {} of fcc, min distance {} Å, packing seed {}", o.shape,
              name, s.radius_A, s.core_radius_A, s.packing.density_fraction, s.packing.min_distance_A,
              s.packing.seed);
        } else {
          return fmt::format("{} ({}), facets {{111}} {} Å, {{100}} {} Å, {{110}} {} Å; core {} / {} / {} Å", o.shape,
                             name, distance_text(s.outer.facet111_A), distance_text(s.outer.facet100_A),
                             distance_text(s.outer.facet110_A), distance_text(s.core.facet111_A),
                             distance_text(s.core.facet100_A), distance_text(s.core.facet110_A));
        }
      },
      c.shape);
}

void run_build(const BuildOptions& o) {
  const fs::path out = o.out;
  const FileKind kind = file_kind(out);
  if (kind != FileKind::Xyz && kind != FileKind::Hdf5)
    throw Error(fmt::format("{}: an atom model is written as .xyz or .h5", out.string()));
  models::ParticleConfig c = base_config(o);
  apply_shape_options(o, c.shape);
  if (o.lattice_A) c.lattice_A = *o.lattice_A;
  if (o.sigma_A) c.thermal_sigma_A = *o.sigma_A;
  if (!o.euler_deg.empty()) c.euler_deg = to_array<3>(o.euler_deg, "--euler");
  auto& k = c.composition;
  if (o.profile) k.profile = models::interface_profile_from_string(*o.profile);
  if (o.interface_A) k.interface_width_A = *o.interface_A;
  if (o.two_step_start_A) k.two_step_start_A = *o.two_step_start_A;
  if (o.two_step_knee_A) k.two_step_knee_A = *o.two_step_knee_A;
  if (o.two_step_knee_fraction) k.two_step_knee_fraction = *o.two_step_knee_fraction;
  if (o.isolated_pd) k.isolated_pd_fraction = *o.isolated_pd;
  if (o.isolated_layer_A) k.isolated_layer_A = *o.isolated_layer_A;
  if (o.isolated_pt) k.isolated_pt_fraction = *o.isolated_pt;
  c.validate();

  fmt::print(stderr, "build: {}\n", shape_text(o, c));
  fmt::print(stderr, "build: interface {} profile, width {} Å; seed {}\n", models::to_string(k.profile),
             k.interface_width_A, o.seed);
  const auto t0 = std::chrono::steady_clock::now();
  const AtomModel model = models::build_particle(c, o.seed);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print(stderr, "build: {} atoms ({} Pd, {} Pt) in {:.2f} s\n", model.size(), model.count("Pd"),
             model.count("Pt"), seconds);
  if (is_paper_preset(o.shape)) {
    const auto target = models::preset_target(o.shape);
    fmt::print(stderr, "build: the paper's {} has {} atoms ({} Pd, {} Pt)\n", o.shape, target.atoms, target.pd,
               target.pt);
  }
  save_atom_model(out, model);
  fmt::print(stderr, "build: wrote {}\n", out.string());
}

std::string presets_footer() {
  std::string s = "Presets (facet distances in Å from the centre; decahedron {100} from the axis):\n";
  for (const auto& name : models::preset_names()) {
    const auto c = models::preset(name);
    const auto t = models::preset_target(name);
    std::visit(
        [&](const auto& p) {
          using S = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<S, models::TruncatedOctahedronShape> ||
                        std::is_same_v<S, models::DecahedronShape>)
            s += fmt::format("  {:<4} {}: {{111}} {}, {{100}} {}, {{110}} {}; core {}, {}, {}", name,
                             models::shape_name(c.shape), distance_text(p.outer.facet111_A),
                             distance_text(p.outer.facet100_A), distance_text(p.outer.facet110_A),
                             distance_text(p.core.facet111_A), distance_text(p.core.facet100_A),
                             distance_text(p.core.facet110_A));
          if constexpr (std::is_same_v<S, models::DecahedronShape>)
            s += fmt::format("; grain {{100}} shifts {}", fmt::join(p.grain_side100_shift_A, ","));
        },
        c.shape);
    s += fmt::format("  (paper: {} atoms, {} Pd)\n", t.atoms, t.pd);
  }
  const models::AmorphousShape amo;
  s += fmt::format(
      "  ico  icosahedron (Mackay, 20 strained fcc tetrahedra): {} shells ({} atoms), core {} shells; "
      "--facet111 / --core-facet111 set the facet distances directly\n",
      models::kIcosahedronShells, models::mackay_atom_count(models::kIcosahedronShells),
      models::kIcosahedronCoreShells);
  s += fmt::format(
      "  amorphous  dense random packing in a sphere: radius {} Å, core radius {} Å, density {} of fcc, "
      "min distance {} Å\n",
      amo.radius_A, amo.core_radius_A, amo.packing.density_fraction, amo.packing.min_distance_A);
  s += "Per-atom columns: grain, twin_boundary, fivefold_axis, depth_A, interface_distance_A,\n"
       "pd_probability, isolated, strain (6: xx yy zz yz xz xy); see models/columns.hpp.";
  return s;
}

}  // namespace

void add_build_command(CLI::App& app) {
  auto o = std::make_shared<BuildOptions>();
  // Library defaults for the help text.
  const models::ParticleConfig d;
  const models::FivefoldTwinConfig twins;
  const models::AmorphousShape amorphous;
  auto* cmd = app.add_subcommand("build",
                                 "Build a ground-truth Pd@Pt core-shell particle (lengths in Å, angles in deg).\n"
                                 "  aetbench build --shape pb --out truth.xyz\n"
                                 "  aetbench build --shape to --interface 2 --seed 7 --out truth.h5");
  cmd->add_option("--shape", o->shape,
                  "preset: pb (pentagonal bipyramid), epb (elongated PB), to (truncated octahedron); "
                  "or ico (Mackay icosahedron), amorphous (random packing in a sphere)")
      ->required();
  cmd->add_option("--out", o->out, "output atom model (.xyz extended XYZ, or .h5)")->required();
  cmd->add_option("--seed", o->seed, "random seed (mt19937; rotation, species, thermal noise)")
      ->capture_default_str();
  cmd->add_option("--interface", o->interface_A,
                  fmt::format("5-95 % width of the Pd profile at the core surface, Å (default {})",
                              d.composition.interface_width_A));
  cmd->add_option("--profile", o->profile,
                  fmt::format("Pd profile: erf, logistic or two-step (default {})",
                              models::to_string(d.composition.profile)));
  cmd->add_option("--two-step-start", o->two_step_start_A,
                  fmt::format("two-step: start of the fast drop, Å from the core surface (default {})",
                              d.composition.two_step_start_A));
  cmd->add_option("--two-step-knee", o->two_step_knee_A,
                  fmt::format("two-step: end of the fast drop, Å (default {})", d.composition.two_step_knee_A));
  cmd->add_option("--two-step-knee-fraction", o->two_step_knee_fraction,
                  fmt::format("two-step: Pd fraction at the knee (default {})", d.composition.two_step_knee_fraction));
  cmd->add_option("--isolated-pd", o->isolated_pd,
                  fmt::format("probability that a Pt shell site within the layer becomes an isolated Pd (default {})",
                              d.composition.isolated_pd_fraction));
  cmd->add_option("--isolated-layer", o->isolated_layer_A,
                  fmt::format("shell layer holding the isolated Pd, Å from the core surface (default {})",
                              d.composition.isolated_layer_A));
  cmd->add_option("--isolated-pt", o->isolated_pt,
                  fmt::format("probability that a Pd core site becomes an isolated Pt (default {})",
                              d.composition.isolated_pt_fraction));
  cmd->add_option("--facet111", o->facet111, "particle {111} facet distance from the centre, Å (TO facets, decahedron caps)");
  cmd->add_option("--facet100", o->facet100, "particle {100} facet distance, Å (decahedron: side facets, from the axis), or none");
  cmd->add_option("--facet110", o->facet110, "particle {110} facet distance, Å (TO edges, decahedron tips), or none");
  cmd->add_option("--core-facet111", o->core111, "core {111} facet distance, Å");
  cmd->add_option("--core-facet100", o->core100, "core {100} facet distance, Å, or none");
  cmd->add_option("--core-facet110", o->core110, "core {110} facet distance, Å, or none");
  cmd->add_option("--grain-side100-shift", o->side_shift_A,
                  "decahedron: shift of each grain's {100} side facet, 5 values in Å (e.g. =-1,0,-1,0,0)")
      ->delimiter(',');
  cmd->add_option("--twin-angles", o->twin_angles_deg,
                  fmt::format("decahedron: wedge angle of each grain after gap closure, 5 values in deg summing to "
                              "360 (default {}; the paper's PB: 74.1,70.8,71.8,72.3,71.0)",
                              fmt::join(twins.twin_angles_deg, ",")))
      ->delimiter(',');
  cmd->add_option("--gap-closure", o->closure,
                  fmt::format("decahedron: how the 7.35 deg gap is closed: disclination (de Wit field) or uniform "
                              "(default {})",
                              models::to_string(twins.closure)));
  cmd->add_option("--poisson", o->poisson,
                  fmt::format("decahedron: Poisson ratio of the disclination field (default {})", twins.poisson_ratio));
  cmd->add_option("--shells", o->shells,
                  fmt::format("ico: closed Mackay shells around the centre atom (default {}: {} atoms)",
                              models::kIcosahedronShells, models::mackay_atom_count(models::kIcosahedronShells)));
  cmd->add_option("--core-shells", o->core_shells,
                  fmt::format("ico: shells of the Pd core; its facets lie half a shell further out (default {0}/{1} "
                              "of --shells, rounded down: {0})",
                              models::kIcosahedronCoreShells, models::kIcosahedronShells));
  cmd->add_option("--radius", o->radius_A,
                  fmt::format("amorphous: radius of the sphere holding the atom centres, Å (default {:g})",
                              amorphous.radius_A));
  cmd->add_option("--core-radius", o->core_radius_A,
                  fmt::format("amorphous: radius of the Pd core, Å (default {:g})",
                              amorphous.core_radius_A));
  cmd->add_option("--density-fraction", o->density_fraction,
                  fmt::format("amorphous: number density as a fraction of the fcc crystal's 4/a^3 (default {:g})",
                              amorphous.packing.density_fraction));
  cmd->add_option("--min-distance", o->min_distance_A,
                  fmt::format("amorphous: smallest distance between atoms, Å (default {:g})", amorphous.packing.min_distance_A));
  cmd->add_option("--packing-seed", o->packing_seed, "amorphous: seed of the random packing (default: --seed)");
  cmd->add_option("--lattice", o->lattice_A,
                  fmt::format("fcc lattice constant, Å (default {:g}: mean of Pd 3.89 and Pt 3.92)", d.lattice_A));
  cmd->add_option("--sigma", o->sigma_A,
                  fmt::format("static thermal displacement sigma per coordinate, Å (default {:g})", d.thermal_sigma_A));
  cmd->add_option("--euler", o->euler_deg,
                  "orientation as ZYZ Euler angles phi,theta,psi in deg (default: uniformly random from the seed)")
      ->delimiter(',');
  cmd->footer(presets_footer());
  cmd->callback([o] { run_build(*o); });
}

}  // namespace aet::cli
