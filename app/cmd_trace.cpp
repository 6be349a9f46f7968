// aetbench trace --volume vol.mrc --out atoms.xyz: atoms and species from a reconstruction.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <memory>
#include <sstream>

#include "tracing/atom_tracing.hpp"
#include "tracing/species_classification.hpp"
#include "app/checks.hpp"
#include "app/commands.hpp"
#include "app/pipeline_options.hpp"
#include "core/limits.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/outputs.hpp"

namespace aet::cli {

namespace {

struct TraceOptions {
  std::string volume, out;
  std::string species = fmt::format("{}", fmt::join(tracing::ClassificationOptions{}.species, ","));
  double voxel_A = 0.0;
  double threshold = 0.0;
  tracing::TracingOptions tracing;
  tracing::ClassificationOptions classification;
  bool no_split = false, no_reject = false, no_local = false;
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

void run_trace(TraceOptions o) {
  refuse_overwriting_inputs({{"--volume", o.volume}}, {{"--out", o.out}});
  const FileKind kind = file_kind(o.out);
  if (kind != FileKind::Xyz && kind != FileKind::Hdf5)
    throw Error(fmt::format("--out {}: an atom model is written as .xyz or .h5", o.out));
  const Volume volume = load_volume(o.volume, o.voxel_A > 0 ? std::optional<double>(o.voxel_A) : std::nullopt);
  if (o.threshold > 0) o.tracing.threshold = o.threshold;
  o.tracing.split_blobs = !o.no_split;
  o.tracing.reject_noise = !o.no_reject;
  o.classification.local_reclassification = !o.no_local;
  o.classification.species = split_list(o.species);

  fmt::print(stderr, "trace: {} x {} x {} voxels at {} Å\n", volume.nz(), volume.ny(), volume.nx(), volume.voxel_A());
  const auto traced = tracing::trace_atoms(volume, o.tracing);
  const auto& t = traced.report;
  fmt::print(stderr,
             "trace: threshold {:.4g} (noise sigma {:.3g}); {} maxima; fits: {} polynomial, {} Gaussian, {} centroid; "
             "{} closer than the minimum distance dropped; {} blobs split; {} noise peaks rejected\n",
             t.threshold, t.noise_sigma, t.maxima, t.polynomial_fits, t.gaussian_fits, t.centroid_fits, t.too_close,
             t.blobs_split, t.noise_rejected);
  if (o.tracing.joint_fit)
    fmt::print(stderr, "trace: joint fit: {} contest winners refitted, {} losers kept, {} dropped, {} fits failed\n",
               t.joint_clusters, t.joint_kept, t.joint_dropped, t.joint_failed);
  auto classified = tracing::classify_species(volume, traced.atoms, o.classification);
  const auto& c = classified.report;
  fmt::print(stderr, "classify: k-means centres");
  for (std::size_t s = 0; s < c.species.size(); ++s) fmt::print(stderr, " {} {:.4g}", c.species[s], c.class_means[s]);
  if (c.measure == tracing::IntensityMeasure::Fit) fmt::print(stderr, " (joint blob fit, width {:.3g} Å)", c.fit_sigma_A);
  fmt::print(stderr, "; {} non-atoms removed; local re-classification: {} reassigned in {} iterations{}\n",
             c.non_atoms_removed, c.reassigned, c.local_iterations, c.converged ? "" : " (not converged)");

  AtomModel& atoms = classified.atoms;
  Metadata& m = atoms.metadata();
  m.merge(volume.metadata());
  m.set("units", "Angstrom");
  m.set("frame", "volume-centre");
  m.set("source_volume", std::filesystem::path(o.volume).filename().string());
  m.set("trace_threshold", t.threshold);
  m.set("trace_min_distance_A", o.tracing.min_distance_A);
  m.set("trace_smooth_sigma_A", o.tracing.smooth_sigma_A);
  m.set("trace_blobs_split", std::uint64_t(t.blobs_split));
  m.set("trace_noise_rejected", std::uint64_t(t.noise_rejected));
  m.set("classify_reassigned", std::uint64_t(c.reassigned));
  m.set("classify_intensity", tracing::to_string(c.measure));
  if (c.measure == tracing::IntensityMeasure::Fit) m.set("classify_blob_sigma_A", c.fit_sigma_A);
  save_atom_model(o.out, atoms);
  for (const auto& s : c.species) fmt::print("{}: {}\n", s, atoms.count(s));
  fmt::print("atoms: {}\n", atoms.size());
}

}  // namespace

void add_trace_command(CLI::App& app) {
  auto opt = std::make_shared<TraceOptions>();
  auto* cmd = app.add_subcommand("trace",
                                 "Trace atoms in a reconstructed volume and classify their species.\n"
                                 "  aetbench trace --volume vol.mrc --out atoms.xyz --species Pd,Pt");
  cmd->add_option("--volume", opt->volume, "reconstructed volume (.mrc or .h5)")->required();
  cmd->add_option("--out", opt->out, "atom model to write (.xyz or .h5)")->required();
  cmd->add_option("--voxel,--pixel", opt->voxel_A, "voxel size in Å (overrides the MRC header)")
      ->check(in_range(limits::kMinPixel_A, limits::kMaxPixel_A));
  cmd->add_option("--species", opt->species, "element symbols, comma-separated; brighter = heavier")
      ->capture_default_str();
  cmd->add_option("--min-distance", opt->tracing.min_distance_A, "minimum distance between atoms, Å")
      ->capture_default_str()
      ->check(positive(10.0));
  cmd->add_flag("--joint-fit,!--no-joint-fit", opt->tracing.joint_fit,
                "fit maxima closer than --min-distance jointly (a sum of Gaussians) and keep each that explains "
                "enough of the volume, instead of keeping only the brightest")
      ->capture_default_str();
  cmd->add_option("--joint-min-distance", opt->tracing.joint_min_distance_A,
                  "with --joint-fit: atoms never closer than this, Å")
      ->capture_default_str()
      ->check(positive(10.0));
  cmd->add_option("--joint-penalty", opt->tracing.joint_penalty,
                  "with --joint-fit: penalty per atom in units of the BIC's 4 ln(n) s^2")
      ->capture_default_str()
      ->check(non_negative(100.0));
  cmd->add_option("--smooth", opt->tracing.smooth_sigma_A, "Gaussian smoothing sigma before tracing, Å (0: none)")
      ->capture_default_str()
      ->check(non_negative(limits::kMaxSmoothSigma_A));
  cmd->add_option("--threshold", opt->threshold, "absolute peak threshold (default: from the noise)")
      ->check(positive());
  cmd->add_option("--noise-sigmas", opt->tracing.noise_sigmas, "threshold = median + this x robust noise sigma")
      ->capture_default_str()
      ->check(non_negative(100.0));
  cmd->add_option("--min-relative-height", opt->tracing.min_relative_height,
                  "threshold at least this fraction of the highest peak")
      ->capture_default_str()
      ->check(in_range(0.0, 1.0));
  add_intensity_options(*cmd, opt->classification);
  cmd->add_option("--local-radius", opt->classification.local_radius_A, "radius of the local reference, Å")
      ->capture_default_str()
      ->check(positive(100.0));
  cmd->add_option("--non-atom-peak-fraction", opt->classification.non_atom_peak_fraction,
                  "non-atom: a peak below this fraction of the lightest species' interior median height (0: no height test)")
      ->capture_default_str()
      ->check(in_range(0.0, 1.0));
  cmd->add_flag("--non-atom-class,!--keep-non-atoms", opt->classification.non_atom_class,
                "remove non-atoms: peaks far dimmer (box integral or height) than the lightest species' "
                "interior atoms (default; --keep-non-atoms keeps them)");
  cmd->add_flag("--no-split", opt->no_split, "do not split elongated double blobs");
  cmd->add_flag("--no-reject-noise", opt->no_reject, "keep weak peaks without neighbours");
  cmd->add_flag("--no-local", opt->no_local, "skip the local re-classification");
  cmd->callback([opt] { run_trace(*opt); });
}

}  // namespace aet::cli
