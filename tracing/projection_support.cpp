#include "tracing/projection_support.hpp"

#include <fmt/format.h>

#include "core/elements.hpp"
#include "core/error.hpp"
#include "core/neighbours.hpp"
#include "core/statistics.hpp"
#include "recon/atomic_refinement.hpp"

namespace aet::tracing {

ProjectionSupportReport projection_support(AtomModel& atoms, const TiltSeries& series,
                                           const ProjectionSupportOptions& o) {
  if (atoms.empty()) throw Error("projection support: no atoms");
  if (o.rounds < 1) throw Error("projection support: rounds must be positive");
  if (!(o.min_fraction >= 0.0 && o.min_fraction < 1.0))
    throw Error(fmt::format("projection support: minimum fraction must be in [0, 1), got {}", o.min_fraction));
  if (!(o.first_shell_A > 0.0))
    throw Error(fmt::format("projection support: first-shell distance must be > 0 Å, got {}", o.first_shell_A));
  for (const auto& s : atoms.species())
    if (!is_element(s)) throw Error(fmt::format("projection support: atom species '{}' is not an element", s));
  double energy = 0;
  for (float b : series.data()) energy += double(b) * b;
  if (!(energy > 0.0)) throw Error("projection support: the images hold no signal");
  recon::AtomicRefinementOptions ao;
  ao.rounds = o.rounds;
  ao.refine_atoms = true;
  ao.refine_atom_positions = false;
  ao.refine_tilt = false;
  ao.refine_shifts = false;
  ProjectionSupportReport rep;
  for (;;) {
    TiltSeries s = series;  // geometry held: the copy is not changed, but the API refines in place
    const recon::AtomicModelFit fit = recon::refine_geometry_atomic(s, atoms.positions(), ao);
    // The reference: the lightest species' interior atoms, as the classifier's.
    const std::string lightest = sort_by_atomic_number(atoms.distinct_species()).front();
    const PointIndex index(atoms.positions());
    std::vector<double> all, interior;
    for (std::size_t a = 0; a < atoms.size(); ++a) {
      if (atoms.species()[a] != lightest) continue;
      all.push_back(fit.amplitudes[a]);
      if (int(index.within(atoms.positions()[a], o.first_shell_A).size()) - 1 >= o.interior_neighbours)
        interior.push_back(fit.amplitudes[a]);
    }
    rep.reference = median(interior.size() >= o.min_interior ? std::move(interior) : std::move(all));
    rep.relative_residual = fit.residual_per_round.back();
    if (!(rep.reference > 0.0))
      throw Error(fmt::format("projection support: the {} atoms' median amplitude is {} (no signal in the images?)",
                              lightest, rep.reference));
    // Atoms below the floor go, then the rest are fitted again: a removed
    // atom's light returns to its neighbours. 0 keeps every atom, one with a
    // negative amplitude too: the column then says so.
    std::vector<std::size_t> keep;
    for (std::size_t a = 0; a < atoms.size(); ++a)
      if (!(o.min_fraction > 0.0 && fit.amplitudes[a] < o.min_fraction * rep.reference)) keep.push_back(a);
    if (keep.size() == atoms.size()) {
      if (!atoms.has_column("support")) atoms.add_column("support", ColumnType::Real);
      for (std::size_t a = 0; a < atoms.size(); ++a) atoms.set_real("support", a, fit.amplitudes[a] / rep.reference);
      return rep;
    }
    if (keep.empty()) throw Error("projection support: the images support none of the atoms");
    rep.removed += atoms.size() - keep.size();
    atoms = atoms.subset(keep);
  }
}

}  // namespace aet::tracing
