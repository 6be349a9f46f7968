#include "models/particle.hpp"

#include <Eigen/Geometry>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>

#include "core/error.hpp"
#include "models/columns.hpp"
#include "core/neighbours.hpp"
#include "models/decahedron.hpp"
#include "models/icosahedron.hpp"
#include "models/truncated_octahedron.hpp"

namespace aet::models {

namespace {

/// The facet distances the metadata records for a shape: the polyhedra's own;
/// the icosahedron's {111} facets and the amorphous sphere's radius as {111}
/// only (the other families none), as the keys have always held them.
std::pair<FacetDistances, FacetDistances> recorded_facets(const ShapeConfig& shape) {
  return std::visit(
      [](const auto& s) -> std::pair<FacetDistances, FacetDistances> {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, IcosahedronShape>) return {{s.facet111_A}, {s.core_facet111_A}};
        else if constexpr (std::is_same_v<S, AmorphousShape>) return {{s.radius_A}, {s.core_radius_A}};
        else return {s.outer, s.core};
      },
      shape);
}

}  // namespace

std::string shape_name(const ShapeConfig& shape) {
  return std::visit(
      [](const auto& s) -> std::string {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, TruncatedOctahedronShape>) return "truncated_octahedron";
        else if constexpr (std::is_same_v<S, DecahedronShape>) return "decahedron";
        else if constexpr (std::is_same_v<S, IcosahedronShape>) return "icosahedron";
        else return "amorphous";
      },
      shape);
}

void ParticleConfig::validate() const {
  validate_lattice(lattice_A);
  std::visit(
      [&](const auto& s) {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, IcosahedronShape>) {
          validate_icosahedron(s.facet111_A, s.core_facet111_A, lattice_A);
        } else if constexpr (std::is_same_v<S, AmorphousShape>) {
          validate_amorphous(s.radius_A, s.core_radius_A, lattice_A, s.packing);
        } else {
          validate_core(s.outer, s.core);
          if constexpr (std::is_same_v<S, DecahedronShape>) s.twins.validate();
        }
      },
      shape);
  composition.validate();
  if (!std::isfinite(thermal_sigma_A) || thermal_sigma_A < 0.0 || thermal_sigma_A > 1.0)
    throw Error("thermal displacement sigma must be in [0, 1] Å, got " + format_double(thermal_sigma_A));
  if (euler_deg)
    for (double e : *euler_deg)
      if (!std::isfinite(e)) throw Error("Euler angles must be finite numbers of degrees");
}

ParticleSites build_sites(const ParticleConfig& c) {
  c.validate();
  return std::visit(
      [&](const auto& s) {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, TruncatedOctahedronShape>) {
          return build_truncated_octahedron(s.outer, s.core, c.lattice_A);
        } else if constexpr (std::is_same_v<S, DecahedronShape>) {
          return build_decahedron(s.outer, s.core, c.lattice_A, s.twins, s.grain_side100_shift_A);
        } else if constexpr (std::is_same_v<S, IcosahedronShape>) {
          return build_icosahedron(s.facet111_A, s.core_facet111_A, c.lattice_A);
        } else {
          boost::random::mt19937 packing(s.packing.seed);
          return build_amorphous(s.radius_A, s.core_radius_A, c.lattice_A, s.packing, packing);
        }
      },
      c.shape);
}

Mat3 random_rotation(boost::random::mt19937& rng) {
  boost::random::normal_distribution<double> normal;
  Eigen::Quaterniond q;
  double norm = 0.0;
  do {
    q = Eigen::Quaterniond(normal(rng), normal(rng), normal(rng), normal(rng));
    norm = q.norm();
  } while (!(norm > 1e-6));
  q.coeffs() /= norm;
  return q.toRotationMatrix();
}

namespace {

void write_metadata(const ParticleConfig& c, const ParticleSites& sites, const Composition& comp, const Mat3& rot,
                    const Vec3& centre, Metadata& m) {
  m.set("generator", "aetbench models");
  m.set("model_preset", c.name);
  m.set("model_shape", shape_name(c.shape));
  m.set("model_lattice_A", c.lattice_A);
  const auto [outer, core] = recorded_facets(c.shape);
  m.set("model_facet111_A", outer.facet111_A);
  m.set("model_facet100_A", outer.facet100_A);
  m.set("model_facet110_A", outer.facet110_A);
  m.set("model_core_facet111_A", core.facet111_A);
  m.set("model_core_facet100_A", core.facet100_A);
  m.set("model_core_facet110_A", core.facet110_A);
  if (const auto* d = std::get_if<DecahedronShape>(&c.shape)) {
    m.set("model_twin_angles_deg", std::vector<double>(d->twins.twin_angles_deg.begin(), d->twins.twin_angles_deg.end()));
    m.set("model_grain_side100_shift_A",
          std::vector<double>(d->grain_side100_shift_A.begin(), d->grain_side100_shift_A.end()));
    m.set("model_gap_closure", to_string(d->twins.closure));
    m.set("model_poisson_ratio", d->twins.poisson_ratio);
    m.set("model_max_displacement_A", sites.max_displacement_A);
  }
  if (const auto* ico = std::get_if<IcosahedronShape>(&c.shape))
    m.set("model_icosahedron_shells", std::int64_t(icosahedron_shells(ico->facet111_A, c.lattice_A)));
  if (const auto* amo = std::get_if<AmorphousShape>(&c.shape)) {
    m.set("model_amorphous_density_fraction", amo->packing.density_fraction);
    m.set("model_amorphous_min_distance_A", amo->packing.min_distance_A);
    m.set("model_amorphous_seed", std::uint64_t(amo->packing.seed));
  }
  const auto& k = c.composition;
  m.set("model_interface_profile", to_string(k.profile));
  m.set("model_interface_width_A", k.interface_width_A);
  if (k.profile == InterfaceProfile::TwoStep) {
    m.set("model_two_step_start_A", k.two_step_start_A);
    m.set("model_two_step_knee_A", k.two_step_knee_A);
    m.set("model_two_step_knee_fraction", k.two_step_knee_fraction);
  }
  m.set("model_isolated_pd_fraction", k.isolated_pd_fraction);
  m.set("model_isolated_layer_A", k.isolated_layer_A);
  m.set("model_isolated_pt_fraction", k.isolated_pt_fraction);
  m.set("model_isolated_pd_placed", std::uint64_t(comp.placed_isolated_pd));
  m.set("model_isolated_pt_placed", std::uint64_t(comp.placed_isolated_pt));
  m.set("model_thermal_sigma_A", c.thermal_sigma_A);
  if (c.euler_deg) m.set("model_euler_deg", std::vector<double>(c.euler_deg->begin(), c.euler_deg->end()));
  // Row-major rotation R: model position = R (particle-frame position - centre).
  std::vector<double> r;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) r.push_back(rot(i, j));
  m.set("model_rotation", r);
  m.set("model_centre_A", std::vector<double>{centre.x(), centre.y(), centre.z()});
}

}  // namespace

AtomModel build_particle(const ParticleConfig& config, boost::random::mt19937& rng) {
  const ParticleSites sites = build_sites(config);
  const Mat3 rot = config.euler_deg ? euler_rotation(*config.euler_deg) : random_rotation(rng);
  // Nearest neighbours: between the first (a/sqrt2) and second (a) shells.
  const double cutoff = 0.5 * (fcc_nearest_neighbour_A(config.lattice_A) + config.lattice_A);
  const NeighbourList nb = find_neighbours(sites.positions_A, {cutoff});
  const Composition comp = assign_composition(sites, nb, config.composition, rng);

  const std::size_t n = sites.size();
  Vec3 centre = Vec3::Zero();
  for (const auto& p : sites.positions_A) centre += p;
  if (n > 0) centre /= double(n);

  namespace col = columns;
  AtomModel model;
  model.reserve(n);
  boost::random::normal_distribution<double> normal;
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 p = rot * (sites.positions_A[i] - centre);
    if (config.thermal_sigma_A > 0.0) {
      const double dx = normal(rng), dy = normal(rng), dz = normal(rng);
      p += config.thermal_sigma_A * Vec3(dx, dy, dz);
    }
    model.add_atom(comp.is_pd[i] ? "Pd" : "Pt", p);
  }
  const std::string grain(col::kGrain), twin(col::kTwinBoundary), axis(col::kFivefoldAxis), depth(col::kDepth),
      inter(col::kInterfaceDistance), prob(col::kPdProbability), iso(col::kIsolated), strain(col::kStrain);
  model.add_column(grain, ColumnType::Int);
  model.add_column(twin, ColumnType::Bool);
  model.add_column(axis, ColumnType::Bool);
  model.add_column(depth, ColumnType::Real);
  model.add_column(inter, ColumnType::Real);
  model.add_column(prob, ColumnType::Real);
  model.add_column(iso, ColumnType::Bool);
  model.add_column(strain, ColumnType::Real, col::kStrainComponents);
  for (std::size_t i = 0; i < n; ++i) {
    model.set_integer(grain, i, sites.grain[i]);
    model.set_integer(twin, i, sites.twin_boundary[i]);
    model.set_integer(axis, i, sites.fivefold_axis[i]);
    model.set_real(depth, i, sites.depth_A[i]);
    model.set_real(inter, i, sites.interface_distance_A[i]);
    model.set_real(prob, i, comp.pd_probability[i]);
    model.set_integer(iso, i, comp.isolated[i]);
    const Voigt e = rotate_strain(rot, sites.strain[i]);
    for (int c = 0; c < col::kStrainComponents; ++c) model.set_real(strain, i, e[std::size_t(c)], c);
  }
  write_metadata(config, sites, comp, rot, centre, model.metadata());
  return model;
}

AtomModel build_particle(const ParticleConfig& config, std::uint32_t seed) {
  boost::random::mt19937 rng(seed);
  AtomModel model = build_particle(config, rng);
  model.metadata().set("seed", std::uint64_t(seed));
  return model;
}

}  // namespace aet::models
