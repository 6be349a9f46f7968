// aetbench simulate --model truth.xyz --out series: an ADF-STEM tilt series from an atom model.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "app/commands.hpp"
#include "core/emd.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/mrc.hpp"
#include "core/neighbours.hpp"
#include "core/outputs.hpp"
#include "core/tlt.hpp"
#include "sim/config.hpp"
#include "sim/field_of_view.hpp"
#include "sim/simulate.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct SimulateOptions {
  std::string model, out, preset = "paper", angles, order, adf_model;
  std::optional<double> dose, pixel, voltage, convergence, source, source_tail, source_tail_size, defocus, z_exponent, read_noise, gain,
      axis_rotation, column_saturation;
  std::vector<double> tilt_range;
  std::vector<int> size;
  std::optional<int> tilts, frames;
  std::uint64_t seed = 1;
  bool no_noise = false, no_film = false, no_thermal = false, no_misalignment = false, allow_clipping = false;
};

sim::SimConfig make_config(const SimulateOptions& o) {
  sim::SimConfig c;
  if (o.preset == "paper") c = sim::paper_preset();
  else if (o.preset == "ideal") c = sim::ideal_preset();
  else throw Error(fmt::format("--preset {}: expected paper or ideal", o.preset));
  if (o.dose) c.dose_e_per_A2 = *o.dose;
  if (o.pixel) c.pixel_A = *o.pixel;
  if (o.size.size() == 1) c.nx = c.ny = o.size[0];
  if (o.size.size() == 2) c.ny = o.size[0], c.nx = o.size[1];
  if (o.voltage) c.probe.voltage_kV = *o.voltage;
  if (o.convergence) c.probe.convergence_mrad = *o.convergence;
  if (o.source) c.probe.source_fwhm_A = *o.source;
  if (o.source_tail) c.probe.source_tail_fraction = *o.source_tail;
  if (o.source_tail_size) c.probe.source_tail_fwhm_A = *o.source_tail_size;
  if (o.defocus) c.probe.defocus_A = *o.defocus;
  if (!o.adf_model.empty()) c.detector.model = sim::parse_adf_model(o.adf_model);
  if (o.z_exponent) c.detector.z_exponent = *o.z_exponent;
  if (o.column_saturation) c.column.saturation_atoms = *o.column_saturation;
  if (o.gain) c.detector.gain = *o.gain;
  if (o.read_noise) c.detector.read_noise = *o.read_noise;
  if (o.tilt_range.size() == 2) c.tilts.min_deg = o.tilt_range[0], c.tilts.max_deg = o.tilt_range[1];
  if (o.tilts) c.tilts.n_tilts = *o.tilts;
  if (!o.angles.empty()) {
    if (o.tilts || !o.tilt_range.empty()) throw Error("give --angles or --tilt-range/--tilts, not both");
    c.tilts.angles_deg = read_tlt(o.angles);
  }
  if (!o.order.empty()) c.tilts.order = sim::parse_tilt_order(o.order);
  if (o.frames) c.tilts.frames_per_tilt = *o.frames;
  if (o.no_noise) c.detector.shot_noise = false, c.detector.read_noise = 0.0;
  if (o.no_film) c.film.enabled = false;
  if (o.no_thermal) c.thermal.enabled = false;
  if (o.no_misalignment) c.misalignment = sim::MisalignmentConfig{};
  if (o.axis_rotation) c.misalignment.axis_rotation_deg = *o.axis_rotation;
  sim::validate(c);
  return c;
}

/// The image size: the model's field of view unless --size is given; a
/// given size that cuts atoms is refused unless --allow-clipping, which
/// records the clipping in the outputs' metadata.
sim::SimConfig fit_field_of_view(sim::SimConfig c, const AtomModel& model, const SimulateOptions& o,
                                 Metadata& fov) {
  const sim::FieldOfViewRule rule;
  if (o.size.empty()) {
    c.nx = c.ny = sim::fitting_image_px(model, c, rule);
    // Misalignment beyond the margin: grow until no atom is cut.
    while (sim::clipped_atoms(model, c, rule).worst() > 0 && c.nx < 8192) c.nx = c.ny = c.nx + rule.multiple_px;
    fov.set("fov.rule", fmt::format("bounding sphere + {} A margin + 3 rms of the misalignment per side, multiple of {} px",
                                    rule.margin_A, rule.multiple_px));
  }
  sim::validate(c);
  const sim::Clipping clip = sim::clipped_atoms(model, c, rule);
  fov.set("fov.image_px", fmt::format("{} x {}", c.ny, c.nx));
  fov.set("fov.tilts_clipped", std::int64_t(clip.tilts_clipped()));
  fov.set("fov.atoms_clipped_max", std::int64_t(clip.worst()));
  if (clip.worst() == 0) return c;
  const int needed = sim::fitting_image_px(model, c, rule);
  const std::string what =
      fmt::format("--size {}x{}: the {:.1f} x {:.1f} Å field of view cuts up to {} atoms (within {} Å of the edge) "
                  "at {} of {} tilts; the model needs about {} px",
                  c.ny, c.nx, c.ny * c.pixel_A, c.nx * c.pixel_A, clip.worst(), rule.edge_A, clip.tilts_clipped(),
                  clip.tilts_deg.size(), needed);
  if (!o.allow_clipping) throw Error(what + " (drop --size, or give --allow-clipping)");
  fmt::print(stderr, "simulate: warning: {} (--allow-clipping)\n", what);
  std::string per_tilt;
  for (std::size_t k = 0; k < clip.tilts_deg.size(); ++k)
    if (clip.atoms_outside[k] > 0)
      per_tilt += fmt::format("{}{:g}:{}", per_tilt.empty() ? "" : " ", clip.tilts_deg[k], clip.atoms_outside[k]);
  fov.set("fov.clipped_per_tilt", per_tilt);
  return c;
}

void run_simulate(const SimulateOptions& o) {
  fs::path stem = o.out;
  if (stem.extension() == ".mrc" || stem.extension() == ".h5") stem.replace_extension();
  if (stem.empty()) throw Error("--out: give an output name such as 'series'");
  const fs::path mrc = fs::path(stem).concat(".mrc"), tlt = fs::path(stem).concat(".tlt"),
                 h5 = fs::path(stem).concat(".h5");
  refuse_overwriting_inputs({{"--model", o.model}, {"--angles", o.angles}},
                            {{"--out", mrc}, {"--out", tlt}, {"--out", h5}});
  const AtomModel model = load_atom_model(o.model);
  if (model.empty()) throw Error(fmt::format("{}: the atom model is empty", o.model));
  check_atoms_apart(model.positions(), o.model);
  Metadata fov;
  const sim::SimConfig config = fit_field_of_view(make_config(o), model, o, fov);

  const int total = sim::tilt_count(config.tilts) * config.tilts.frames_per_tilt;
  fmt::print(stderr, "simulate: {} atoms, {} tilts x {} frames of {} x {} pixels at {} Å, {} e/Å², seed {}\n",
             model.size(), sim::tilt_count(config.tilts), config.tilts.frames_per_tilt, config.ny, config.nx,
             config.pixel_A, config.dose_e_per_A2, o.seed);
  const auto t0 = std::chrono::steady_clock::now();
  int last_percent = -1;
  sim::SimResult r = sim::simulate(model, config, o.seed, [&](int done, int n) {
    const int percent = 100 * done / n;
    if (percent / 10 != last_percent / 10 || done == n) {
      fmt::print(stderr, "simulate: frame {}/{} ({}%)\n", done, n, percent);
      last_percent = percent;
    }
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& [el, s] : r.sigma_A2) fmt::print(stderr, "simulate: ADF cross-section {} = {:.5g} Å²\n", el, s);
  fmt::print(stderr, "simulate: probe FWHM {:.3f} Å; {} frames in {:.2f} s\n", r.probe_fwhm_A, total, seconds);

  r.series.metadata().set("model", o.model);
  r.frames.metadata().set("model", o.model);
  for (auto* m : {&r.series.metadata(), &r.frames.metadata(), &r.metadata}) m->merge(fov);
  if (!stem.parent_path().empty()) fs::create_directories(stem.parent_path());
  // The three files appear together or not at all.
  OutputSet outputs;
  write_mrc_tilt_series(outputs.file(mrc), outputs.file(tlt), r.series);
  EmdFile file;
  file.metadata = r.metadata;
  file.metadata.set("model", o.model);
  file.tilt_series.emplace("frames", std::move(r.frames));
  file.atom_models.emplace("truth", model);
  write_emd(outputs.file(h5), file);
  outputs.commit();
  fmt::print(stderr, "simulate: wrote {}, {} (frames averaged per tilt) and {} (frames, true geometry, truth)\n",
             mrc.string(), tlt.string(), h5.string());
}

}  // namespace

void add_simulate_command(CLI::App& app) {
  auto opt = std::make_shared<SimulateOptions>();
  auto* cmd = app.add_subcommand(
      "simulate",
      "Simulate an ADF-STEM tilt series of an atom model (incoherent imaging, frozen phonons,\n"
      "dose noise, misalignment, support film). Writes OUT.mrc + OUT.tlt (frames averaged per\n"
      "tilt, nominal angles) and OUT.h5 (every frame with its true geometry, all parameters,\n"
      "the truth model).\n"
      "  aetbench simulate --model truth.xyz --out series --preset paper --seed 7");
  cmd->add_option("--model", opt->model, "atom model (.xyz or .h5)")->required();
  cmd->add_option("--out", opt->out, "output name: writes OUT.mrc, OUT.tlt, OUT.h5")->required();
  cmd->add_option("--preset", opt->preset, "paper (Supp. Table 2, realistic noise and misalignment) or ideal")
      ->capture_default_str();
  const sim::SimConfig paper = sim::paper_preset();  // the values the help text quotes
  cmd->add_option("--dose", opt->dose,
                  fmt::format("total dose in e/Å² over the whole series (paper {:g})", paper.dose_e_per_A2));
  cmd->add_option("--tilt-range", opt->tilt_range,
                  fmt::format("lowest and highest tilt in degrees (paper {:g} {:g})", paper.tilts.min_deg,
                              paper.tilts.max_deg))
      ->expected(2);
  cmd->add_option("--tilts", opt->tilts, fmt::format("number of tilts over the range (paper {})", paper.tilts.n_tilts));
  cmd->add_option("--angles", opt->angles, "explicit tilt angles (.tlt), instead of --tilt-range/--tilts");
  cmd->add_option("--order", opt->order, "acquisition order: sequential, bidirectional, dose-symmetric");
  cmd->add_option("--frames", opt->frames, fmt::format("frames per tilt (paper {})", paper.tilts.frames_per_tilt));
  cmd->add_option("--pixel", opt->pixel, fmt::format("pixel size in Å (paper {:g})", paper.pixel_A));
  const sim::FieldOfViewRule fov;
  cmd->add_option("--size", opt->size,
                  fmt::format("image size in pixels: N, or NY NX (default: the model's bounding sphere plus a {:g} Å "
                              "background ring on each side, a multiple of {} px)",
                              fov.margin_A, fov.multiple_px))
      ->expected(1, 2);
  cmd->add_flag("--allow-clipping", opt->allow_clipping,
                "accept a --size that cuts atoms at some tilts (warns; recorded in the metadata)");
  cmd->add_option("--seed", opt->seed, "random seed (recorded in the outputs)")->capture_default_str();
  cmd->add_option("--voltage", opt->voltage, fmt::format("accelerating voltage in kV ({:g})", paper.probe.voltage_kV));
  cmd->add_option("--convergence", opt->convergence, fmt::format("convergence semi-angle in mrad ({:g})", paper.probe.convergence_mrad));
  cmd->add_option("--source-size", opt->source,
                  fmt::format("Gaussian source FWHM in Å ({:g}: a 0.8 Å probe)", paper.probe.source_fwhm_A));
  cmd->add_option("--source-tail", opt->source_tail,
                  fmt::format("fraction of the source in a broad skirt, 0 to 0.5 ({:g})", paper.probe.source_tail_fraction));
  cmd->add_option("--source-tail-size", opt->source_tail_size,
                  fmt::format("FWHM of the source's skirt in Å ({:g})", paper.probe.source_tail_fwhm_A));
  cmd->add_option("--defocus", opt->defocus, "defocus in Å (positive = underfocus)");
  cmd->add_option("--adf-model", opt->adf_model, fmt::format("kirkland or power-law (default {})", sim::to_string(paper.detector.model)));
  cmd->add_option("--z-exponent", opt->z_exponent, fmt::format("n of the power-law model sigma ~ Z^n ({:g})", paper.detector.z_exponent));
  cmd->add_option("--column-saturation", opt->column_saturation,
                  fmt::format("sublinear column response: columns saturate at ~this many Pt atoms' signal "
                              "(docs/simulator.md; {:g}: linear)",
                              paper.column.saturation_atoms));
  cmd->add_option("--gain", opt->gain, fmt::format("detector output per detected electron ({:g})", paper.detector.gain));
  cmd->add_option("--read-noise", opt->read_noise, fmt::format("Gaussian read noise per pixel per frame, output units (paper {:g})",
                              paper.detector.read_noise));
  cmd->add_flag("--no-noise", opt->no_noise, "no shot or read noise (expected signal)");
  cmd->add_flag("--no-film", opt->no_film, "no support film");
  cmd->add_flag("--no-thermal", opt->no_thermal, "no thermal displacements");
  cmd->add_flag("--no-misalignment", opt->no_misalignment, "no shifts, drift, angle errors or axis rotation");
  cmd->add_option("--axis-rotation", opt->axis_rotation,
                  fmt::format("in-plane angle of the tilt axis in degrees, from the image's y axis, counterclockwise "
                              "positive (as --tilt-axis-deg and IMOD's RotationAngle; after --no-misalignment; paper {:g})",
                              paper.misalignment.axis_rotation_deg));
  cmd->callback([opt] { run_simulate(*opt); });
}

}  // namespace aet::cli
