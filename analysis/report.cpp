// The analysis report as JSON, as per-atom columns and as files.
#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "analysis/report.hpp"

#include "analysis/plots.hpp"
#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/outputs.hpp"
#include "core/xyz.hpp"

namespace aet::analysis {

namespace {

using nlohmann::json;

/// NaN and infinities become null (JSON has no NaN).
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json stats_json(const BondStats& b, const BondLengthOptions& o) {
  return {{"bonds", b.bonds}, {"mean_A", num(b.mean_A)}, {"std_A", num(b.std_A)},
          {"histogram", {{"min_A", o.histogram_min_A}, {"bin_A", o.histogram_bin_A}, {"counts", b.histogram}}}};
}

json strain_json(const StrainStats& s) {
  json mean, sd;
  for (std::size_t c = 0; c < 6; ++c) {
    mean[kStrainComponents[c]] = num(100 * s.mean[c]);
    sd[kStrainComponents[c]] = num(100 * s.std[c]);
  }
  return {{"atoms", s.atoms}, {"mean_percent", mean}, {"std_percent", sd}};
}

json profile_json(const InterfaceProfile& p, double layer_A) {
  json layers = json::array();
  for (const auto& l : p.layers)
    layers.push_back({{"layer", l.layer}, {"depth_A", num(l.depth_A)}, {"pd_fraction", l.pd_fraction},
                      {"atoms", l.atoms}, {"pd", l.pd}, {"cn_pt_pd", num(l.cn_pt_pd)}, {"cn_pd_pt", num(l.cn_pd_pt)}});
  return {{"thickness_A", num(p.thickness_A)},
          {"found", p.found},
          {"crossing_95_A", num((p.upper_crossing - p.zero_crossing) * layer_A)},
          {"crossing_5_A", num((p.lower_crossing - p.zero_crossing) * layer_A)},
          {"pd_atoms_near_5_percent_crossing", p.pd_near_lower_crossing},
          {"atoms_near_5_percent_crossing", p.atoms_near_lower_crossing},
          {"atoms_near_95_percent_crossing", p.atoms_near_upper_crossing},
          {"pt_atoms_near_95_percent_crossing", p.pt_near_upper_crossing},
          {"profile", layers}};
}

json bond_lengths_json(const AnalysisReport& r, const AnalysisOptions& o) {
  json bl;
  bl["all"] = stats_json(r.bonds.all, o.bonds);
  for (const auto& [k, b] : r.bonds.by_pair) bl["by_pair"][k] = stats_json(b, o.bonds);
  if (r.interface) {
    bl["interface"] = stats_json(r.bonds.interface_all, o.bonds);
    for (const auto& [k, b] : r.bonds.interface_by_pair) bl["interface_by_pair"][k] = stats_json(b, o.bonds);
    json vd = json::array();
    for (const auto& d : r.bonds.versus_depth)
      vd.push_back({{"depth_A", d.depth_A}, {"bonds", d.bonds}, {"mean_A", num(d.mean_A)}});
    bl["versus_depth"] = vd;
  }
  return bl;
}

json grain_details_json(const GrainReport& grains) {
  json gd = json::array();
  for (const auto& g : grains.grains) {
    const Mat3 m = g.orientation.toRotationMatrix();
    gd.push_back({{"atoms", g.atoms},
                  {"centroid_A", {g.centroid_A.x(), g.centroid_A.y(), g.centroid_A.z()}},
                  {"cubic_axes", {{m(0, 0), m(1, 0), m(2, 0)}, {m(0, 1), m(1, 1), m(2, 1)}, {m(0, 2), m(1, 2), m(2, 2)}}}});
  }
  return {{"grains", gd},
          {"misorientation_deg", grains.misorientation_deg},
          {"twin_boundary_atoms", grains.twin_boundary_atoms}};
}

json fivefold_json(const FivefoldReport& f) {
  json ff;
  ff["found"] = f.found;
  ff["axis_atoms"] = f.axis_atoms.size();
  ff["axis_atom_indices"] = f.axis_atoms;
  ff["axis_direction"] = {f.axis_direction.x(), f.axis_direction.y(), f.axis_direction.z()};
  ff["twin_angles_deg"] = f.twin_angles_deg;
  ff["bipyramids"] = f.bipyramids.size();
  ff["alpha_over_gamma"] = num(f.bipyramids.empty() ? NAN : f.alpha_over_gamma);
  ff["beta_over_gamma"] = num(f.bipyramids.empty() ? NAN : f.beta_over_gamma);
  ff["theta_deg"] = num(f.bipyramids.empty() ? NAN : f.theta_deg);
  return ff;
}

json erf_fit_json(const ErfProfileFit& f, const char* surface) {
  return json{{"thickness_A", num(f.found ? f.thickness_A : NAN)},
              {"sigma_A", num(f.sigma_A)},
              {"centre_A", num(f.centre_A)},
              {"pd_floor", num(f.pd_floor)},
              {"pt_floor", num(f.pt_floor)},
              {"atoms", f.atoms},
              {"neg_log_likelihood", num(f.neg_log_likelihood)},
              {"atoms_near_95_percent_end", f.atoms_upper_end},
              {"pt_atoms_near_95_percent_end", f.pt_upper_end},
              {"atoms_near_5_percent_end", f.atoms_lower_end},
              {"pd_atoms_near_5_percent_end", f.pd_lower_end},
              {"outlier_atoms", f.outliers.size()},
              {"surface", surface}};
}

json polyhedral_fit_json(const PolyhedralCoreFit& p) {
  json poly = erf_fit_json(p.fit, "fitted convex polyhedral core (facets of the 50 % iso-surface)");
  poly["found"] = p.found;
  json facets = json::array();
  for (std::size_t k = 0; k < p.normals.size() && k < p.offsets_A.size(); ++k) {
    const Vec3& nk = p.normals[k];
    facets.push_back({{"normal", {nk.x(), nk.y(), nk.z()}}, {"offset_A", p.offsets_A[k]}});
  }
  poly["facets"] = facets;
  return poly;
}

json interface_json(const InterfaceReport& in, const AnalysisOptions& o) {
  json ij;
  ij["cutoff_A"] = in.cutoff_A;
  ij["layer_A"] = in.layer_A;
  ij["clean_pd_atoms"] = in.clean_pd;
  ij["alpha_A"] = o.interface.alpha_A;
  ij["voxel_A"] = o.interface.voxel_A;
  const json paper = profile_json(in.paper, in.layer_A);
  const json truth = profile_json(in.true_distance, in.layer_A);
  ij["thickness_A"] = paper["thickness_A"];
  // True distance: the ML erf fit on the distances to the iso-surface (see
  // interface_profile.hpp); definition 2's binned figure stays in
  // true_distance.thickness_A.
  ij["thickness_true_A"] = num(in.true_fit.found ? in.true_fit.thickness_A : NAN);
  ij["thickness_true_surface"] = in.true_fit_polyhedral ? "polyhedral core" : "iso-surface";
  ij["erf_fit"] = erf_fit_json(in.iso_fit, "50 % iso-surface of the smoothed Pd concentration");
  ij["erf_fit_polyhedral"] = polyhedral_fit_json(in.polyhedral);
  ij["erf_fit_core"] = erf_fit_json(in.core_fit, "clean-Pd core surface (definition 2's distances)");
  ij["profile"] = paper["profile"];
  ij["thickness_iso_A"] = num(in.iso_surface.found ? in.iso_surface.thickness_A : NAN);
  ij["iso_surface"] = {{"thickness_A", num(in.iso_surface.thickness_A)},
                       {"crossing_95_A", num(in.iso_surface.upper_A)},
                       {"crossing_5_A", num(in.iso_surface.lower_A)},
                       {"sigma_A", o.interface.iso_sigma_A},
                       {"note", "unbinned: isotonic Pd fraction versus distance to the 50 % iso-surface of the "
                                "smoothed Pd concentration (not in the paper)"}};
  // Robust to a few wrong labels on the outermost layer
  // (interface_profile.hpp): the erf fit with an outlier term on the
  // headline's distances, the paper's definition without its outliers.
  const json paper_robust = profile_json(in.paper_robust, in.layer_A);
  ij["thickness_robust_A"] = paper_robust["thickness_A"];
  ij["thickness_true_robust_A"] = num(in.true_fit_robust.found ? in.true_fit_robust.thickness_A : NAN);
  ij["erf_fit_robust"] = erf_fit_json(
      in.true_fit_robust, in.true_fit_polyhedral ? "polyhedral core, outermost-layer outlier term"
                                                 : "50 % iso-surface, outermost-layer outlier term");
  ij["erf_fit_robust"]["surface_outlier"] = o.interface.surface_outlier;
  ij["erf_fit_robust"]["outermost_layer_A"] = o.interface.outermost_layer_A;
  ij["paper_definition_robust"] = paper_robust;
  ij["paper_definition"] = paper;
  ij["true_distance"] = truth;
  ij["note"] =
      "thickness_A follows the paper's definition (cube-eroded voxel layers of nominal 1.03 A); a cube erosion "
      "advances up to sqrt(3) x 1.03 A along non-axial directions, so it understates the thickness measured by "
      "true Euclidean distance. thickness_true_A is the 5-95 % width of a maximum-likelihood erf profile fitted to "
      "every atom's species versus its signed distance to a core surface (thickness_true_surface): a fitted convex "
      "polyhedral core (erf_fit_polyhedral) where the core is faceted, else the 50 % iso-surface of the smoothed "
      "Pd concentration (erf_fit), which rounds a faceted core's edges and so widens a narrow profile; "
      "true_distance holds the binned true-distance profile (definition 2).";
  return ij;
}

json isolated_json(const IsolatedReport& isolated) {
  json iso;
  for (const auto& [name, s] : {std::pair<std::string, const IsolatedSpecies*>{"Pd", &isolated.pd},
                                {"Pt", &isolated.pt}}) {
    json hist = json::object();
    for (const auto& [size, count] : s->size_histogram) hist[std::to_string(size)] = count;
    json dist = json::array();
    for (const auto& c : s->clusters) dist.push_back(num(c.interface_depth_A));
    iso[name] = {{"main_cluster_atoms", s->main_cluster_atoms},
                 {"clusters", s->clusters.size()},
                 {"isolated_atoms", s->isolated_atoms},
                 {"single_atom_fraction", s->single_fraction},
                 {"size_histogram", hist},
                 {"interface_depth_A", dist}};
  }
  return iso;
}

json strain_section_json(const AnalysisReport& r, const AnalysisOptions& o) {
  json sj = strain_json(r.strain_regions.total);
  sj["kernel_sigma_A"] = o.strain.kernel_sigma_A;
  json ks = strain_json(r.strain->total_kernel_smoothed);
  ks["note"] = "the paper's estimator: gradient of the kernel-smoothed displacement field (Nadaraya-Watson), "
               "which flattens gradients where the kernel's neighbourhood is cut (surfaces, twin boundaries); "
               "std_percent above is the local-linear gradient, which follows the true strain more closely";
  sj["kernel_smoothed"] = ks;
  sj["core"] = strain_json(r.strain_regions.core);
  sj["interface"] = strain_json(r.strain_regions.interface);
  sj["shell"] = strain_json(r.strain_regions.shell);
  json lat = json::array();
  for (const auto& l : r.strain->lattices)
    lat.push_back({{"lattice_A", l.lattice_A}, {"rms_displacement_A", l.rms_displacement_A}, {"atoms", l.atoms}});
  sj["lattices"] = lat;
  return sj;
}

}  // namespace

nlohmann::json to_json(const AnalysisReport& r, const AnalysisOptions& o) {
  json j;
  j["atoms"] = r.atoms;
  j["species"] = json::object();
  for (const auto& [s, c] : r.species) j["species"][s] = c;
  j["neighbour_cutoff_A"] = r.neighbours.cutoff_A;
  j["pair_distribution"] = {{"first_peak_A", r.pair_distribution.first_peak_A},
                            {"first_minimum_A", r.pair_distribution.first_minimum_A}};
  j["mean_bond_length_A"] = num(r.bonds.all.mean_A);
  j["bond_lengths"] = bond_lengths_json(r, o);
  j["coordination"] = {{"mean_cn", r.coordination.mean_cn}, {"histogram", r.coordination.histogram}};
  j["bond_orientational_order"] = {{"mean_q4", r.boo.mean_q4}, {"mean_q6", r.boo.mean_q6},
                                   {"mean_boo", r.boo.mean_boo}};
  json ptm;
  for (int s = 0; s < kStructureCount; ++s) ptm["counts"][to_string(Structure(s))] = r.ptm.counts[std::size_t(s)];
  ptm["rmsd_cutoff"] = o.ptm.rmsd_cutoff;
  j["ptm"] = ptm;
  j["grains"] = r.grains.grains.size();
  j["grain_details"] = grain_details_json(r.grains);
  j["fivefold"] = fivefold_json(r.fivefold);
  j["interface"] = r.interface ? interface_json(*r.interface, o) : json(nullptr);
  j["isolated"] = isolated_json(r.isolated);
  j["strain"] = r.strain ? strain_section_json(r, o) : json(nullptr);
  json fj;
  for (int s = 0; s < 5; ++s) fj[to_string(SurfaceSite(s))] = r.facets.counts[std::size_t(s)];
  j["facets"] = fj;
  j["notes"] = r.notes;
  j["timings_s"] = r.timings_s;
  return j;
}

AtomModel annotate(const AtomModel& model, const AnalysisReport& r) {
  AtomModel m = model;
  const std::size_t n = m.size();
  auto ints = [&](const std::string& name, auto&& f, ColumnType type = ColumnType::Int) {
    auto& c = m.add_column(name, type);
    for (std::size_t i = 0; i < n; ++i) c.ints[i] = f(i);
  };
  auto reals = [&](const std::string& name, auto&& f) {
    auto& c = m.add_column(name, ColumnType::Real);
    for (std::size_t i = 0; i < n; ++i) c.reals[i] = f(i);
  };
  ints("cn", [&](std::size_t i) { return r.coordination.cn[i]; });
  ints("cn_pd", [&](std::size_t i) { return r.coordination.cn_pd[i]; });
  ints("cn_pt", [&](std::size_t i) { return r.coordination.cn_pt[i]; });
  reals("bond_mean_A", [&](std::size_t i) { return r.bonds.atom_mean_A[i]; });
  reals("q4", [&](std::size_t i) { return r.boo.q4[i]; });
  reals("q6", [&](std::size_t i) { return r.boo.q6[i]; });
  reals("boo", [&](std::size_t i) { return r.boo.boo[i]; });
  {
    auto& c = m.add_column("ptm", ColumnType::String);
    for (std::size_t i = 0; i < n; ++i) c.strings[i] = to_string(r.ptm.structure[i]);
  }
  reals("ptm_rmsd", [&](std::size_t i) { return r.ptm.rmsd[i]; });
  ints("grain_id", [&](std::size_t i) { return r.grains.grain[i]; });
  ints("twin", [&](std::size_t i) { return r.grains.twin_boundary[i]; }, ColumnType::Bool);
  ints("on_axis", [&](std::size_t i) { return r.fivefold.on_axis[i]; }, ColumnType::Bool);
  if (r.interface) {
    ints("interface_layer", [&](std::size_t i) { return r.interface->atom_layer[i]; });
    reals("interface_depth_A", [&](std::size_t i) { return r.interface->atom_interface_depth_A[i]; });
    reals("core_distance_A", [&](std::size_t i) { return r.interface->atom_core_distance_A[i]; });
    reals("surface_depth_A", [&](std::size_t i) { return r.interface->atom_surface_depth_A[i]; });
    reals("iso_distance_A", [&](std::size_t i) { return r.interface->atom_iso_distance_A[i]; });
  }
  ints("isolated_cluster", [&](std::size_t i) { return r.isolated.isolated[i]; }, ColumnType::Bool);
  ints("surface_site", [&](std::size_t i) { return int(r.facets.site[i]); });
  if (r.strain) {
    auto& c = m.add_column("strain_fit", ColumnType::Real, 6);
    auto& d = m.add_column("displacement_A", ColumnType::Real, 3);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < 6; ++k) c.reals[i * 6 + k] = r.strain->strain[i][k];
      for (int k = 0; k < 3; ++k) d.reals[i * 3 + std::size_t(k)] = r.strain->displacement_A[i][k];
    }
  }
  m.metadata().set("analysis", "aetbench analyze");
  return m;
}

void write_analysis(const std::filesystem::path& dir, const AtomModel& model, const AnalysisReport& report,
                    const AnalysisOptions& options, bool plots) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(fmt::format("{}: cannot create the output folder: {}", dir.string(), ec.message()));
  // All files or none: the model and plots into a temporary folder moved in
  // at commit, analysis.json last.
  OutputSet outputs;
  const std::filesystem::path tmp = outputs.folder(dir);
  write_xyz(tmp / "atoms.xyz", annotate(model, report));
  if (plots) write_plots(tmp, report, model);
  write_stream_atomically(outputs.last(dir / "analysis.json"),
                          [&](std::ostream& out) { out << to_json(report, options).dump(2) << "\n"; });
  outputs.commit();
}

}  // namespace aet::analysis
