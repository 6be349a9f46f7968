#include "analysis/interface_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "core/neighbours.hpp"
#include "analysis/voxel_grid.hpp"
#include "core/error.hpp"
#include "core/volume.hpp"

namespace aet::analysis {

namespace {

/// First downward crossing of `level` scanning outward from `start`;
/// linear interpolation in layer units. NaN if none.
double crossing(const std::vector<InterfaceLayer>& layers, std::size_t start, double level) {
  for (std::size_t k = start; k + 1 < layers.size(); ++k) {
    const double a = layers[k].pd_fraction, b = layers[k + 1].pd_fraction;
    if (a >= level && b < level) return layers[k].layer + (a - level) / (a - b);
  }
  return std::nan("");
}

}  // namespace

InterfaceProfile detail::layer_profile(const std::vector<int>& atom_layer, const std::vector<std::string>& species,
                                       const Coordination& cn, double layer_A, double upper, double lower) {
  std::map<int, InterfaceLayer> by;
  std::map<int, std::array<double, 2>> sums;
  for (std::size_t i = 0; i < atom_layer.size(); ++i) {
    auto& l = by[atom_layer[i]];
    l.layer = atom_layer[i];
    ++l.atoms;
    if (species[i] == "Pd") {
      ++l.pd;
      sums[l.layer][1] += cn.cn_pt[i];
    } else if (species[i] == "Pt") {
      sums[l.layer][0] += cn.cn_pd[i];
    }
  }
  InterfaceProfile p;
  // Fill gaps so that consecutive entries are consecutive layers.
  if (by.empty()) return p;
  for (int k = by.begin()->first; k <= by.rbegin()->first; ++k) {
    InterfaceLayer l = by.count(k) ? by[k] : InterfaceLayer{};
    l.layer = k;
    l.pd_fraction = l.atoms ? double(l.pd) / double(l.atoms) : 0.0;
    const std::size_t pt = l.atoms - l.pd;
    l.cn_pt_pd = pt ? sums[k][0] / double(pt) : std::nan("");
    l.cn_pd_pt = l.pd ? sums[k][1] / double(l.pd) : std::nan("");
    p.layers.push_back(l);
  }
  std::size_t start = 0;
  for (std::size_t k = 0; k < p.layers.size(); ++k)
    if (p.layers[k].pd_fraction > p.layers[start].pd_fraction) start = k;
  p.upper_crossing = crossing(p.layers, start, upper);
  p.zero_crossing = crossing(p.layers, start, 0.5);
  p.lower_crossing = crossing(p.layers, start, lower);
  p.found = std::isfinite(p.upper_crossing) && std::isfinite(p.zero_crossing) && std::isfinite(p.lower_crossing);
  p.thickness_A = (p.lower_crossing - p.upper_crossing) * layer_A;
  for (auto& l : p.layers) {
    l.depth_A = (l.layer - p.zero_crossing) * layer_A;
    if (std::fabs(l.layer - p.lower_crossing) <= 1.5) {
      p.pd_near_lower_crossing += l.pd;
      p.atoms_near_lower_crossing += l.atoms;
    }
    if (std::fabs(l.layer - p.upper_crossing) <= 1.5) {
      p.atoms_near_upper_crossing += l.atoms;
      p.pt_near_upper_crossing += l.atoms - l.pd;
    }
  }
  return p;
}

IsoSurfaceEstimate detail::isotonic_crossings(std::vector<std::pair<double, double>> xy, double upper,
                                              double lower) {
  IsoSurfaceEstimate e;
  if (xy.empty()) return e;
  std::sort(xy.begin(), xy.end());
  // Pool adjacent violators for a non-increasing fit: blocks (sum x, sum y, n).
  struct Block {
    double sx, sy, n;
  };
  std::vector<Block> b;
  for (const auto& [x, y] : xy) {
    b.push_back({x, y, 1.0});
    while (b.size() > 1 && b[b.size() - 2].sy / b[b.size() - 2].n <= b.back().sy / b.back().n) {
      const Block t = b.back();
      b.pop_back();
      b.back().sx += t.sx;
      b.back().sy += t.sy;
      b.back().n += t.n;
    }
  }
  for (const auto& k : b) e.fit.emplace_back(k.sx / k.n, k.sy / k.n);
  auto cross = [&](double level) {
    for (std::size_t k = 0; k + 1 < e.fit.size(); ++k) {
      const auto [x0, y0] = e.fit[k];
      const auto [x1, y1] = e.fit[k + 1];
      if (y0 >= level && y1 < level) return x0 + (y0 - level) / (y0 - y1) * (x1 - x0);
    }
    return std::nan("");
  };
  e.upper_A = cross(upper);
  e.lower_A = cross(lower);
  e.thickness_A = e.lower_A - e.upper_A;
  e.found = std::isfinite(e.thickness_A);
  return e;
}

namespace {

/// Signed distance of each atom to a set of surface points (negative where
/// the concentration is >= 50 %, the Pd side).
std::vector<double> iso_distances(const AtomModel& model, const detail::IsoSurface& s) {
  const auto& pos = model.positions();
  std::vector<double> d(pos.size(), std::nan(""));
  if (s.points.empty()) return d;
  const PointIndex index(s.points);
  for (std::size_t i = 0; i < pos.size(); ++i) {
    const double ci = sample(s.grid, s.concentration, pos[i]);
    const double dist = index.nearest(pos[i], 1)[0].distance_A;
    d[i] = ci >= 0.5 ? -dist : dist;
  }
  return d;
}

}  // namespace

detail::IsoSurface detail::iso_surface(const AtomModel& model, double sigma_A, double voxel_A) {
  const auto& pos = model.positions();
  IsoSurface s;
  s.grid = grid_around(pos, voxel_A, 3.0 * sigma_A);
  const VoxelGrid& g = s.grid;
  std::vector<float> pd(g.size(), 0.0F), all(g.size(), 0.0F);
  for (std::size_t i = 0; i < pos.size(); ++i) {
    const std::size_t v = g.nearest(pos[i]);
    all[v] += 1.0F;
    if (model.species()[i] == "Pd") pd[v] += 1.0F;
  }
  // Gaussian blur, cut at 3 sigma and at the grid's edge (the grid has
  // 3 sigma of margin beyond the atoms, so nothing is lost there).
  gaussian_filter(pd, g.shape(), sigma_A / voxel_A, 3.0, GaussianEdge::Zero);
  gaussian_filter(all, g.shape(), sigma_A / voxel_A, 3.0, GaussianEdge::Zero);
  // Concentration where there is matter (more than a tenth of the bulk atom density's weight).
  float peak = 0.0F;
  for (const float a : all) peak = std::max(peak, a);
  auto& c = s.concentration;
  c.assign(g.size(), -1.0F);
  for (std::size_t v = 0; v < c.size(); ++v)
    if (all[v] > 0.1F * peak) c[v] = pd[v] / all[v];
  // Iso-surface points: linear interpolation along grid edges where c
  // crosses 0.5; the normal is the concentration's gradient (central
  // differences at the two ends, interpolated), pointing down the gradient.
  const auto grad = [&](int k, int i, int j) {
    const auto at = [&](int kk, int ii, int jj) {
      kk = std::clamp(kk, 0, g.nz - 1), ii = std::clamp(ii, 0, g.ny - 1), jj = std::clamp(jj, 0, g.nx - 1);
      const float v = c[g.index(kk, ii, jj)];
      return v < 0 ? 0.0 : double(v);  // outside the matter: no Pd
    };
    return Vec3(at(k, i, j + 1) - at(k, i, j - 1), at(k, i + 1, j) - at(k, i - 1, j),
                at(k + 1, i, j) - at(k - 1, i, j));
  };
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.ny; ++i)
      for (int j = 0; j < g.nx; ++j) {
        const float a = c[g.index(k, i, j)];
        if (a < 0) continue;
        const int nb[3][3] = {{k, i, j + 1}, {k, i + 1, j}, {k + 1, i, j}};
        for (const auto& q : nb) {
          if (q[0] >= g.nz || q[1] >= g.ny || q[2] >= g.nx) continue;
          const float b = c[g.index(q[0], q[1], q[2])];
          if (b < 0 || (a >= 0.5F) == (b >= 0.5F)) continue;
          const double t = (0.5 - a) / (double(b) - a);
          s.points.push_back(g.position(k, i, j) + t * (g.position(q[0], q[1], q[2]) - g.position(k, i, j)));
          const Vec3 n = -((1.0 - t) * grad(k, i, j) + t * grad(q[0], q[1], q[2]));
          s.normals.push_back(n.norm() > 0 ? Vec3(n.normalized()) : Vec3(0, 0, 0));
        }
      }
  return s;
}

namespace {

/// Records the wall-clock time since the last lap under a sub-step's name.
class Laps {
 public:
  explicit Laps(std::map<std::string, double>& out) : out_(out), t_(std::chrono::steady_clock::now()) {}
  void operator()(const std::string& step) {
    const auto now = std::chrono::steady_clock::now();
    out_[step] += std::chrono::duration<double>(now - t_).count();
    t_ = now;
  }

 private:
  std::map<std::string, double>& out_;
  std::chrono::steady_clock::time_point t_;
};

void check_options(const InterfaceOptions& o) {
  if (!(o.voxel_A > 0.0) || o.layer_voxels < 1 || o.core_dilation_voxels < 0 || !(o.alpha_A > 0.0))
    throw Error(fmt::format("interface profile: need voxel > 0 Å, layer >= 1 voxel, dilation >= 0, alpha > 0 Å "
                            "(got {}, {}, {}, {})", o.voxel_A, o.layer_voxels, o.core_dilation_voxels, o.alpha_A));
  if (!(o.iso_sigma_A > 0.0) || !(o.iso_voxel_A > 0.0) || !(o.polyhedral_max_nll_ratio >= 0.0))
    throw Error(fmt::format("interface profile: need iso sigma > 0 Å, iso voxel > 0 Å and a likelihood ratio >= 0 "
                            "(got {}, {}, {})", o.iso_sigma_A, o.iso_voxel_A, o.polyhedral_max_nll_ratio));
  if (!(o.surface_outlier >= 0.0 && o.surface_outlier < 1.0) || !(o.outermost_layer_A >= 0.0))
    throw Error(fmt::format("interface profile: need a surface outlier probability in [0, 1) and an outermost "
                            "layer >= 0 Å (got {}, {})", o.surface_outlier, o.outermost_layer_A));
  if (!(o.lower_fraction < 0.5 && 0.5 < o.upper_fraction && o.lower_fraction > 0.0 && o.upper_fraction < 1.0))
    throw Error("interface profile: need 0 < lower fraction < 0.5 < upper fraction < 1");
}

/// "Clean Pd": Pd atoms with clean_pd_neighbours Pd neighbours within the
/// cut-off (r.cutoff_A, r.clean_pd set).
std::vector<Vec3> clean_pd(const AtomModel& model, const InterfaceOptions& o, const Coordination& cn,
                           InterfaceReport& r) {
  const auto& pos = model.positions();
  std::vector<Vec3> clean;
  for (std::size_t i = 0; i < model.size(); ++i)
    if (model.species()[i] == "Pd" && cn.cn_pd[i] >= o.clean_pd_neighbours) clean.push_back(pos[i]);
  r.clean_pd = clean.size();
  if (clean.size() < 4)
    throw Error(fmt::format("interface profile: {} clean Pd atoms (Pd with {} Pd neighbours within {:.2f} Å); "
                            "no Pd core to measure an interface from", clean.size(), o.clean_pd_neighbours,
                            r.cutoff_A));
  return clean;
}

/// The voxelised particle and core both definitions measure from.
struct CoreMasks {
  VoxelGrid grid;
  Mask particle_hull;  ///< alpha hull of all atoms
  Mask particle;       ///< the hull dilated
  Mask core;           ///< the clean-Pd hull dilated, bounded by `particle`
};

CoreMasks core_masks(const std::vector<Vec3>& pos, const std::vector<Vec3>& clean, const InterfaceOptions& o) {
  CoreMasks m;
  m.grid = grid_around(pos, o.voxel_A, o.alpha_A + 2.0);
  const VoxelGrid& grid = m.grid;
  m.particle_hull = alpha_hull(grid, pos, o.alpha_A);
  m.particle = dilate_cube(grid, m.particle_hull, o.core_dilation_voxels);
  m.core = dilate_cube(grid, alpha_hull(grid, clean, o.alpha_A), o.core_dilation_voxels);
  for (std::size_t v = 0; v < m.core.size(); ++v) m.core[v] = m.core[v] && m.particle[v];
  return m;
}

/// A box of voxels, (z, y, x) bounds inclusive.
struct Box {
  int lo[3] = {0, 0, 0}, hi[3] = {-1, -1, -1};
  bool empty() const { return hi[0] < lo[0]; }
  int n(int a) const { return hi[a] - lo[a] + 1; }
  Box grown(int by, const VoxelGrid& g) const {
    const int size[3] = {g.nz, g.ny, g.nx};
    Box b = *this;
    for (int a = 0; a < 3; ++a) b.lo[a] = std::max(0, lo[a] - by), b.hi[a] = std::min(size[a] - 1, hi[a] + by);
    return b;
  }
};

/// The box of a mask's set voxels (empty when none is set).
Box box_of(const VoxelGrid& g, const Mask& m) {
  Box b;
  b.lo[0] = g.nz, b.lo[1] = g.ny, b.lo[2] = g.nx;
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.ny; ++i) {
      const std::uint8_t* row = m.data() + g.index(k, i, 0);
      int first = 0, last = g.nx - 1;
      while (first < g.nx && row[first] == 0) ++first;
      if (first == g.nx) continue;
      while (row[last] == 0) --last;
      b.lo[0] = std::min(b.lo[0], k), b.hi[0] = std::max(b.hi[0], k);
      b.lo[1] = std::min(b.lo[1], i), b.hi[1] = std::max(b.hi[1], i);
      b.lo[2] = std::min(b.lo[2], first), b.hi[2] = std::max(b.hi[2], last);
    }
  return b;
}

/// fn(grid index, box index) for every voxel of the box, in raster order.
template <class F>
void for_box(const VoxelGrid& g, const Box& b, F&& fn) {
  std::size_t at = 0;
  for (int k = b.lo[0]; k <= b.hi[0]; ++k)
    for (int i = b.lo[1]; i <= b.hi[1]; ++i) {
      const std::size_t row = g.index(k, i, b.lo[2]);
      for (int j = 0; j < b.n(2); ++j) fn(row + std::size_t(j), at++);
    }
}

/// The chessboard transform of `mask` computed on the voxels of a box, as
/// if the grid were that box.
struct BoxTransform {
  std::vector<int> d;
  BoxTransform(const VoxelGrid& g, const Mask& mask, const Box& b) {
    VoxelGrid sub;
    sub.nz = b.n(0), sub.ny = b.n(1), sub.nx = b.n(2);
    sub.voxel_A = g.voxel_A;
    Mask m(sub.size());
    for_box(g, b, [&](std::size_t v, std::size_t s) { m[s] = mask[v]; });
    d = chessboard_transform(sub, m);
  }
};

/// Definition 1: voxel layers. k dilations by the cube reach the voxels at
/// chessboard distance <= k * layer_voxels from the core; k erosions keep
/// those deeper than k * layer_voxels. (The published code bounds each
/// dilation by the particle; here layers are bounded by the particle but
/// grown freely, which differs only inside deep surface grooves.)
/// Sets r.atom_layer and r.paper.
void paper_layers(const AtomModel& model, const InterfaceOptions& o, const Coordination& cn, const CoreMasks& m,
                  InterfaceReport& r) {
  const auto& pos = model.positions();
  const VoxelGrid& grid = m.grid;
  const Mask& core = m.core;
  const Mask& particle = m.particle;
  constexpr int kOutside = 1 << 20;
  std::vector<int> label(grid.size(), kOutside);
  // Each transform on a box only: the distance out of the core on the
  // particle's box (every core voxel is in the particle), the distance into
  // it on the core's box grown by one voxel (the nearest voxel outside a core
  // voxel is never beyond that ring of outside voxels).
  const Box pbox = box_of(grid, particle), cbox = box_of(grid, core);
  const int w = o.layer_voxels;
  if (!pbox.empty()) {
    const BoxTransform out_d(grid, core, pbox);
    for_box(grid, pbox, [&](std::size_t v, std::size_t b) {
      if (!core[v] && particle[v]) label[v] = (out_d.d[b] + w - 1) / w;
    });
  }
  if (!cbox.empty()) {
    Mask not_core(core.size());
    for (std::size_t v = 0; v < core.size(); ++v) not_core[v] = core[v] ? 0 : 1;
    const Box ibox = cbox.grown(1, grid);
    const BoxTransform in_d(grid, not_core, ibox);
    for_box(grid, ibox, [&](std::size_t v, std::size_t b) {
      if (core[v]) label[v] = -((in_d.d[b] + w - 1) / w - 1);
    });
  }
  const std::size_t n = model.size();
  r.atom_layer.resize(n);
  int outermost = 0;
  for (const int l : label)
    if (l != kOutside) outermost = std::max(outermost, l);
  for (std::size_t i = 0; i < n; ++i) {
    const int l = label[grid.nearest(pos[i])];
    r.atom_layer[i] = l == kOutside ? outermost : l;
  }
  r.paper = detail::layer_profile(r.atom_layer, model.species(), cn, r.layer_A, o.upper_fraction, o.lower_fraction);
}

/// Definition 2: signed Euclidean distance to the core surface, from the
/// centres of the voxels on either side of it (6-connectivity), less half a
/// voxel: the surface runs between them. Sets r.atom_core_distance_A,
/// r.atom_surface_depth_A and r.true_distance.
void true_distances(const AtomModel& model, const InterfaceOptions& o, const Coordination& cn,
                    const CoreMasks& masks, InterfaceReport& r) {
  const auto& pos = model.positions();
  const std::size_t n = model.size();
  const VoxelGrid& grid = masks.grid;
  const Mask& core = masks.core;
  const Mask& particle_hull = masks.particle_hull;
  const auto boundary = [&](const Mask& m, bool inside) {
    std::vector<Vec3> pts;
    // Only the box of the set voxels, grown by one voxel when the unset
    // side is asked for, holds boundary voxels (same points, same order).
    Box box = box_of(grid, m);
    if (box.empty()) return pts;  // nothing set: no boundary either way
    if (!inside) box = box.grown(1, grid);
    const int* lo = box.lo;
    const int* hi = box.hi;
    for (int k = lo[0]; k <= hi[0]; ++k)
      for (int i = lo[1]; i <= hi[1]; ++i)
        for (int j = lo[2]; j <= hi[2]; ++j) {
          if (bool(m[grid.index(k, i, j)]) != inside) continue;
          const int nbr[6][3] = {{k - 1, i, j}, {k + 1, i, j}, {k, i - 1, j}, {k, i + 1, j}, {k, i, j - 1}, {k, i, j + 1}};
          for (const auto& q : nbr) {
            if (q[0] < 0 || q[0] >= grid.nz || q[1] < 0 || q[1] >= grid.ny || q[2] < 0 || q[2] >= grid.nx) continue;
            if (bool(m[grid.index(q[0], q[1], q[2])]) != inside) {
              pts.push_back(grid.position(k, i, j));
              break;
            }
          }
        }
    return pts;
  };
  const PointIndex core_in(boundary(core, true)), core_out(boundary(core, false));
  const PointIndex surface_in(boundary(particle_hull, true));
  r.atom_core_distance_A.resize(n);
  r.atom_surface_depth_A.resize(n);
  std::vector<int> bin(n);
  const double half = o.voxel_A / 2;
  for (std::size_t i = 0; i < n; ++i) {
    const bool inside = core[grid.nearest(pos[i])];
    const auto nb = inside ? core_out.nearest(pos[i], 1) : core_in.nearest(pos[i], 1);
    const double d = nb.empty() ? 0.0 : std::max(0.0, nb[0].distance_A - half);
    r.atom_core_distance_A[i] = inside ? -d : d;
    const auto sb = surface_in.nearest(pos[i], 1);
    r.atom_surface_depth_A[i] =
        particle_hull[grid.nearest(pos[i])] && !sb.empty() ? std::max(0.0, sb[0].distance_A - half) : 0.0;
    bin[i] = int(std::ceil(r.atom_core_distance_A[i] / r.layer_A));
  }
  r.true_distance = detail::layer_profile(bin, model.species(), cn, r.layer_A, o.upper_fraction, o.lower_fraction);
}

/// The unbinned estimates: the iso-surface's isotonic crossings, the erf
/// fits on the iso-surface and core distances, and the polyhedral core.
void unbinned_fits(const AtomModel& model, const InterfaceOptions& o, InterfaceReport& r, Laps& lap) {
  const std::size_t n = model.size();
  const detail::IsoSurface iso = detail::iso_surface(model, o.iso_sigma_A, o.iso_voxel_A);
  r.atom_iso_distance_A = iso_distances(model, iso);
  lap("iso_surface");
  {
    std::vector<std::pair<double, double>> xy;
    for (std::size_t i = 0; i < n; ++i)
      if (std::isfinite(r.atom_iso_distance_A[i]))
        xy.emplace_back(r.atom_iso_distance_A[i], model.species()[i] == "Pd" ? 1.0 : 0.0);
    r.iso_surface = detail::isotonic_crossings(std::move(xy), o.upper_fraction, o.lower_fraction);
  }
  {
    std::vector<std::uint8_t> is_pd(n);
    for (std::size_t i = 0; i < n; ++i) is_pd[i] = model.species()[i] == "Pd" ? 1 : 0;
    r.iso_fit = detail::fit_erf_profile(r.atom_iso_distance_A, is_pd);
    r.core_fit = detail::fit_erf_profile(r.atom_core_distance_A, is_pd);
  }
  lap("erf_fits");
  r.polyhedral = detail::fit_polyhedral_core(model, iso);
  lap("polyhedral_core");
}

/// The headline fit (true_fit) and every atom's depth in its frame.
void headline(const InterfaceOptions& o, InterfaceReport& r) {
  const std::size_t n = r.atom_core_distance_A.size();
  // Headline: the polyhedral core where it describes the core about as well
  // as the iso-surface (see InterfaceOptions::polyhedral_max_nll_ratio).
  r.true_fit_polyhedral = r.polyhedral.found &&
                          (!r.iso_fit.found || r.polyhedral.fit.neg_log_likelihood <=
                                                   o.polyhedral_max_nll_ratio * r.iso_fit.neg_log_likelihood);
  r.true_fit = r.true_fit_polyhedral ? r.polyhedral.fit : r.iso_fit;
  r.atom_interface_depth_A.resize(n);
  // Bin k holds distances in ((k - 1), k] layers: its centre is at k - 1/2.
  const double zero_A = (r.true_distance.zero_crossing - 0.5) * r.layer_A;
  // Depth from the middle of the interface: the headline fit's frame where
  // it exists, the binned definition's otherwise (no fit, or an atom off the
  // iso-surface grid).
  for (std::size_t i = 0; i < n; ++i) {
    if (r.true_fit_polyhedral)
      r.atom_interface_depth_A[i] = r.polyhedral.atom_distance_A[i] - r.polyhedral.fit.centre_A;
    else if (r.iso_fit.found && std::isfinite(r.atom_iso_distance_A[i]))
      r.atom_interface_depth_A[i] = r.atom_iso_distance_A[i] - r.iso_fit.centre_A;
    else
      r.atom_interface_depth_A[i] = r.atom_core_distance_A[i] - zero_A;
  }
}

/// The end counts of every fit, and the robust estimates (see
/// InterfaceReport::true_fit_robust).
void robust_estimates(const AtomModel& model, const InterfaceOptions& o, const Coordination& cn,
                      InterfaceReport& r) {
  const std::size_t n = model.size();
  std::vector<std::uint8_t> is_pd(n);
  for (std::size_t i = 0; i < n; ++i) is_pd[i] = model.species()[i] == "Pd" ? 1 : 0;
  detail::count_profile_ends(r.atom_iso_distance_A, is_pd, r.iso_fit);
  detail::count_profile_ends(r.atom_core_distance_A, is_pd, r.core_fit);
  if (r.polyhedral.found) detail::count_profile_ends(r.polyhedral.atom_distance_A, is_pd, r.polyhedral.fit);
  const std::vector<double>& headline_d = r.true_fit_polyhedral ? r.polyhedral.atom_distance_A : r.atom_iso_distance_A;
  r.true_fit = r.true_fit_polyhedral ? r.polyhedral.fit : r.iso_fit;
  std::vector<std::uint8_t> outermost(n);
  for (std::size_t i = 0; i < n; ++i) outermost[i] = r.atom_surface_depth_A[i] < o.outermost_layer_A ? 1 : 0;
  r.true_fit_robust = detail::fit_erf_profile_robust(headline_d, is_pd, outermost, o.surface_outlier);
  std::vector<std::uint8_t> keep(n, 1);
  for (const std::size_t i : r.true_fit_robust.outliers) keep[i] = 0;
  std::vector<int> layer;
  std::vector<std::string> species;
  Coordination kept_cn;
  for (std::size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    layer.push_back(r.atom_layer[i]);
    species.push_back(model.species()[i]);
    kept_cn.cn_pd.push_back(cn.cn_pd[i]);
    kept_cn.cn_pt.push_back(cn.cn_pt[i]);
  }
  r.paper_robust = detail::layer_profile(layer, species, kept_cn, r.layer_A, o.upper_fraction, o.lower_fraction);
}

}  // namespace

InterfaceReport interface_profile(const AtomModel& model, const InterfaceOptions& o) {
  check_options(o);
  const auto& pos = model.positions();
  InterfaceReport r;
  Laps lap(r.timings_s);
  r.layer_A = o.layer_voxels * o.voxel_A;
  r.cutoff_A = o.cutoff_A ? *o.cutoff_A : pair_distribution(pos).first_minimum_A;
  const NeighbourList nl = find_neighbours(pos, {r.cutoff_A});
  const Coordination cn = coordination(model, nl);
  lap("neighbours");
  const CoreMasks masks = core_masks(pos, clean_pd(model, o, cn, r), o);
  lap("masks");
  paper_layers(model, o, cn, masks, r);
  lap("layers");
  true_distances(model, o, cn, masks, r);
  lap("true_distances");
  unbinned_fits(model, o, r, lap);
  headline(o, r);
  robust_estimates(model, o, cn, r);
  lap("robust");
  return r;
}

}  // namespace aet::analysis
