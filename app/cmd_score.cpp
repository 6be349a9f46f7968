// aetbench score --truth truth.xyz --atoms atoms.xyz: a traced model against the truth.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "app/checks.hpp"
#include "app/commands.hpp"
#include "app/report_frame.hpp"
#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/limits.hpp"
#include "core/outputs.hpp"
#include "core/tilt_series.hpp"
#include "core/xyz.hpp"
#include "pipeline/pipeline.hpp"
#include "validation/analysis_comparison.hpp"
#include "validation/score.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct ScoreCliOptions {
  std::string truth, atoms, out, out_atoms, tilts;
  double pixel_A = 0.0;  ///< 0: the tilt series' own
  validation::ScoreOptions score;
  validation::ImageScoreOptions images;
  validation::BootstrapOptions bootstrap;
  bool use_bootstrap = false;
  validation::SensitivityOptions sensitivity;
  bool keep_shift = false;
  bool analysis = false;
  std::string report;  ///< the pipeline's report.json, for its frame offset
  /// Filled from --report: what the frame did, and what it cannot do.
  std::string frame_note;
};

void score_with_truth(const ScoreCliOptions& o, const AtomModel& atoms, nlohmann::json& j, OutputSet& files) {
  const AtomModel truth = load_atom_model(o.truth);
  const auto r = validation::score_atoms(truth, atoms, o.score);
  fmt::print("truth atoms: {}\ntraced atoms: {}\nmatched (within {} Å): {}\n", r.truth_atoms, r.traced_atoms,
             r.match_radius_A, r.matched);
  fmt::print("recall: {:.4f}\nprecision: {:.4f}\n", r.recall, r.precision);
  if (!o.frame_note.empty()) fmt::print("{}\n", o.frame_note);
  if (o.keep_shift)
    fmt::print("rmsd: {:.2f} pm (as traced; mean shift ({:.3f}, {:.3f}, {:.3f}) Å kept)\n", 100 * r.rmsd_A,
               r.mean_shift_A.x(), r.mean_shift_A.y(), r.mean_shift_A.z());
  else
    fmt::print("rmsd: {:.2f} pm (as traced), {:.2f} pm (mean shift ({:.3f}, {:.3f}, {:.3f}) Å removed)\n",
               100 * r.rmsd_A, 100 * r.rmsd_shift_removed_A, r.mean_shift_A.x(), r.mean_shift_A.y(),
               r.mean_shift_A.z());
  fmt::print("species accuracy: {:.4f}\n", r.species_accuracy);
  for (const auto& [t, row] : r.confusion)
    for (const auto& [g, n] : row) fmt::print("  true {} traced as {}: {}\n", t, g, n);
  fmt::print("rmsd by axis: x {:.2f}, y {:.2f}, z {:.2f} pm; by species:", 100 * r.rmsd_by_axis_A.x(),
             100 * r.rmsd_by_axis_A.y(), 100 * r.rmsd_by_axis_A.z());
  for (const auto& [s, v] : r.rmsd_by_species_A) fmt::print(" {} {:.2f} pm", s, 100 * v);
  fmt::print("\nby depth (shells by {}):\n", r.shells_by);
  for (const auto& sh : r.by_depth)
    fmt::print("  {:<10} atoms {:>5}  recall {:.4f}  precision {:.4f}  rmsd {:.2f} pm  species {:.4f}  false {}\n",
               sh.name, sh.atoms, sh.recall, sh.precision, 100 * sh.rmsd_A, sh.species_accuracy, sh.false_atoms);
  if (r.rigid)
    fmt::print("rigid: rotation {:.4f}° about ({:.3f}, {:.3f}, {:.3f}), shift ({:.3f}, {:.3f}, {:.3f}) Å; recall "
               "{:.4f}, precision {:.4f}, rmsd {:.2f} pm, species {:.4f}\n",
               r.rigid->rotation_deg, r.rigid->axis.x(), r.rigid->axis.y(), r.rigid->axis.z(), r.rigid->shift_A.x(),
               r.rigid->shift_A.y(), r.rigid->shift_A.z(), r.rigid->recall, r.rigid->precision,
               100 * r.rigid->rmsd_A, r.rigid->species_accuracy);
  std::optional<validation::AnalysisComparison> compared;
  if (o.analysis) {
    if (o.sensitivity.draws > 0)
      fmt::print(stderr, "score: analysing the truth {} more times, its atoms moved by the traced RMSD\n",
                 o.sensitivity.draws);
    compared = validation::compare_analyses(truth, atoms, {}, &r, o.use_bootstrap ? &o.bootstrap : nullptr,
                                            &o.sensitivity);
    fmt::print("the paper's measurements (aetbench analyze) on both:\n{}", validation::format_comparison(*compared));
  }
  j = validation::to_json(r);
  if (compared) j["analysis"] = validation::to_json(*compared);
  j["truth"] = o.truth;
  if (!o.out_atoms.empty()) {
    AtomModel status = validation::status_model(truth, atoms, r);
    status.metadata().set("truth", o.truth);
    status.metadata().set("atoms", o.atoms);
    write_xyz(files.file(o.out_atoms), status);
  }
}

void run_score(ScoreCliOptions o) {
  o.score.remove_mean_shift = !o.keep_shift;
  if (o.truth.empty() && o.tilts.empty()) throw Error("score: give --truth, --tilts or both");
  if (o.truth.empty() && (o.analysis || !o.out_atoms.empty() || o.score.rigid))
    throw Error("score: --analysis, --out-atoms and --rigid need --truth");
  if (o.use_bootstrap && !o.analysis) throw Error("score: --bootstrap needs --analysis");
  if (o.sensitivity.draws > 0 && !o.analysis) throw Error("score: --sensitivity needs --analysis");
  if (!o.out_atoms.empty() && file_kind(o.out_atoms) != FileKind::Xyz)
    throw Error(fmt::format("--out-atoms: {}: the status file is extended XYZ (.xyz)", o.out_atoms));
  fs::path tlt;
  if (!o.tilts.empty() && file_kind(o.tilts) == FileKind::Mrc) tlt = sibling_tlt(o.tilts).value_or(fs::path());
  refuse_overwriting_inputs({{"--truth", o.truth}, {"--atoms", o.atoms}, {"--tilts", o.tilts},
                             {"--tilts (its .tlt)", tlt}, {"--report", o.report}},
                            {{"--out", o.out}, {"--out-atoms", o.out_atoms}});
  const AtomModel atoms = atoms_in_report_input_frame(load_atom_model(o.atoms), o.report, o.frame_note);
  nlohmann::json j = nlohmann::json::object();
  OutputSet files;  // --out-atoms and --out together, or neither
  if (!o.truth.empty()) score_with_truth(o, atoms, j, files);
  if (!o.tilts.empty()) {
    const TiltSeries series =
        load_tilt_series(o.tilts, {}, o.pixel_A > 0 ? std::optional<double>(o.pixel_A) : std::nullopt);
    fmt::print(stderr, "score: fitting the atoms' projections to {} images of {}\n", series.nt(), o.tilts);
    const auto im = validation::score_against_images(atoms, series, o.images);
    fmt::print("against the images ({} tilts): R-factor {:.4f}, relative residual {:.3g}\n", im.images, im.r_factor,
               im.relative_residual);
    for (const auto& [name, p] : im.species)
      fmt::print("  {} profile: peak {:.4g}, integral {:.4g} px², width {:.3f} Å\n", name, p.peak, p.integral_px2,
                 p.width_A);
    j["images"] = validation::to_json(im);
    j["images"]["series"] = o.tilts;
  }
  j["atoms"] = o.atoms;
  if (!o.out.empty())
    write_stream_atomically(files.last(o.out), [&](std::ostream& out) { out << j.dump(2) << '\n'; });
  files.commit();
}

}  // namespace

void add_score_command(CLI::App& app) {
  auto opt = std::make_shared<ScoreCliOptions>();
  auto* cmd = app.add_subcommand("score",
                                 "Score a traced atom model against the truth (recall, precision, RMSD, species, where the errors\n"
                                 "are), or against the measured images (R-factor).\n"
                                 "  aetbench score --truth truth.xyz --atoms atoms.xyz --out score.json\n"
                                 "  aetbench score --tilts series.mrc --atoms atoms.xyz");
  cmd->add_option("--truth", opt->truth, "true atom model (.xyz or .h5)");
  cmd->add_option("--tilts", opt->tilts,
                  "measured tilt series (.mrc with its .tlt beside it, or .h5): R-factor of the atoms' projections "
                  "against it, each species' profile fitted (needs no truth)");
  cmd->add_option("--pixel", opt->pixel_A, "pixel size of --tilts in Å (overrides the file's)")
      ->check(in_range(limits::kMinPixel_A, limits::kMaxPixel_A));
  cmd->add_option("--atoms", opt->atoms, "traced atom model (.xyz or .h5)")->required();
  cmd->add_option("--out", opt->out, "write the scores as JSON");
  cmd->add_option("--match-radius", opt->score.match_radius_A, "largest distance of a matched pair, Å")
      ->capture_default_str()
      ->check(positive(10.0));
  cmd->add_flag("--keep-shift", opt->keep_shift, "do not remove the mean shift before scoring");
  cmd->add_flag("--rigid", opt->score.rigid,
                "also fit a rotation plus shift (Kabsch, rematching) and score after it (score.json: rigid)");
  cmd->add_option("--out-atoms", opt->out_atoms,
                  "write truth and traced atoms as one extended XYZ with per-atom status (matched, wrong-species, "
                  "missed, false), error vector and depth shell");
  cmd->add_flag("--bootstrap", opt->use_bootstrap,
                "with --analysis: bootstrap error bars (sd) on the interface thicknesses and the five-fold figures "
                "(analysis.bootstrap_sd)");
  cmd->add_option("--resamples", opt->bootstrap.resamples, "bootstrap resamples")
      ->capture_default_str()
      ->check(in_range(2, 100000));
  cmd->add_option("--bootstrap-seed", opt->bootstrap.seed, "bootstrap random seed")->capture_default_str();
  cmd->add_option("--sensitivity", opt->sensitivity.draws,
                  "with --analysis: analyse the truth N more times with its atoms moved by the traced atoms' "
                  "RMSD (Gaussian, RMSD/sqrt 3 per axis), and say whether each traced-minus-truth difference lies "
                  "inside that spread (analysis.position_sensitivity; 0: not measured)")
      ->capture_default_str()
      ->check(CLI::IsMember({0}) | CLI::Range(2, 1000));
  cmd->add_option("--sensitivity-seed", opt->sensitivity.seed, "seed of the --sensitivity draws")->capture_default_str();
  cmd->add_option("--surface-shell", opt->score.shells.surface_A,
                  "depth (Å) below which a true atom is in the surface shell (truths with a depth_A column)")
      ->capture_default_str()
      ->check(positive());
  cmd->add_option("--subsurface-shell", opt->score.shells.subsurface_A,
                  "depth (Å) below which a true atom is in the subsurface shell; deeper is bulk")
      ->capture_default_str()
      ->check(positive());
  cmd->add_flag("--analysis", opt->analysis,
                "also run the paper's measurements (aetbench analyze) on both models and compare them");
  cmd->add_option("--report", opt->report,
                  "the pipeline's report.json: move the atoms by its frame (rotation, then offset) into the input's frame");
  cmd->callback([opt] { run_score(*opt); });
}

}  // namespace aet::cli
