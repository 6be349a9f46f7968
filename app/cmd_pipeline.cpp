// aetbench pipeline: tilt series → reconstruction → atoms with species, in one command.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "pipeline/pipeline.hpp"
#include "app/checks.hpp"
#include "app/commands.hpp"
#include "app/pipeline_options.hpp"
#include "core/atomic_write.hpp"
#include "core/elements.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/limits.hpp"
#include "core/outputs.hpp"
#include "analysis/analyze.hpp"
#include "validation/run_report.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct PipelineCommandOptions {
  std::string tilts, angles, out;
  double pixel_A = 0.0;
  bool report = false;  ///< also DIR/report.html
  PipelineOptions pipeline;
};

/// The output folder exists (created) and takes files, before the work.
void check_output_folder(const fs::path& dir) {
  require_output_folder("--out", dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(fmt::format("--out {}: cannot create the folder ({})", dir.string(), ec.message()));
  const fs::path probe = temporary_beside(dir / "probe");
  const bool writable = static_cast<bool>(std::ofstream(probe));
  fs::remove(probe, ec);
  if (!writable) throw Error(fmt::format("--out {}: cannot write into the folder", dir.string()));
}

void run_pipeline_command(const PipelineCommandOptions& o, const std::string& config_toml) {
  // Everything that can be checked is checked before the reconstruction.
  std::optional<fs::path> tlt;
  if (!o.angles.empty()) tlt = o.angles;
  if (!tlt && file_kind(o.tilts) == FileKind::Mrc) tlt = sibling_tlt(o.tilts);
  std::vector<NamedPath> outputs;
  for (const auto& name : pipeline::pipeline_output_names()) outputs.push_back({"--out", fs::path(o.out) / name});
  if (o.report) outputs.push_back({"--out", fs::path(o.out) / "report.html"});
  refuse_overwriting_inputs({{"--tilts", o.tilts}, {"--angles", tlt.value_or(fs::path())}}, outputs);
  const pipeline::PipelineConfig c = pipeline_config(o.pipeline);
  if (c.classification.species.empty()) throw Error("--species: give at least one element symbol");
  try {
    sort_by_atomic_number(c.classification.species);
  } catch (const Error& e) {
    throw Error(fmt::format("--species {}: {}", o.pipeline.species, e.what()));
  }
  const TiltSeries series =
      load_tilt_series(o.tilts, tlt, o.pixel_A > 0 ? std::optional<double>(o.pixel_A) : std::nullopt);
  check_acquisition(series, c.recon.frames_per_tilt, o.tilts);
  check_output_folder(o.out);
  if (o.report) validation::require_gnuplot("--report");

  const auto result = pipeline::run_pipeline(series, c);
  const auto report = pipeline::pipeline_report(result, c, series, fs::path(o.tilts).filename().string());
  // The page before any file: when it fails, nothing is written.
  std::optional<validation::HtmlPage> page;
  if (o.report) {
    fmt::print(stderr, "pipeline: the paper's measurements on the traced atoms, for report.html\n");
    std::optional<analysis::AnalysisReport> analysed;
    try {
      analysed = analysis::analyze(result.atoms);
    } catch (const Error& e) {
      fmt::print(stderr, "pipeline: warning: no analysis in report.html ({})\n", e.what());
    }
    validation::RunReportInput in;
    in.title = "aetbench pipeline: " + fs::path(o.tilts).filename().string();
    in.result = &result;
    in.report = &report;
    in.traced_analysis = analysed ? &*analysed : nullptr;
    page = validation::run_report(in);
  }
  OutputSet files;
  pipeline::stage_pipeline_outputs(files, o.out, result, report, config_toml);
  if (page) page->write(files.file(fs::path(o.out) / "report.html"));
  else files.remove(fs::path(o.out) / "report.html");
  files.commit();
  fmt::print("atoms: {}\n", result.atoms.size());
  for (const auto& s : result.classification.species) fmt::print("{}: {}\n", s, result.atoms.count(s));
  fmt::print("r_factor: {:.4f}\n", result.reconstruction.report.r_factor);
  fmt::print(stderr, "pipeline: wrote {}/atoms.xyz, volume.mrc, report.json, config.toml{}\n", o.out,
             o.report ? ", report.html" : "");
  if (o.report) fmt::print("report: {}\n", (fs::path(o.out) / "report.html").string());
}

}  // namespace

void add_pipeline_command(CLI::App& app) {
  auto opt = std::make_shared<PipelineCommandOptions>();
  auto* cmd = app.add_subcommand(
      "pipeline",
      "Run the whole chain on a tilt series (no truth needed): background subtraction, alignment,\n"
      "RESIRE with angular refinement, atom tracing, species classification. Writes DIR/atoms.xyz,\n"
      "DIR/volume.mrc and DIR/report.json.\n"
      "  aetbench pipeline --tilts s.mrc --angles s.tlt --pixel 0.343 --out run1 --species Pd,Pt");
  cmd->add_option("--tilts", opt->tilts, "tilt series: MRC stack (+ .tlt) or HDF5")->required();
  cmd->add_option("--angles", opt->angles, "tilt angles (.tlt, .rawtlt or SerialEM .mdoc); default: the one beside the MRC stack");
  cmd->add_option("--pixel", opt->pixel_A, "pixel size in Å (overrides the file's)")
      ->check(in_range(limits::kMinPixel_A, limits::kMaxPixel_A));
  cmd->add_option("--out", opt->out, "output folder (created if needed)")->required();
  cmd->add_flag("--report", opt->report,
                "also DIR/report.html: slices with the atoms, the Pd profile, R-factor, tilt image, strain (gnuplot)");
  add_pipeline_options(*cmd, opt->pipeline, pipeline::default_pipeline_config());
  // The run's own options go into DIR/config.toml, so that
  // `aetbench pipeline --config DIR/config.toml` replays it.
  cmd->callback([opt, cmd] { run_pipeline_command(*opt, command_config(*cmd)); });
}

}  // namespace aet::cli
