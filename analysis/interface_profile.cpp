#include "analysis/interface_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "core/neighbours.hpp"
#include "analysis/voxel_grid.hpp"
#include "core/error.hpp"

namespace aet::analysis {

namespace {

constexpr double kZ95 = 1.6448536269514722;  // standard normal 95 % quantile

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
    if (std::fabs(l.layer - p.lower_crossing) <= 1.5) p.pd_near_lower_crossing += l.pd;
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

double detail::simplex_minimum(const std::function<double(const std::vector<double>&)>& f, std::vector<double>& x,
                       const std::vector<double>& step, int max_evals) {
  const std::size_t n = x.size();
  std::vector<std::vector<double>> s(n + 1, x);
  std::vector<double> fv(n + 1);
  for (std::size_t i = 0; i < n; ++i) s[i + 1][i] += step[i];
  for (std::size_t i = 0; i <= n; ++i) fv[i] = f(s[i]);
  int evals = int(n + 1);
  std::vector<std::size_t> order(n + 1);
  while (evals < max_evals) {
    for (std::size_t i = 0; i <= n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fv[a] < fv[b]; });
    std::vector<std::vector<double>> s2(n + 1);
    std::vector<double> f2(n + 1);
    for (std::size_t i = 0; i <= n; ++i) s2[i] = s[order[i]], f2[i] = fv[order[i]];
    s.swap(s2);
    fv.swap(f2);
    if (std::fabs(fv[n] - fv[0]) < 1e-10 * (1.0 + std::fabs(fv[0]))) break;
    std::vector<double> c(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < n; ++k) c[k] += s[i][k] / double(n);
    const auto along = [&](double t) {
      std::vector<double> q(n);
      for (std::size_t k = 0; k < n; ++k) q[k] = c[k] + t * (s[n][k] - c[k]);
      return q;
    };
    const auto xr = along(-1.0);
    const double fr = f(xr);
    ++evals;
    if (fr < fv[0]) {
      const auto xe = along(-2.0);
      const double fe = f(xe);
      ++evals;
      if (fe < fr) s[n] = xe, fv[n] = fe;
      else s[n] = xr, fv[n] = fr;
    } else if (fr < fv[n - 1]) {
      s[n] = xr, fv[n] = fr;
    } else {
      const auto xc = along(fr < fv[n] ? -0.5 : 0.5);
      const double fc = f(xc);
      ++evals;
      if (fc < std::min(fr, fv[n])) {
        s[n] = xc, fv[n] = fc;
      } else {
        for (std::size_t i = 1; i <= n; ++i) {
          for (std::size_t k = 0; k < n; ++k) s[i][k] = s[0][k] + 0.5 * (s[i][k] - s[0][k]);
          fv[i] = f(s[i]);
          ++evals;
        }
      }
    }
  }
  const std::size_t best = std::size_t(std::min_element(fv.begin(), fv.end()) - fv.begin());
  x = s[best];
  return fv[best];
}

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
  // Separable Gaussian blur.
  const int rad = int(std::ceil(3.0 * sigma_A / voxel_A));
  std::vector<float> w(std::size_t(2 * rad + 1));
  for (int k = -rad; k <= rad; ++k)
    w[std::size_t(k + rad)] = float(std::exp(-0.5 * std::pow(k * voxel_A / sigma_A, 2)));
  auto blur = [&](std::vector<float>& f) {
    const int dims[3] = {g.nx, g.ny, g.nz};
    const std::size_t strides[3] = {1, std::size_t(g.nx), std::size_t(g.nx) * std::size_t(g.ny)};
    for (int axis = 0; axis < 3; ++axis) {
      std::vector<float> out(f.size(), 0.0F);
      const int n = dims[axis];
      const std::size_t st = strides[axis];
#pragma omp parallel for schedule(static)
      for (std::ptrdiff_t v = 0; v < std::ptrdiff_t(f.size()); ++v) {
        const int q = int((std::size_t(v) / st) % std::size_t(n));
        float sum = 0.0F;
        for (int k = std::max(-rad, -q); k <= std::min(rad, n - 1 - q); ++k)
          sum += w[std::size_t(k + rad)] * f[std::size_t(std::ptrdiff_t(v) + std::ptrdiff_t(k) * std::ptrdiff_t(st))];
        out[std::size_t(v)] = sum;
      }
      f.swap(out);
    }
  };
  blur(pd);
  blur(all);
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

double detail::erf_profile_nll(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                               const ErfProfileFit& f) {
  double sum = 0.0;
  const double scale = 1.0 / (f.sigma_A * std::sqrt(2.0));
  for (std::size_t i = 0; i < distance_A.size(); ++i) {
    if (!std::isfinite(distance_A[i])) continue;
    const double erf_part = 0.5 * std::erfc((distance_A[i] - f.centre_A) * scale);
    const double p = std::clamp(f.pd_floor + (1.0 - f.pd_floor - f.pt_floor) * erf_part, 1e-12, 1.0 - 1e-12);
    sum -= is_pd[i] ? std::log(p) : std::log1p(-p);
  }
  return sum;
}

ErfProfileFit detail::fit_erf_profile(const std::vector<double>& distance_A, const std::vector<std::uint8_t>& is_pd,
                                      const ErfProfileFit* start) {
  if (distance_A.size() != is_pd.size())
    throw Error(fmt::format("erf profile fit: {} distances for {} atoms", distance_A.size(), is_pd.size()));
  ErfProfileFit e;
  std::vector<double> d;
  std::vector<std::uint8_t> y;
  for (std::size_t i = 0; i < distance_A.size(); ++i)
    if (std::isfinite(distance_A[i])) d.push_back(distance_A[i]), y.push_back(is_pd[i]);
  e.atoms = d.size();
  if (d.size() < 10) return e;
  // Parameters: d0, ln sigma, and the two floors through a logistic onto
  // [0, kFloorMax] (floors of at most 10 %: isolated atoms, not a profile).
  constexpr double kFloorMax = 0.1;
  const auto unpack = [&](const std::vector<double>& x, ErfProfileFit& f) {
    f.centre_A = x[0];
    f.sigma_A = std::exp(x[1]);
    f.pd_floor = kFloorMax / (1.0 + std::exp(-x[2]));
    f.pt_floor = kFloorMax / (1.0 + std::exp(-x[3]));
  };
  const auto nll = [&](const std::vector<double>& x) {
    ErfProfileFit f;
    unpack(x, f);
    return erf_profile_nll(d, y, f);
  };
  std::vector<double> x{0.0, 0.0, -3.0, -3.0};
  std::vector<double> steps{1.0, 0.2};
  if (start && start->found) {
    const auto logit = [&](double floor) {
      const double q = std::clamp(floor / kFloorMax, 1e-9, 1.0 - 1e-9);
      return std::log(q / (1.0 - q));
    };
    x = {start->centre_A, std::log(start->sigma_A), logit(start->pd_floor), logit(start->pt_floor)};
    steps = {0.2};
  }
  double f = 0.0;
  // Restarts from the last minimum with smaller steps: a simplex can stall.
  for (const double step : steps) f = simplex_minimum(nll, x, {step, 0.5 * step, step, step}, 2000);
  unpack(x, e);
  e.neg_log_likelihood = f;
  e.thickness_A = 2.0 * kZ95 * e.sigma_A;
  e.found = std::isfinite(e.thickness_A) && e.sigma_A > 1e-3 && e.sigma_A < 50.0;
  return e;
}

InterfaceReport interface_profile(const AtomModel& model, const InterfaceOptions& o) {
  if (!(o.voxel_A > 0.0) || o.layer_voxels < 1 || o.core_dilation_voxels < 0 || !(o.alpha_A > 0.0))
    throw Error(fmt::format("interface profile: need voxel > 0 Å, layer >= 1 voxel, dilation >= 0, alpha > 0 Å "
                            "(got {}, {}, {}, {})", o.voxel_A, o.layer_voxels, o.core_dilation_voxels, o.alpha_A));
  if (!(o.iso_sigma_A > 0.0) || !(o.iso_voxel_A > 0.0) || !(o.polyhedral_max_nll_ratio >= 0.0))
    throw Error(fmt::format("interface profile: need iso sigma > 0 Å, iso voxel > 0 Å and a likelihood ratio >= 0 "
                            "(got {}, {}, {})", o.iso_sigma_A, o.iso_voxel_A, o.polyhedral_max_nll_ratio));
  if (!(o.lower_fraction < 0.5 && 0.5 < o.upper_fraction && o.lower_fraction > 0.0 && o.upper_fraction < 1.0))
    throw Error("interface profile: need 0 < lower fraction < 0.5 < upper fraction < 1");
  const auto& pos = model.positions();
  InterfaceReport r;
  r.layer_A = o.layer_voxels * o.voxel_A;
  r.cutoff_A = o.cutoff_A ? *o.cutoff_A : pair_distribution(pos).first_minimum_A;
  const NeighbourList nl = find_neighbours(pos, {r.cutoff_A});
  const Coordination cn = coordination(model, nl);
  std::vector<Vec3> clean;
  for (std::size_t i = 0; i < model.size(); ++i)
    if (model.species()[i] == "Pd" && cn.cn_pd[i] >= o.clean_pd_neighbours) clean.push_back(pos[i]);
  r.clean_pd = clean.size();
  if (clean.size() < 4)
    throw Error(fmt::format("interface profile: {} clean Pd atoms (Pd with {} Pd neighbours within {:.2f} Å); "
                            "no Pd core to measure an interface from", clean.size(), o.clean_pd_neighbours,
                            r.cutoff_A));

  const VoxelGrid grid = grid_around(pos, o.voxel_A, o.alpha_A + 2.0);
  const Mask particle_hull = alpha_hull(grid, pos, o.alpha_A);
  const Mask particle = dilate_cube(grid, particle_hull, o.core_dilation_voxels);
  Mask core = dilate_cube(grid, alpha_hull(grid, clean, o.alpha_A), o.core_dilation_voxels);
  for (std::size_t v = 0; v < core.size(); ++v) core[v] = core[v] && particle[v];

  // Definition 1: voxel layers. k dilations by the cube reach the voxels at
  // chessboard distance <= k * layer_voxels from the core; k erosions keep
  // those deeper than k * layer_voxels. (The published code bounds each
  // dilation by the particle; here layers are bounded by the particle but
  // grown freely, which differs only inside deep surface grooves.)
  constexpr int kOutside = 1 << 20;
  std::vector<int> label(grid.size(), kOutside);
  {
    Mask not_core(core.size());
    for (std::size_t v = 0; v < core.size(); ++v) not_core[v] = core[v] ? 0 : 1;
    const auto out_d = chessboard_transform(grid, core);
    const auto in_d = chessboard_transform(grid, not_core);
    const int w = o.layer_voxels;
    for (std::size_t v = 0; v < label.size(); ++v) {
      if (core[v]) label[v] = -((in_d[v] + w - 1) / w - 1);
      else if (particle[v]) label[v] = (out_d[v] + w - 1) / w;
    }
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

  // Definition 2: signed Euclidean distance to the core surface, from the
  // centres of the voxels on either side of it (6-connectivity), less half a
  // voxel: the surface runs between them.
  const auto boundary = [&](const Mask& m, bool inside) {
    std::vector<Vec3> pts;
    for (int k = 0; k < grid.nz; ++k)
      for (int i = 0; i < grid.ny; ++i)
        for (int j = 0; j < grid.nx; ++j) {
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
  // Unbinned estimate from the iso-surface.
  const detail::IsoSurface iso = detail::iso_surface(model, o.iso_sigma_A, o.iso_voxel_A);
  r.atom_iso_distance_A = iso_distances(model, iso);
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
  r.polyhedral = detail::fit_polyhedral_core(model, iso);
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
  return r;
}

}  // namespace aet::analysis
