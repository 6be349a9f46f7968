#include "tracing/position_refinement.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace aet::tracing {

PositionRefinementReport refine_positions(AtomModel& atoms, const TiltSeries& series,
                                          const PositionRefinementOptions& o) {
  if (atoms.empty()) throw Error("position refinement: no atoms");
  if (o.rounds < 1) throw Error("position refinement: rounds must be positive");
  recon::AtomicRefinementOptions ao;
  ao.rounds = o.rounds;
  ao.gauss_newton_steps = o.gauss_newton_steps;
  ao.refine_atoms = true;
  ao.refine_tilt = false;
  ao.refine_shifts = false;
  TiltSeries s = series;  // geometry held: the copy is not changed, but the API refines in place
  const recon::AtomicModelFit fit = recon::refine_geometry_atomic(s, atoms.positions(), ao);
  PositionRefinementReport rep;
  rep.residual_per_round = fit.residual_per_round;
  double sum = 0.0;
  std::size_t moved = 0;
  atoms.add_column("amplitude", ColumnType::Real);
  for (std::size_t a = 0; a < atoms.size(); ++a) {
    const double d = (fit.positions_A[a] - atoms.positions()[a]).norm();
    atoms.set_real("amplitude", a, fit.amplitudes[a]);
    if (!(d <= o.max_move_A)) {
      ++rep.kept_traced;
      continue;
    }
    atoms.positions()[a] = fit.positions_A[a];
    sum += d;
    ++moved;
    rep.max_move_A = std::max(rep.max_move_A, d);
  }
  rep.mean_move_A = moved ? sum / double(moved) : 0.0;
  return rep;
}

}  // namespace aet::tracing
