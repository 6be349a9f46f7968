#include "validation/demo.hpp"

#include <fmt/format.h>

#include "core/mrc.hpp"
#include "core/xyz.hpp"
#include "models/particle.hpp"

namespace aet::validation {

DemoResult run_demo(const DemoConfig& c) {
  DemoResult r;
  // A small truncated octahedron (225 atoms, ~18 Å across): Pd core, Pt
  // shell, a 2 Å interface.
  models::ParticleConfig p;
  p.name = "demo-to";
  p.shape = models::ParticleShape::TruncatedOctahedron;
  p.outer = {9.0, 10.0, 11.0};
  p.core = {5.0, 6.0, 11.0};
  p.composition.interface_width_A = 2.0;
  fmt::print(stderr, "demo: building the truth (seed {})\n", c.seed);
  r.truth = models::build_particle(p, std::uint32_t(c.seed));

  sim::SimConfig s = c.ideal ? sim::ideal_preset() : sim::paper_preset();
  s.nx = s.ny = c.image_px;
  fmt::print(stderr, "demo: simulating {} tilts of {} x {} pixels\n", s.tilts.n_tilts, s.ny, s.nx);
  r.simulation = sim::simulate(r.truth, s, c.seed);

  analysis::PipelineConfig pc = analysis::default_pipeline_config();
  pc.recon.stop.iterations = c.iterations;
  pc.recon.refine_angles = c.refine_angles;
  r.pipeline = analysis::run_pipeline(r.simulation.series, pc);
  r.score = score_atoms(r.truth, r.pipeline.atoms);
  r.report = analysis::pipeline_report(r.pipeline, pc, r.simulation.series, "series.mrc");
  r.report["score"] = to_json(r.score);
  r.report["demo"] = {{"seed", c.seed}, {"truth_atoms", r.truth.size()}, {"image_px", c.image_px},
                      {"acquisition", c.ideal ? "ideal" : "paper"}};
  return r;
}

void write_demo_outputs(const std::filesystem::path& dir, const DemoResult& r) {
  std::filesystem::create_directories(dir);
  write_xyz(dir / "truth.xyz", r.truth);
  write_mrc_tilt_series(dir / "series.mrc", dir / "series.tlt", r.simulation.series);
  analysis::write_pipeline_outputs(dir, r.pipeline, r.report);
}

}  // namespace aet::validation
