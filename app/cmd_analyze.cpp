// aetbench analyze atoms.xyz --out DIR: every measurement of the paper on one
// atom model: DIR/analysis.json, DIR/atoms.xyz with per-atom columns, plots.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <memory>

#include "analysis/analyze.hpp"
#include "analysis/report.hpp"
#include "app/checks.hpp"
#include "app/commands.hpp"
#include "app/report_frame.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/neighbours.hpp"
#include "core/outputs.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct AnalyzeOptions {
  std::string file;
  std::string out;
  bool no_plots = false;
  analysis::AnalysisOptions a;
  double reference_lattice_A = 0.0;
  double cutoff_A = 0.0;
  std::string report;  ///< the pipeline's report.json, for its frame
};

void run_analyze(AnalyzeOptions& o) {
  require_output_folder("--out", o.out);
  refuse_overwriting_inputs({{"file", o.file}, {"--report", o.report}},
                            {{"--out", fs::path(o.out) / "analysis.json"}, {"--out", fs::path(o.out) / "atoms.xyz"}});
  std::string frame_note;
  const AtomModel model = atoms_in_report_input_frame(load_atom_model(o.file), o.report, frame_note);
  if (model.empty()) throw Error(fmt::format("{}: the atom model is empty", o.file));
  check_atoms_apart(model.positions(), o.file);
  if (o.reference_lattice_A > 0.0) o.a.strain.reference_lattice_A = o.reference_lattice_A;
  if (o.cutoff_A > 0.0) o.a.interface.cutoff_A = o.cutoff_A;
  // Progress on stderr: the interface step alone takes seconds on a
  // paper-scale model.
  o.a.on_step = [](const std::string& step, double seconds) {
    fmt::print(stderr, "analyze: {} {:.2f} s\n", step, seconds);
  };
  const auto report = analysis::analyze(model, o.a);
  analysis::write_analysis(o.out, model, report, o.a, !o.no_plots);
  const auto j = analysis::to_json(report, o.a);
  fmt::print("{}: {} atoms; mean bond {:.3f} Å; {} grain(s); five-fold axis: {} atoms\n", o.file, report.atoms,
             report.bonds.all.mean_A, report.grains.grains.size(), report.fivefold.axis_atoms.size());
  if (report.interface)
    fmt::print("interface thickness: {:.2f} Å (paper's voxel-layer definition), {:.2f} Å (true distance: erf fit "
               "on the distance to the {}), {:.2f} Å (true distance, binned)\n",
               report.interface->paper.thickness_A,
               report.interface->true_fit.found ? report.interface->true_fit.thickness_A : NAN,
               report.interface->true_fit_polyhedral ? "fitted polyhedral core" : "50 % iso-surface",
               report.interface->true_distance.thickness_A);
  for (const auto& note : report.notes) fmt::print("note: {}\n", note);
  if (!frame_note.empty()) fmt::print("{}\n", frame_note);
  fmt::print("wrote {}\n", (fs::path(o.out) / "analysis.json").string());
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto o = std::make_shared<AnalyzeOptions>();
  auto* cmd = app.add_subcommand("analyze",
                                 "Measure an atom model as the paper does: CN, bond lengths, BOO, PTM, grains, the\n"
                                 "five-fold axis, the interface (both definitions), isolated atoms, strain.\n"
                                 "  aetbench analyze atoms.xyz --out analysis/");
  cmd->add_option("file", o->file, "atom model (extended XYZ or HDF5)")->required();
  cmd->add_option("--out", o->out, "output folder (analysis.json, atoms.xyz, plots)")->required();
  cmd->add_option("--cutoff", o->a.neighbours.cutoff_A, "first-shell cut-off in Å")
      ->capture_default_str()
      ->check(positive(20.0));
  cmd->add_option("--interface-cutoff", o->cutoff_A,
                  "clean-Pd cut-off in Å (default: first minimum of the pair distribution)")
      ->check(positive(20.0));
  cmd->add_option("--voxel", o->a.interface.voxel_A, "voxel size of the interface layers in Å")
      ->capture_default_str()
      ->check(positive(20.0));
  cmd->add_option("--alpha", o->a.interface.alpha_A, "alpha radius of the hulls in Å")
      ->capture_default_str()
      ->check(positive(100.0));
  cmd->add_option("--iso-sigma", o->a.interface.iso_sigma_A,
                  "Gaussian sigma of the Pd concentration for the iso-surface estimate, Å")
      ->capture_default_str()
      ->check(positive(20.0));
  cmd->add_option("--polyhedral-ratio", o->a.interface.polyhedral_max_nll_ratio,
                  "thickness_true_A uses the fitted polyhedral core when its negative log-likelihood is at most this "
                  "multiple of the iso-surface's (0: always the iso-surface)")
      ->capture_default_str()
      ->check(in_range(0.0, 1000.0));
  cmd->add_option("--ptm-rmsd", o->a.ptm.rmsd_cutoff, "PTM RMSD cut-off")->capture_default_str()->check(positive(10.0));
  cmd->add_option("--misorientation", o->a.grains.misorientation_deg, "grain misorientation threshold in degrees")
      ->capture_default_str()
      ->check(positive(180.0));
  cmd->add_option("--kernel", o->a.strain.kernel_sigma_A, "strain smoothing kernel sigma in Å")
      ->capture_default_str()
      ->check(positive(50.0));
  cmd->add_option("--lattice", o->reference_lattice_A,
                  "reference lattice constant for strain in Å (default: fitted per grain)")
      ->check(positive(10.0));
  cmd->add_flag("--no-plots", o->no_plots, "skip the gnuplot plots");
  cmd->add_option("--report", o->report,
                  "the pipeline's report.json: its atoms are first mapped by the report's frame into the input "
                  "images' (as score --report), so that frame-bound measurements (the paper's voxel layers) "
                  "see the particle as the images do, not turned to the tilt axis");
  cmd->callback([o] { run_analyze(*o); });
}

}  // namespace aet::cli
