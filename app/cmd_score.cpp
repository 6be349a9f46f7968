// aetbench score --truth truth.xyz --atoms atoms.xyz: a traced model against the truth.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "app/commands.hpp"
#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "validation/analysis_comparison.hpp"
#include "validation/score.hpp"

namespace aet::cli {

namespace {

struct ScoreCliOptions {
  std::string truth, atoms, out;
  validation::ScoreOptions score;
  bool keep_shift = false;
  bool analysis = false;
  std::string report;  ///< the pipeline's report.json, for its frame offset
};

// --report: the pipeline's report.json says which frame its atoms are in
// ("frame": {"name", "offset_A"}); adding the offset puts them back in the
// input's (the truth's) frame before scoring.
AtomModel in_input_frame(AtomModel atoms, const std::string& report_path) {
  if (report_path.empty()) return atoms;
  std::ifstream in(report_path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open", report_path));
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(fmt::format("{}: not valid JSON", report_path));
  const auto f = j.find("frame");
  if (f == j.end() || !f->is_object() || !f->contains("offset_A") || !(*f)["offset_A"].is_array() ||
      (*f)["offset_A"].size() != 3)
    throw Error(fmt::format("{}: no frame.offset_A (three numbers) in the report", report_path));
  Vec3 d;
  for (int k = 0; k < 3; ++k) {
    const auto& v = (*f)["offset_A"][std::size_t(k)];
    if (!v.is_number()) throw Error(fmt::format("{}: frame.offset_A[{}] is not a number", report_path, k));
    d[k] = v.get<double>();
  }
  for (auto& r : atoms.positions()) r += d;
  atoms.metadata().set("frame", "volume-centre");
  return atoms;
}

void run_score(ScoreCliOptions o) {
  o.score.remove_mean_shift = !o.keep_shift;
  const AtomModel truth = load_atom_model(o.truth);
  const AtomModel atoms = in_input_frame(load_atom_model(o.atoms), o.report);
  const auto r = validation::score_atoms(truth, atoms, o.score);
  fmt::print("truth atoms: {}\ntraced atoms: {}\nmatched (within {} Å): {}\n", r.truth_atoms, r.traced_atoms,
             r.match_radius_A, r.matched);
  fmt::print("recall: {:.4f}\nprecision: {:.4f}\n", r.recall, r.precision);
  fmt::print("rmsd: {:.2f} pm (as traced), {:.2f} pm (mean shift ({:.3f}, {:.3f}, {:.3f}) Å removed)\n",
             100 * r.rmsd_A, 100 * r.rmsd_shift_removed_A, r.mean_shift_A.x(), r.mean_shift_A.y(),
             r.mean_shift_A.z());
  fmt::print("species accuracy: {:.4f}\n", r.species_accuracy);
  for (const auto& [t, row] : r.confusion)
    for (const auto& [g, n] : row) fmt::print("  true {} traced as {}: {}\n", t, g, n);
  std::optional<validation::AnalysisComparison> compared;
  if (o.analysis) {
    compared = validation::compare_analyses(truth, atoms);
    fmt::print("the paper's measurements (aetbench analyze) on both:\n{}", validation::format_comparison(*compared));
  }
  if (!o.out.empty()) {
    nlohmann::json j = validation::to_json(r);
    if (compared) j["analysis"] = validation::to_json(*compared);
    j["truth"] = o.truth;
    j["atoms"] = o.atoms;
    write_stream_atomically(o.out, [&](std::ostream& out) { out << j.dump(2) << '\n'; });
  }
}

}  // namespace

void add_score_command(CLI::App& app) {
  auto opt = std::make_shared<ScoreCliOptions>();
  auto* cmd = app.add_subcommand("score",
                                 "Score a traced atom model against the truth: recall, precision, RMSD, species.\n"
                                 "  aetbench score --truth truth.xyz --atoms atoms.xyz --out score.json");
  cmd->add_option("--truth", opt->truth, "true atom model (.xyz or .h5)")->required();
  cmd->add_option("--atoms", opt->atoms, "traced atom model (.xyz or .h5)")->required();
  cmd->add_option("--out", opt->out, "write the scores as JSON");
  cmd->add_option("--match-radius", opt->score.match_radius_A, "largest distance of a matched pair, Å")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--keep-shift", opt->keep_shift, "do not remove the mean shift before scoring");
  cmd->add_flag("--analysis", opt->analysis,
                "also run the paper's measurements (aetbench analyze) on both models and compare them");
  cmd->add_option("--report", opt->report,
                  "the pipeline's report.json: move the atoms by its frame offset into the input's frame");
  cmd->callback([opt] { run_score(*opt); });
}

}  // namespace aet::cli
