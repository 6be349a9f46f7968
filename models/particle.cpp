#include "models/particle.hpp"

#include <Eigen/Geometry>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "models/columns.hpp"
#include "core/neighbours.hpp"
#include "models/decahedron.hpp"
#include "models/icosahedron.hpp"
#include "models/truncated_octahedron.hpp"

namespace aet::models {

std::string to_string(ParticleShape shape) {
  switch (shape) {
    case ParticleShape::Decahedron: return "decahedron";
    case ParticleShape::TruncatedOctahedron: return "truncated_octahedron";
    case ParticleShape::Icosahedron: return "icosahedron";
    case ParticleShape::Amorphous: return "amorphous";
  }
  return "truncated_octahedron";
}

void ParticleConfig::validate() const {
  validate_lattice(lattice_A);
  validate_core(outer, core);
  if (shape == ParticleShape::Decahedron) twins.validate();
  if (shape == ParticleShape::Icosahedron) {
    const int shells = icosahedron_shells(outer.facet111_A, lattice_A);
    if (shells < 1 || shells > kMaxIcosahedronShells)
      throw Error("icosahedron: {111} facet distance " + format_double(outer.facet111_A) + " Å must hold 1 to " +
                  std::to_string(kMaxIcosahedronShells) + " shells (one every " +
                  format_double(icosahedron_layer_spacing_A(lattice_A)) + " Å)");
  }
  if (shape == ParticleShape::Amorphous) {
    amorphous.validate();
    if (outer.facet111_A < 4.0 || outer.facet111_A > kMaxAmorphousRadius_A)
      throw Error("amorphous particle radius ({111} facet distance) must be in [4, " +
                  format_double(kMaxAmorphousRadius_A) + "] Å, got " + format_double(outer.facet111_A));
  }
  composition.validate();
  if (!std::isfinite(thermal_sigma_A) || thermal_sigma_A < 0.0 || thermal_sigma_A > 1.0)
    throw Error("thermal displacement sigma must be in [0, 1] Å, got " + format_double(thermal_sigma_A));
  if (euler_deg)
    for (double e : *euler_deg)
      if (!std::isfinite(e)) throw Error("Euler angles must be finite numbers of degrees");
}

ParticleSites build_sites(const ParticleConfig& c) {
  c.validate();
  switch (c.shape) {
    case ParticleShape::Decahedron:
      return build_decahedron(c.outer, c.core, c.lattice_A, c.twins, c.grain_side100_shift_A);
    case ParticleShape::TruncatedOctahedron: return build_truncated_octahedron(c.outer, c.core, c.lattice_A);
    case ParticleShape::Icosahedron:
      return build_icosahedron(c.outer.facet111_A, c.core.facet111_A, c.lattice_A);
    case ParticleShape::Amorphous: {
      boost::random::mt19937 packing(c.amorphous.seed);
      return build_amorphous(c.outer.facet111_A, c.core.facet111_A, c.lattice_A, c.amorphous, packing);
    }
  }
  throw Error("unknown particle shape");
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
  m.set("model_shape", to_string(c.shape));
  m.set("model_lattice_A", c.lattice_A);
  m.set("model_facet111_A", c.outer.facet111_A);
  m.set("model_facet100_A", c.outer.facet100_A);
  m.set("model_facet110_A", c.outer.facet110_A);
  m.set("model_core_facet111_A", c.core.facet111_A);
  m.set("model_core_facet100_A", c.core.facet100_A);
  m.set("model_core_facet110_A", c.core.facet110_A);
  if (c.shape == ParticleShape::Decahedron) {
    m.set("model_twin_angles_deg", std::vector<double>(c.twins.twin_angles_deg.begin(), c.twins.twin_angles_deg.end()));
    m.set("model_grain_side100_shift_A",
          std::vector<double>(c.grain_side100_shift_A.begin(), c.grain_side100_shift_A.end()));
    m.set("model_gap_closure", to_string(c.twins.closure));
    m.set("model_poisson_ratio", c.twins.poisson_ratio);
    m.set("model_max_displacement_A", sites.max_displacement_A);
  }
  if (c.shape == ParticleShape::Icosahedron)
    m.set("model_icosahedron_shells", std::int64_t(icosahedron_shells(c.outer.facet111_A, c.lattice_A)));
  if (c.shape == ParticleShape::Amorphous) {
    m.set("model_amorphous_density_fraction", c.amorphous.density_fraction);
    m.set("model_amorphous_min_distance_A", c.amorphous.min_distance_A);
    m.set("model_amorphous_seed", std::uint64_t(c.amorphous.seed));
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
