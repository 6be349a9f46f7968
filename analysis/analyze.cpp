#include "analysis/analyze.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace aet::analysis {

namespace {

/// Times one step into report.timings_s[step] and tells options.on_step.
class Timer {
 public:
  Timer(AnalysisReport& r, const AnalysisOptions& o, std::string step)
      : r_(r), o_(o), step_(std::move(step)), t0_(std::chrono::steady_clock::now()) {}
  ~Timer() {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    r_.timings_s[step_] = s;
    if (o_.on_step) o_.on_step(step_, s);
  }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

 private:
  AnalysisReport& r_;
  const AnalysisOptions& o_;
  std::string step_;
  std::chrono::steady_clock::time_point t0_;
};

}  // namespace

AnalysisReport analyze(const AtomModel& model, const AnalysisOptions& o) {
  model.validate("analysis input");
  if (model.size() < 2) throw Error(fmt::format("analysis: need at least 2 atoms, got {}", model.size()));
  const auto& pos = model.positions();
  AnalysisReport r;
  r.atoms = model.size();
  for (const auto& s : model.distinct_species()) r.species[s] = model.count(s);
  {
    Timer t(r, o, "neighbours");
    r.neighbours = find_neighbours(pos, o.neighbours);
    r.pair_distribution = pair_distribution(pos);
  }
  {
    Timer t(r, o, "coordination");
    r.coordination = coordination(model, r.neighbours);
    r.facets = classify_surface(r.coordination);
  }
  {
    Timer t(r, o, "bond_orientational_order");
    r.boo = bond_orientational_order(pos, r.neighbours);
  }
  {
    Timer t(r, o, "polyhedral_template_matching");
    r.ptm = polyhedral_template_matching(pos, o.ptm);
  }
  {
    Timer t(r, o, "grains");
    r.grains = find_grains(pos, r.neighbours, r.ptm, o.grains);
  }
  {
    Timer t(r, o, "fivefold_axis");
    r.fivefold = fivefold_axis(pos, r.neighbours, r.ptm, r.grains, o.fivefold);
  }
  {
    Timer t(r, o, "interface_profile");
    if (model.count("Pd") == 0 || model.count("Pt") == 0) {
      r.notes.push_back("interface: skipped, the model needs both Pd and Pt");
    } else {
      try {
        // The clean-Pd cut-off defaults to the pair distribution's first
        // minimum: the one just computed.
        InterfaceOptions io = o.interface;
        if (!io.cutoff_A) io.cutoff_A = r.pair_distribution.first_minimum_A;
        r.interface = interface_profile(model, io);
        for (const auto& [step, seconds] : r.interface->timings_s) r.timings_s["interface_profile." + step] = seconds;
        if (!r.interface->paper.found || !r.interface->true_distance.found)
          r.notes.push_back("interface: a 95/50/5 % Pd crossing is missing; thickness undefined");
      } catch (const Error& e) {
        r.notes.push_back(std::string("interface: skipped: ") + e.what());
      }
    }
  }
  const std::vector<double> no_depth;
  const std::vector<double>& depth = r.interface ? r.interface->atom_interface_depth_A : no_depth;
  double lo = 0, hi = 0;
  if (r.interface && r.interface->true_fit.found) {
    // The interface band is the headline estimate's 95-5 % range about its
    // centre (the binned crossings fail on some models: 0.93 Å where 4.2 Å
    // was built).
    const double half = 0.5 * r.interface->true_fit.thickness_A;
    lo = -half;
    hi = half;
  } else if (r.interface) {
    const auto& p = r.interface->true_distance;
    lo = (p.upper_crossing - p.zero_crossing) * r.interface->layer_A;
    hi = (p.lower_crossing - p.zero_crossing) * r.interface->layer_A;
  }
  {
    Timer t(r, o, "bond_lengths");
    r.bonds = bond_lengths(model, r.neighbours, o.bonds, depth, lo, hi);
  }
  {
    Timer t(r, o, "isolated_atoms");
    r.isolated = isolated_atoms(model, r.neighbours, depth);
  }
  {
    Timer t(r, o, "strain");
    if (r.grains.grains.empty()) {
      r.notes.push_back("strain: skipped, no fcc grain to fit a lattice to");
    } else {
      r.strain = strain(pos, r.grains, o.strain);
      r.strain_regions.total = r.strain->total;
      if (r.interface && std::isfinite(lo) && std::isfinite(hi)) {
        const std::size_t n = model.size();
        std::vector<std::uint8_t> core(n), inter(n), shell(n);
        for (std::size_t i = 0; i < n; ++i) {
          core[i] = depth[i] < lo;
          inter[i] = depth[i] >= lo && depth[i] <= hi;
          shell[i] = depth[i] > hi;
        }
        r.strain_regions.core = strain_stats(*r.strain, core);
        r.strain_regions.interface = strain_stats(*r.strain, inter);
        r.strain_regions.shell = strain_stats(*r.strain, shell);
      }
    }
  }
  return r;
}

}  // namespace aet::analysis
