#include "pipeline/pipeline.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/stage_timer.hpp"
#include "core/mrc.hpp"
#include "core/version.hpp"
#include "core/xyz.hpp"
#include "pipeline/chimerax.hpp"

namespace aet::pipeline {

namespace fs = std::filesystem;

PipelineConfig default_pipeline_config() {
  PipelineConfig c;
  c.recon.denoise = true;
  c.recon.subtract_background = true;
  // The tilt axis's in-plane angle is estimated (--no-tilt-axis: taken as
  // along y; a given --tilt-axis-deg is always used). Measured at paper scale
  // (seed 1, the paper's acquisition with its 0.5° axis rotation): RMSD pb
  // 9.3 -> 7.1 pm, epb 7.6 -> 6.2, to 8.1 -> 6.7; R lower on all three.
  c.recon.tilt_axis = true;
  c.recon.align = true;
  c.recon.refine_angles = true;
  c.recon.crop = true;
  c.recon.algorithm = recon::Algorithm::Resire;
  // Speed at the same accuracy (measured on the medium decahedron, paper
  // acquisition: the plain schedule — 8 cold rounds of 150 iterations, the
  // atomic step, 100 final iterations — took 224 CPU s for 5.28 pm; this one
  // 15 CPU s for 4.98 pm): RESIRE with momentum; the geometry refined first
  // on 2x binned images and volume, then at full resolution, each round
  // after the first continuing from the last volume, the rounds stopping when
  // the geometry stops moving; the final RESIRE continuing from the
  // refinement's last volume.
  c.recon.resire.accelerate = true;
  c.recon.refinement.iterations_per_round = 40;
  c.recon.refinement.warm_iterations = 15;
  c.recon.refinement.coarse_binning = 2;
  c.recon.refinement.coarse_rounds = 8;
  c.recon.refinement.max_rounds = 4;
  c.recon.refinement.min_tilt_change_deg = 0.02;
  c.recon.refinement.min_shift_change_px = 0.02;
  // At the paper's dose the atomic model explains the images worse than the
  // voxels (small truncated octahedron: residual 0.019 vs 0.015) and is
  // discarded, after costing more than the rest of the refinement.
  c.recon.refinement.atomic_model = false;
  c.recon.warm_start = true;
  c.recon.stop.iterations = 40;
  return c;
}

AtomFrame atom_frame(const TiltSeries& s, double tilt_axis_deg) {
  const auto& g = s.geometry();
  AtomFrame f;
  if (g.has_shifts()) {
    // Normal equations of the 2 x nt linear conditions on d (3 unknowns).
    Mat3 ata = Mat3::Zero();
    Vec3 atb = Vec3::Zero();
    for (const auto& im : g.images) {
      const Eigen::Matrix<double, 2, 3> p = im.rotation().topRows<2>();
      const Eigen::Vector2d b(im.shift_px[0] * s.pixel_A(), im.shift_px[1] * s.pixel_A());
      ata += p.transpose() * p;
      atb += p.transpose() * b;
    }
    // A single image (or none off 0°) leaves z undetermined: the minimum-norm
    // solution then sets it to zero.
    f.name = "aligned";
    f.offset_A = ata.completeOrthogonalDecomposition().solve(atb);
  }
  if (tilt_axis_deg != 0.0) {
    f.name = "tilt-axis";
    f.rotation = recon::axis_frame_rotation(tilt_axis_deg);
    f.offset_A = f.rotation * f.offset_A;
  }
  return f;
}

AtomModel in_input_frame(AtomModel atoms, const AtomFrame& frame) {
  for (auto& r : atoms.positions()) r = frame.rotation * r + frame.offset_A;
  atoms.metadata().set("frame", "volume-centre");
  return atoms;
}

PipelineResult run_pipeline(const TiltSeries& series, const PipelineConfig& config) {
  PipelineResult r;
  StageTimer timer(r.seconds);
  r.edge = recon::particle_at_edge(series, config.recon.background);
  if (r.edge.touches())
    fmt::print(stderr,
               "pipeline: warning: the particle reaches the image edge in {} of {} images (first: image {}): no "
               "background ring there for the background and alignment steps to estimate from; the result may "
               "be wrong (acquire or simulate a larger field of view)\n",
               r.edge.images_at_edge.size(), r.edge.images, r.edge.images_at_edge.front());
  fmt::print(stderr, "pipeline: stage 1/3: pre-processing and reconstruction ({} images of {} x {})\n", series.nt(),
             series.ny(), series.nx());
  recon::ReconstructConfig recon_config = config.recon;
  // Projection support reads the images the denoiser has not weighed.
  recon_config.keep_undenoised = recon_config.keep_undenoised || config.projection_support;
  r.reconstruction = recon::reconstruct(series, recon_config);
  timer.lap("reconstruction");
  fmt::print(stderr, "pipeline: stage 2/3: atom tracing (R = {:.4f})\n", r.reconstruction.report.r_factor);
  tracing::TracingResult traced = tracing::trace_atoms(r.reconstruction.volume, config.tracing);
  r.tracing = traced.report;
  timer.lap("tracing");
  fmt::print(stderr, "pipeline: stage 3/3: species classification of {} atoms\n", traced.atoms.size());
  tracing::ClassificationResult classified = tracing::classify_species(r.reconstruction.volume, std::move(traced.atoms),
                                                     config.classification);
  r.classification = classified.report;
  r.atoms = std::move(classified.atoms);
  r.frame = atom_frame(r.reconstruction.series, r.reconstruction.tilt_axis ? r.reconstruction.tilt_axis->deg : 0.0);
  timer.lap("classification");
  if (config.projection_support) {
    const auto& undenoised = r.reconstruction.undenoised;
    fmt::print(stderr, "pipeline: projection support of {} atoms against the {} images{}\n", r.atoms.size(),
               r.reconstruction.series.nt(), undenoised ? " (not denoised)" : "");
    r.projection_support =
        tracing::projection_support(r.atoms, undenoised ? *undenoised : r.reconstruction.series, config.support);
    r.projection_support->images = undenoised ? "undenoised" : "reconstructed";
    const auto& p = *r.projection_support;
    fmt::print(stderr,
               "projection support: reference amplitude {:.4g}, residual {:.4g} (atoms.xyz column support); {} "
               "removed below {:g} of it\n",
               p.reference, p.relative_residual, p.removed, config.support.min_fraction);
    timer.lap("projection_support");
  }
  if (config.refine_positions) {
    fmt::print(stderr, "pipeline: position refinement of {} atoms against the {} images\n", r.atoms.size(),
               r.reconstruction.series.nt());
    r.position_refinement = tracing::refine_positions(r.atoms, r.reconstruction.series, config.position_refinement);
    const auto& p = *r.position_refinement;
    fmt::print(stderr, "position refinement: residual {:.4g} -> {:.4g}; mean move {:.3f} Å, {} kept traced\n",
               p.residual_per_round.front(), p.residual_per_round.back(), p.mean_move_A, p.kept_traced);
    timer.lap("position_refinement");
  }
  std::string table;
  for (const auto& [stage, sec] : r.seconds) {
    table += fmt::format("{}{} {:.1f} s", table.empty() ? "" : ", ", stage, sec);
    if (stage == "reconstruction") {
      std::string steps;
      for (const auto& [step, t] : r.reconstruction.seconds)
        steps += fmt::format("{}{} {:.1f}", steps.empty() ? "" : ", ", step, t);
      table += " (" + steps + ")";
    }
  }
  fmt::print(stderr, "pipeline: timings: {}\n", table);
  r.status = assess_run(r.reconstruction, r.edge, config.status);
  if (r.status.ok())
    fmt::print(stderr, "pipeline: status ok (R = {:.4f}, {:.2f} x the noise's {:.4f})\n", r.status.r_factor,
               r.status.r_ratio, r.status.expected_r_factor);
  else
    for (const auto& reason : r.status.reasons) fmt::print(stderr, "pipeline: status SUSPECT: {}\n", reason);
  return r;
}

nlohmann::json pipeline_report(const PipelineResult& r, const PipelineConfig& c, const TiltSeries& input,
                               const std::string& input_name) {
  using nlohmann::json;
  json j;
  j["version"] = kVersion;
  j["input"] = {{"tilt_series", input_name},
                {"images", input.nt()},
                {"ny", input.ny()},
                {"nx", input.nx()},
                {"pixel_A", input.pixel_A()}};
  if (auto seed = input.metadata().get("seed")) j["seed"] = *seed;
  else j["seed"] = nullptr;
  j["status"] = r.status.status;
  j["status_reasons"] = r.status.reasons;
  j["atoms"] = r.atoms.size();
  json species = json::object();
  for (const auto& s : r.classification.species) species[s] = r.atoms.count(s);
  j["species"] = species;
  const auto& rep = r.reconstruction.report;
  j["r_factor"] = rep.r_factor;
  j["r_factor_history"] = {{"iterations", rep.history_iterations}, {"r_factor", rep.r_factor_history}};
  // The R-factor the images' noise alone would leave, and how far above it this run is.
  j["noise"] = {{"expected_r_factor", r.status.expected_r_factor},
                {"r_factor_ratio", r.status.r_ratio},
                {"max_r_factor_ratio", c.status.max_r_ratio},
                {"min_suspect_r_factor", c.status.min_r_factor},
                {"sigma_per_image", r.reconstruction.noise.sigma},
                {"pixels_per_image", r.reconstruction.noise.pixels}};
  // Where the images ended up: alignment by centre of mass moves the
  // origin to the particle's centre of mass, so the atoms' frame is the
  // input's shifted by these (mean image shift, in pixels).
  {
    const auto& g = r.reconstruction.series.geometry();
    double sx = 0, sy = 0;
    for (const auto& im : g.images) {
      sx += im.shift_px[0];
      sy += im.shift_px[1];
    }
    const double n = std::max<double>(1.0, double(g.size()));
    j["image_shift_mean_px"] = {sx / n, sy / n};
    j["geometry_refined"] = g.has_euler();
  }
  // Images whose background level came from their border ring: the
  // particle covered over half of them (recon/background.hpp).
  j["background"] = {{"ring_level_images", r.reconstruction.background.ring_level_images}};
  j["field_of_view"] = {{"particle_touches_edge", r.edge.touches()},
                        {"images_at_edge", r.edge.images_at_edge},
                        {"images_checked", r.edge.images}};
  // The atoms' frame and the rigid transform that maps them back into the
  // input's (volume-centre) frame: input = rotation atoms + offset_A
  // (aetbench score --report); rotation as rows.
  {
    const Mat3& q = r.frame.rotation;
    j["frame"] = {{"name", r.frame.name},
                  {"offset_A", {r.frame.offset_A.x(), r.frame.offset_A.y(), r.frame.offset_A.z()}},
                  {"rotation", {{q(0, 0), q(0, 1), q(0, 2)}, {q(1, 0), q(1, 1), q(1, 2)}, {q(2, 0), q(2, 1), q(2, 2)}}}};
  }
  if (const auto& ta = r.reconstruction.tilt_axis) {
    // The in-plane angle of the tilt axis (recon/tilt_axis.hpp; IMOD's
    // convention): the images were turned by -deg.
    j["tilt_axis"] = {{"deg", ta->deg},
                      {"source", ta->source},
                      {"estimated_deg", ta->estimated_deg},
                      {"uncertainty_deg", ta->uncertainty_deg},
                      {"applied", ta->applied},
                      {"refused", ta->refused},
                      {"refused_reason", ta->reason},
                      {"trial_deg", ta->trial_deg},
                      {"trial_cost", ta->cost}};
  } else {
    j["tilt_axis"] = {{"deg", 0.0}, {"source", "none"}, {"applied", false}};
  }
  const Volume& v = r.reconstruction.volume;
  j["volume"] = {{"nz", v.nz()}, {"ny", v.ny()}, {"nx", v.nx()}, {"voxel_A", v.voxel_A()}};
  j["parameters"] = {
      {"frames_per_tilt", c.recon.frames_per_tilt},
      {"denoise", c.recon.denoise},
      {"subtract_background", c.recon.subtract_background},
      {"align", c.recon.align},
      {"tilt_axis", c.recon.tilt_axis},
      {"tilt_axis_deg", c.recon.tilt_axis_options.given_deg ? nlohmann::json(*c.recon.tilt_axis_options.given_deg)
                                                             : nlohmann::json(nullptr)},
      {"refine_angles", c.recon.refine_angles},
      {"refine_rounds", c.recon.refinement.max_rounds},
      {"crop", c.recon.crop},
      {"algorithm", recon::to_string(c.recon.algorithm)},
      {"iterations", c.recon.stop.iterations},
      {"momentum", c.recon.resire.accelerate},
      {"refine_iterations_per_round", c.recon.refinement.iterations_per_round},
      {"min_distance_A", c.tracing.min_distance_A},
      {"smooth_sigma_A", c.tracing.smooth_sigma_A},
      {"joint_fit", c.tracing.joint_fit},
      {"joint_min_distance_A", c.tracing.joint_min_distance_A},
      {"joint_penalty", c.tracing.joint_penalty},
      {"threshold", c.tracing.threshold ? json(*c.tracing.threshold) : json(nullptr)},
      {"noise_sigmas", c.tracing.noise_sigmas},
      {"min_relative_height", c.tracing.min_relative_height},
      {"split_blobs", c.tracing.split_blobs},
      {"reject_noise", c.tracing.reject_noise},
      {"species", c.classification.species},
      {"box_voxels", c.classification.box_voxels},
      {"intensity", tracing::to_string(c.classification.measure)},
      {"blob_sigma_A", c.classification.fit_sigma_A},
      {"non_atom_class", c.classification.non_atom_class},
      {"local_reclassification", c.classification.local_reclassification},
      {"local_radius_A", c.classification.local_radius_A},
      {"refine_positions", c.refine_positions},
      {"projection_support", c.projection_support},
      {"support_min_fraction", c.support.min_fraction}};
  if (r.position_refinement) {
    const auto& p = *r.position_refinement;
    j["position_refinement"] = {{"residual_per_round", p.residual_per_round},
                                {"mean_move_A", p.mean_move_A},
                                {"max_move_A", p.max_move_A},
                                {"kept_traced", p.kept_traced}};
  }
  if (r.projection_support) {
    const auto& p = *r.projection_support;
    j["projection_support"] = {
        {"images", p.images},   {"reference_amplitude", p.reference}, {"relative_residual", p.relative_residual},
        {"removed", p.removed}, {"min_fraction", c.support.min_fraction}};
  }
  const auto& t = r.tracing;
  j["tracing"] = {{"threshold", t.threshold},       {"noise_sigma", t.noise_sigma},
                  {"maxima", t.maxima},             {"polynomial_fits", t.polynomial_fits},
                  {"gaussian_fits", t.gaussian_fits}, {"centroid_fits", t.centroid_fits},
                  {"too_close", t.too_close},       {"blobs_split", t.blobs_split},
                  {"noise_rejected", t.noise_rejected}, {"joint_clusters", t.joint_clusters},
                  {"joint_kept", t.joint_kept},     {"joint_dropped", t.joint_dropped},
                  {"joint_failed", t.joint_failed}};
  const auto& cl = r.classification;
  j["classification"] = {{"class_means", cl.class_means},
                         {"non_atoms_removed", cl.non_atoms_removed},
                         {"local_iterations", cl.local_iterations},
                         {"reassigned", cl.reassigned},
                         {"converged", cl.converged},
                         {"intensity", tracing::to_string(cl.measure)},
                         {"blob_sigma_A", cl.fit_sigma_A}};
  j["r_factor_stop_reason"] = rep.stop_reason;
  if (c.recon.refine_angles) {
    const auto& ar = r.reconstruction.refinement;
    j["refinement"] = {{"rounds", ar.rounds},
                       {"r_factor_per_round", ar.r_factor_per_round},
                       {"iterations_per_round", ar.iterations_per_round},
                       {"seconds_per_round", ar.seconds_per_round},
                       {"binning_per_round", ar.binning_per_round},
                       {"tilt_change_rms_deg", ar.tilt_change_rms_deg},
                       {"shift_change_rms_px", ar.shift_change_rms_px},
                       {"stop_reason", ar.stop_reason},
                       {"coarse_stop_reason", ar.coarse_stop_reason},
                       {"atomic_model",
                        {{"atoms", ar.atoms},
                         {"accepted", ar.atomic_accepted},
                         {"atomic_residual", ar.atomic_residual},
                         {"voxel_residual", ar.voxel_residual},
                         {"voxel_residual_before", ar.voxel_residual_before},
                         {"r_factor", ar.atomic_r_factor},
                         {"seconds", ar.atomic_seconds}}}};
  }
  // The pipeline's stages, then the reconstruction's steps inside its
  // "reconstruction" (not counted again in the total).
  json timings = json::object();
  double total = 0;
  for (const auto& [stage, s] : r.seconds) {
    timings[stage] = s;
    total += s;
  }
  timings["total"] = total;
  json steps = json::object();
  for (const auto& [step, s] : r.reconstruction.seconds) steps[step] = s;
  timings["reconstruction_steps"] = steps;
  j["timings_s"] = timings;
  return j;
}

std::vector<std::string> pipeline_output_names() {
  return {"volume.mrc", "atoms.xyz", "config.toml", "atoms.cmm", "atoms.cxc", "report.json"};
}

void write_pipeline_outputs(const fs::path& dir, const PipelineResult& r, const nlohmann::json& report,
                            const std::string& config_toml) {
  OutputSet outputs;
  stage_pipeline_outputs(outputs, dir, r, report, config_toml);
  outputs.commit();
}

void stage_pipeline_outputs(OutputSet& outputs, const fs::path& dir, const PipelineResult& r,
                            const nlohmann::json& report, const std::string& config_toml) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw Error(fmt::format("{}: cannot create the output folder", dir.string()));
  // Everything but the report into a temporary folder, moved beside it at commit.
  const fs::path tmp = outputs.folder(dir);
  write_mrc_volume(tmp / "volume.mrc", r.reconstruction.volume);
  if (!config_toml.empty())
    write_stream_atomically(tmp / "config.toml", [&](std::ostream& out) { out << config_toml; });
  else
    outputs.remove(dir / "config.toml");
  write_chimerax_files(tmp, r.atoms, r.tracing.threshold);
  AtomModel atoms = r.atoms;
  Metadata& m = atoms.metadata();
  m.set("units", "Angstrom");
  m.set("frame", r.frame.name);
  m.set("frame_offset_A", std::vector<double>{r.frame.offset_A.x(), r.frame.offset_A.y(), r.frame.offset_A.z()});
  if (r.frame.rotation != Mat3::Identity()) {
    std::vector<double> q;  // row-major
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 3; ++k) q.push_back(r.frame.rotation(i, k));
    m.set("frame_rotation", q);
  }
  m.set("aetbench_version", kVersion);
  if (report.contains("seed") && report["seed"].is_string()) m.set("seed", report["seed"].get<std::string>());
  m.set("r_factor", r.reconstruction.report.r_factor);
  write_xyz(tmp / "atoms.xyz", atoms);
  write_stream_atomically(outputs.last(dir / "report.json"), [&](std::ostream& out) { out << report.dump(2) << '\n'; });
}

}  // namespace aet::pipeline
