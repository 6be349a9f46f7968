// The projector/back-projector pair (recon/projector.hpp).
#include "recon/projector.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <type_traits>

#include "core/error.hpp"

namespace aet::recon {

ProjectionGeometry ProjectionGeometry::of(const TiltSeries& series, const VolumeGeometry& volume) {
  ProjectionGeometry g;
  g.volume = volume;
  g.ny = series.ny();
  g.nx = series.nx();
  g.pixel_A = series.pixel_A();
  g.tilts = series.geometry();
  return g;
}

ProjectionGeometry ProjectionGeometry::of(const TiltSeries& series, int nz) {
  return of(series, VolumeGeometry{nz > 0 ? nz : series.nx(), series.ny(), series.nx(), series.pixel_A()});
}

bool is_single_axis(const TiltGeometry& tilts) { return !tilts.has_euler(); }

TiltSeries Projector::project(const Volume& volume) const {
  const auto& g = geometry_;
  if (volume.geometry().nz != g.volume.nz || volume.geometry().ny != g.volume.ny ||
      volume.geometry().nx != g.volume.nx)
    throw Error(fmt::format("projector: volume {}x{}x{} does not match the projector's {}x{}x{}", volume.nz(),
                            volume.ny(), volume.nx(), g.volume.nz, g.volume.ny, g.volume.nx));
  std::vector<float> internal(volume_size());
  to_internal(volume.data(), internal);
  TiltSeries out(g.ny, g.nx, g.pixel_A, g.tilts);
  forward(internal, out.data());
  return out;
}

Volume Projector::back_project(const TiltSeries& projections) const {
  const auto& g = geometry_;
  if (projections.data().size() != projection_size())
    throw Error("projector: tilt series does not match the projector's geometry");
  std::vector<float> internal(volume_size());
  adjoint(projections.data(), internal);
  Volume out(g.volume);
  from_internal(internal, out.data());
  return out;
}

namespace detail {

// ---------------------------------------------------------------------------
// General path: per-image rotation matrix, bilinear splat/gather in the image.

struct ImageTransform {
  // Continuous pixel position of voxel (k, i, j): (cu, cv) = o + j*dj + i*di + k*dk.
  float ou, ov, dju, djv, diu, div, dku, dkv;
};

ImageTransform image_transform(const ProjectionGeometry& g, int a) {
  const auto& im = g.tilts.images[std::size_t(a)];
  const Mat3 r = im.rotation();
  const auto& v = g.volume;
  const double x0 = -(v.nx / 2), y0 = -(v.ny / 2), z0 = -(v.nz / 2);
  ImageTransform t;
  t.ou = float(r(0, 0) * x0 + r(0, 1) * y0 + r(0, 2) * z0 + g.nx / 2 + im.shift_px[0]);
  t.ov = float(r(1, 0) * x0 + r(1, 1) * y0 + r(1, 2) * z0 + g.ny / 2 + im.shift_px[1]);
  t.dju = float(r(0, 0));
  t.djv = float(r(1, 0));
  t.diu = float(r(0, 1));
  t.div = float(r(1, 1));
  t.dku = float(r(0, 2));
  t.dkv = float(r(1, 2));
  return t;
}

/// The one traversal of the general path: every voxel of slice k against
/// image a, calling visit(voxel_index_in_slice, pixel_index, weight) for
/// each of the (up to) 4 bilinear neighbours inside the image.
/// The j-range [lo, hi) where lo_c <= b + j d < hi_c, shrunk by one sample
/// at each end so that float rounding cannot put a sample outside.
inline void interval(float b, float d, float lo_c, float hi_c, int n, int& lo, int& hi) {
  if (d == 0.0f) {
    lo = (b >= lo_c && b < hi_c) ? 0 : n;
    hi = n;
    return;
  }
  float a = (lo_c - b) / d, c = (hi_c - b) / d;
  if (d < 0) std::swap(a, c);
  // Clamped to [-1, n] before the conversion to int (a, c may be huge when d is tiny).
  a = std::clamp(a, -1.0f, float(n));
  c = std::clamp(c, -1.0f, float(n));
  lo = std::max(0, int(std::ceil(a)) + 1);
  hi = std::min(n, int(std::floor(c)) - 1);
  if (hi < lo) hi = lo;
}

/// The one traversal of the general path: every voxel of slice k against
/// image a, calling visit(voxel_index_in_slice, pixel_index, weight) for
/// each of the (up to) 4 bilinear neighbours inside the image. Samples whose
/// 4 neighbours are all inside take a path without bounds tests.
template <class Visit>
inline void general_slice(const ImageTransform& t, int k, int ny, int nx, int nyi, int nxi, Visit&& visit) {
  for (int i = 0; i < ny; ++i) {
    const float bu = t.ou + float(i) * t.diu + float(k) * t.dku;
    const float bv = t.ov + float(i) * t.div + float(k) * t.dkv;
    const std::size_t row = std::size_t(i) * std::size_t(nx);
    auto checked = [&](int j) {
      const float cu = bu + float(j) * t.dju;
      const float cv = bv + float(j) * t.djv;
      const float flu = std::floor(cu), flv = std::floor(cv);
      if (!(flu >= -1.0f && flu < float(nxi) && flv >= -1.0f && flv < float(nyi))) return;
      const int iu = int(flu), iv = int(flv);
      const float fu = cu - flu, fv = cv - flv;
      const std::size_t vox = row + std::size_t(j);
      const bool u0 = iu >= 0, u1 = iu + 1 < nxi, v0 = iv >= 0, v1 = iv + 1 < nyi;
      const std::size_t row0 = std::size_t(std::max(iv, 0)) * std::size_t(nxi);
      const std::size_t row1 = std::size_t(iv + 1) * std::size_t(nxi);
      if (v0 && u0) visit(vox, row0 + std::size_t(iu), (1.0f - fu) * (1.0f - fv));
      if (v0 && u1) visit(vox, row0 + std::size_t(iu + 1), fu * (1.0f - fv));
      if (v1 && u0) visit(vox, row1 + std::size_t(iu), (1.0f - fu) * fv);
      if (v1 && u1) visit(vox, row1 + std::size_t(iu + 1), fu * fv);
    };
    // Interior: 0 <= cu < nxi - 1 and 0 <= cv < nyi - 1 (all 4 neighbours inside).
    int ulo, uhi, vlo, vhi;
    interval(bu, t.dju, 0.0f, float(nxi - 1), nx, ulo, uhi);
    interval(bv, t.djv, 0.0f, float(nyi - 1), nx, vlo, vhi);
    const int lo = std::max(ulo, vlo), hi = std::max(lo, std::min(uhi, vhi));
    for (int j = 0; j < lo; ++j) checked(j);
    for (int j = lo; j < hi; ++j) {
      const float cu = bu + float(j) * t.dju;
      const float cv = bv + float(j) * t.djv;
      const int iu = int(cu), iv = int(cv);  // cu, cv >= 0: truncation is floor
      const float fu = cu - float(iu), fv = cv - float(iv);
      const std::size_t vox = row + std::size_t(j);
      const std::size_t p00 = std::size_t(iv) * std::size_t(nxi) + std::size_t(iu);
      visit(vox, p00, (1.0f - fu) * (1.0f - fv));
      visit(vox, p00 + 1, fu * (1.0f - fv));
      visit(vox, p00 + std::size_t(nxi), (1.0f - fu) * fv);
      visit(vox, p00 + std::size_t(nxi) + 1, fu * fv);
    }
    for (int j = hi; j < nx; ++j) checked(j);
  }
}

class GeneralProjector final : public Projector {
 public:
  explicit GeneralProjector(ProjectionGeometry g) : Projector(std::move(g)) {
    for (int a = 0; a < geometry_.nt(); ++a) transforms_.push_back(image_transform(geometry_, a));
  }
  ProjectorPath path() const override { return ProjectorPath::General; }
  std::size_t volume_size() const override { return geometry_.volume.size(); }

  void forward(std::span<const float> vol, std::span<float> proj) const override {
    check(vol.size(), proj.size());
    const auto& g = geometry_;
    const std::size_t slice = std::size_t(g.volume.ny) * std::size_t(g.volume.nx);
    const std::size_t image = std::size_t(g.ny) * std::size_t(g.nx);
    // One image per thread at a time: the splat into image a has no races.
#pragma omp parallel for schedule(dynamic)
    for (int a = 0; a < g.nt(); ++a) {
      float* img = proj.data() + std::size_t(a) * image;
      std::fill(img, img + image, 0.0f);
      for (int k = 0; k < g.volume.nz; ++k) {
        const float* v = vol.data() + std::size_t(k) * slice;
        general_slice(transforms_[std::size_t(a)], k, g.volume.ny, g.volume.nx, g.ny, g.nx,
                      [&](std::size_t vox, std::size_t px, float w) { img[px] += w * v[vox]; });
      }
    }
  }

  void adjoint(std::span<const float> proj, std::span<float> vol) const override {
    check(vol.size(), proj.size());
    const auto& g = geometry_;
    const std::size_t slice = std::size_t(g.volume.ny) * std::size_t(g.volume.nx);
    const std::size_t image = std::size_t(g.ny) * std::size_t(g.nx);
    // One volume slice per thread at a time: the gather into slice k has no races.
#pragma omp parallel for schedule(dynamic)
    for (int k = 0; k < g.volume.nz; ++k) {
      float* v = vol.data() + std::size_t(k) * slice;
      std::fill(v, v + slice, 0.0f);
      for (int a = 0; a < g.nt(); ++a) {
        const float* img = proj.data() + std::size_t(a) * image;
        general_slice(transforms_[std::size_t(a)], k, g.volume.ny, g.volume.nx, g.ny, g.nx,
                      [&](std::size_t vox, std::size_t px, float w) { v[vox] += w * img[px]; });
      }
    }
  }

  void to_internal(std::span<const float> zyx, std::span<float> internal) const override {
    if (zyx.size() != volume_size() || internal.size() != volume_size())
      throw Error("projector: volume buffer of the wrong size");
    std::copy(zyx.begin(), zyx.end(), internal.begin());
  }
  void from_internal(std::span<const float> internal, std::span<float> zyx) const override {
    to_internal(internal, zyx);
  }

 private:
  void check(std::size_t nv, std::size_t np) const {
    if (nv != volume_size() || np != projection_size())
      throw Error(fmt::format("projector: buffers of {} and {} floats for a {}-voxel volume and {} pixels", nv, np,
                              volume_size(), projection_size()));
  }
  std::vector<ImageTransform> transforms_;
};

// ---------------------------------------------------------------------------
// Single-axis path. Internal volume: [y block][k][j][b], b = y % kB fastest.
// Scratch (2D projections of every slice, before the row interpolation):
// [y block][angle][d][b], d = detector column - d_lo (padded so that every
// sample's two columns lie inside and no test is needed in the inner loop).

constexpr int kB = 8;

struct ForwardPolicy {
  float v[kB];
  [[gnu::always_inline]] inline void begin(const float* vox) {
    for (int b = 0; b < kB; ++b) v[b] = vox[b];
  }
  [[gnu::always_inline]] inline void sample(float* o, float w) {
    for (int b = 0; b < kB; ++b) {
      const float wv = w * v[b];
      o[b] += v[b] - wv;
      o[kB + b] += wv;
    }
  }
  [[gnu::always_inline]] inline void end(float*) {}
};

struct AdjointPolicy {
  float acc[kB];
  [[gnu::always_inline]] inline void begin(const float* vox) {
    for (int b = 0; b < kB; ++b) acc[b] = vox[b];
  }
  [[gnu::always_inline]] inline void sample(const float* o, float w) {
    for (int b = 0; b < kB; ++b) acc[b] += o[b] + w * (o[kB + b] - o[b]);
  }
  [[gnu::always_inline]] inline void end(float* vox) {
    for (int b = 0; b < kB; ++b) vox[b] = acc[b];
  }
};

struct SliceGeometry {
  int nz, nx, nt, nd, chunk;
  const float* A;  // per angle: detector position (minus d_lo) of voxel (k=0, j=0)
  const float* C;  // per angle: cos t (pixels per voxel step in j)
  const float* S;  // per angle: sin t (pixels per voxel step in k)
};

/// The one traversal of the single-axis path, for one block of kB slices:
/// every voxel column (k, j) against every angle. Forward and adjoint differ
/// only by the policy.
template <class Policy, class Vox, class Scr>
[[gnu::always_inline]] inline void traverse_block(const SliceGeometry& s, Vox* vol, Scr* scr) {
  Policy pol;
  for (int a0 = 0; a0 < s.nt; a0 += s.chunk) {
    const int a1 = std::min(s.nt, a0 + s.chunk);
    for (int k = 0; k < s.nz; ++k) {
      for (int j = 0; j < s.nx; ++j) {
        Vox* vox = vol + (std::size_t(k) * std::size_t(s.nx) + std::size_t(j)) * kB;
        pol.begin(vox);
        for (int a = a0; a < a1; ++a) {
          const float c = s.A[a] + float(k) * s.S[a] + float(j) * s.C[a];
          const int d = int(c);  // c >= 1 by the padding: truncation is floor
          const float w = c - float(d);
          pol.sample(scr + (std::size_t(a) * std::size_t(s.nd) + std::size_t(d)) * kB, w);
        }
        if constexpr (!std::is_const_v<Vox>) pol.end(vox);
      }
    }
  }
}

void forward_block_default(const SliceGeometry& s, const float* vol, float* scr) {
  traverse_block<ForwardPolicy>(s, vol, scr);
}
void adjoint_block_default(const SliceGeometry& s, float* vol, const float* scr) {
  traverse_block<AdjointPolicy>(s, vol, scr);
}
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx"))) void forward_block_avx(const SliceGeometry& s, const float* vol, float* scr) {
  traverse_block<ForwardPolicy>(s, vol, scr);
}
__attribute__((target("avx"))) void adjoint_block_avx(const SliceGeometry& s, float* vol, const float* scr) {
  traverse_block<AdjointPolicy>(s, vol, scr);
}
bool has_avx() { return __builtin_cpu_supports("avx"); }
#else
void forward_block_avx(const SliceGeometry& s, const float* vol, float* scr) { forward_block_default(s, vol, scr); }
void adjoint_block_avx(const SliceGeometry& s, float* vol, const float* scr) { adjoint_block_default(s, vol, scr); }
bool has_avx() { return false; }
#endif

class SingleAxisProjector final : public Projector {
 public:
  explicit SingleAxisProjector(ProjectionGeometry g) : Projector(std::move(g)), avx_(has_avx()) {
    const auto& v = geometry_.volume;
    const int nt = geometry_.nt();
    nyb_ = (v.ny + kB - 1) / kB;
    // Detector positions of the volume's corners give the padded column range.
    double lo = std::numeric_limits<double>::max(), hi = -lo;
    std::vector<double> base(std::size_t(nt), 0.0);
    for (int a = 0; a < nt; ++a) {
      const auto& im = geometry_.tilts.images[std::size_t(a)];
      const double t = deg2rad(im.tilt_deg);
      const double c = std::cos(t), s = std::sin(t);
      C_.push_back(float(c));
      S_.push_back(float(s));
      base[std::size_t(a)] = -(v.nx / 2) * c - (v.nz / 2) * s + geometry_.nx / 2 + im.shift_px[0];
      for (int k : {0, v.nz - 1})
        for (int j : {0, v.nx - 1}) {
          const double pos = base[std::size_t(a)] + j * c + k * s;
          lo = std::min(lo, pos);
          hi = std::max(hi, pos);
        }
      // Volume row i lands on image row i + row_offset (1D linear interpolation).
      row_offset_.push_back(geometry_.ny / 2 - v.ny / 2 + im.shift_px[1]);
    }
    d_lo_ = int(std::floor(lo)) - 2;
    nd_ = int(std::floor(hi)) - d_lo_ + 3;
    for (int a = 0; a < nt; ++a) A_.push_back(float(base[std::size_t(a)] - d_lo_));
    scratch_size_ = std::size_t(nyb_) * std::size_t(nt) * std::size_t(nd_) * kB;
    // Angles per pass: the scratch of one pass (nd * kB floats per angle)
    // stays within ~192 KiB, so it is L2-resident while the volume streams.
    chunk_ = std::clamp(int((192 * 1024) / (std::size_t(nd_) * kB * sizeof(float))), 1, std::max(nt, 1));
  }
  ProjectorPath path() const override { return ProjectorPath::SingleAxis; }
  std::size_t volume_size() const override {
    const auto& v = geometry_.volume;
    return std::size_t(nyb_) * std::size_t(v.nz) * std::size_t(v.nx) * kB;
  }

  void forward(std::span<const float> vol, std::span<float> proj) const override {
    check(vol.size(), proj.size());
    const auto& g = geometry_;
    // Each call has its own scratch (so calls may overlap); every block
    // clears the part it uses.
    const auto scratch = std::make_unique_for_overwrite<float[]>(scratch_size_);
    // Named copies, not a structured binding: clang before 16 cannot use
    // one inside an OpenMP region.
    const Pass p = pass(scratch.get());
    const SliceGeometry& s = p.s;
    const std::size_t block_vol = p.block_vol, block_scr = p.block_scr;
    float* const scr = p.scr;
#pragma omp parallel
    {
#pragma omp for schedule(dynamic)
      for (int yb = 0; yb < nyb_; ++yb) {
        float* o = scr + std::size_t(yb) * block_scr;
        std::fill(o, o + block_scr, 0.0f);
        if (avx_) forward_block_avx(s, vol.data() + std::size_t(yb) * block_vol, o);
        else forward_block_default(s, vol.data() + std::size_t(yb) * block_vol, o);
      }
      // Rows: image row r gathers volume rows floor(r - off) and +1 (linear).
#pragma omp for schedule(static)
      for (int a = 0; a < g.nt(); ++a) {
        float* img = proj.data() + std::size_t(a) * std::size_t(g.ny) * std::size_t(g.nx);
        for (int r = 0; r < g.ny; ++r) {
          float* out = img + std::size_t(r) * std::size_t(g.nx);
          std::fill(out, out + g.nx, 0.0f);
          for_each_row_tap(a, r, scr, [&](float* src, float w, int c0, int c1) {
            for (int col = c0; col < c1; ++col) out[col] += w * src[std::size_t(col - d_lo_) * kB];
          });
        }
      }
    }
  }

  void adjoint(std::span<const float> proj, std::span<float> vol) const override {
    check(vol.size(), proj.size());
    const auto& g = geometry_;
    // Each call has its own scratch (so calls may overlap); every block
    // clears the part it uses.
    const auto scratch = std::make_unique_for_overwrite<float[]>(scratch_size_);
    // Named copies, not a structured binding: clang before 16 cannot use
    // one inside an OpenMP region.
    const Pass p = pass(scratch.get());
    const SliceGeometry& s = p.s;
    const std::size_t block_vol = p.block_vol, block_scr = p.block_scr;
    float* const scr = p.scr;
#pragma omp parallel
    {
      // Rows, transposed: scatter image row r to volume rows i0, i0 + 1 (the
      // scratch of angle a is disjoint from every other angle's).
#pragma omp for schedule(static)
      for (int a = 0; a < g.nt(); ++a) {
        for (int yb = 0; yb < nyb_; ++yb) {
          float* o = scr + std::size_t(yb) * block_scr + std::size_t(a) * std::size_t(nd_) * kB;
          std::fill(o, o + std::size_t(nd_) * kB, 0.0f);
        }
        const float* img = proj.data() + std::size_t(a) * std::size_t(g.ny) * std::size_t(g.nx);
        for (int r = 0; r < g.ny; ++r) {
          const float* in = img + std::size_t(r) * std::size_t(g.nx);
          for_each_row_tap(a, r, scr, [&](float* dst, float w, int c0, int c1) {
            for (int col = c0; col < c1; ++col) dst[std::size_t(col - d_lo_) * kB] += w * in[col];
          });
        }
      }
#pragma omp for schedule(dynamic)
      for (int yb = 0; yb < nyb_; ++yb) {
        float* v = vol.data() + std::size_t(yb) * block_vol;
        std::fill(v, v + block_vol, 0.0f);
        if (avx_) adjoint_block_avx(s, v, scr + std::size_t(yb) * block_scr);
        else adjoint_block_default(s, v, scr + std::size_t(yb) * block_scr);
      }
    }
  }

  void to_internal(std::span<const float> zyx, std::span<float> internal) const override {
    const auto& v = geometry_.volume;
    if (zyx.size() != v.size() || internal.size() != volume_size())
      throw Error("projector: volume buffer of the wrong size");
    std::fill(internal.begin(), internal.end(), 0.0f);
#pragma omp parallel for schedule(static)
    for (int k = 0; k < v.nz; ++k)
      for (int i = 0; i < v.ny; ++i)
        for (int j = 0; j < v.nx; ++j) internal[internal_index(k, i, j)] = zyx[v.index(k, i, j)];
  }
  void from_internal(std::span<const float> internal, std::span<float> zyx) const override {
    const auto& v = geometry_.volume;
    if (zyx.size() != v.size() || internal.size() != volume_size())
      throw Error("projector: volume buffer of the wrong size");
#pragma omp parallel for schedule(static)
    for (int k = 0; k < v.nz; ++k)
      for (int i = 0; i < v.ny; ++i)
        for (int j = 0; j < v.nx; ++j) zyx[v.index(k, i, j)] = internal[internal_index(k, i, j)];
  }

 private:
  std::size_t internal_index(int k, int i, int j) const {
    const auto& v = geometry_.volume;
    return ((std::size_t(i / kB) * std::size_t(v.nz) + std::size_t(k)) * std::size_t(v.nx) + std::size_t(j)) * kB +
           std::size_t(i % kB);
  }
  SliceGeometry slice_geometry() const {
    return {geometry_.volume.nz, geometry_.volume.nx, geometry_.nt(), nd_, chunk_, A_.data(), C_.data(), S_.data()};
  }
  /// Image row r of image a = w0 * (volume row i0) + w1 * (volume row i0 + 1).
  /// What a forward or adjoint pass works with: the slice geometry, the
  /// floats per block of kB volume rows in the volume and in the scratch,
  /// and the scratch.
  struct Pass {
    SliceGeometry s;
    std::size_t block_vol, block_scr;
    float* scr;
  };
  Pass pass(float* scratch) const {
    const auto& g = geometry_;
    return {slice_geometry(), std::size_t(g.volume.nz) * std::size_t(g.volume.nx) * kB,
            std::size_t(g.nt()) * std::size_t(nd_) * kB, scratch};
  }
  /// Image row r of angle a interpolates volume rows i0 and i0 + 1 (linear,
  /// weights w0, w1): calls f(scratch of that row at column d_lo_, weight,
  /// first column, end column) for each tap inside the volume. Forward
  /// gathers through it, the adjoint scatters.
  template <class F>
  void for_each_row_tap(int a, int r, float* scr, F&& f) const {
    const auto& g = geometry_;
    const std::size_t block_scr = std::size_t(g.nt()) * std::size_t(nd_) * kB;
    const double pos = r - row_offset_[std::size_t(a)];
    const double fl = std::floor(pos);
    const int i0 = int(fl);
    const float w1 = float(pos - fl), w0 = 1.0f - w1;
    const int c0 = std::max(0, d_lo_), c1 = std::min(g.nx, d_lo_ + nd_);
    for (int q = 0; q < 2; ++q) {
      const int i = i0 + q;
      const float w = q ? w1 : w0;
      if (i < 0 || i >= g.volume.ny || w == 0.0f) continue;
      f(scr + std::size_t(i / kB) * block_scr + std::size_t(a) * std::size_t(nd_) * kB + std::size_t(i % kB), w, c0,
        c1);
    }
  }
  void check(std::size_t nv, std::size_t np) const {
    if (nv != volume_size() || np != projection_size())
      throw Error(fmt::format("projector: buffers of {} and {} floats for {} (internal) and {} pixels", nv, np,
                              volume_size(), projection_size()));
  }

  bool avx_;
  int nyb_ = 0, d_lo_ = 0, nd_ = 0, chunk_ = 1;
  std::vector<float> A_, C_, S_;
  std::vector<double> row_offset_;
  std::size_t scratch_size_ = 0;  ///< floats of one call's scratch
};

}  // namespace detail

std::unique_ptr<Projector> make_projector(const ProjectionGeometry& g, ProjectorPath path) {
  if (g.nt() <= 0 || g.ny <= 0 || g.nx <= 0) throw Error("projector: no images");
  check_shape("projector volume", {g.volume.nz, g.volume.ny, g.volume.nx});
  if (!(std::fabs(g.volume.voxel_A - g.pixel_A) <= 1e-6 * g.pixel_A))
    throw Error(fmt::format("projector: voxel size {} Å differs from the pixel size {} Å", g.volume.voxel_A,
                            g.pixel_A));
  if (path == ProjectorPath::Auto)
    path = is_single_axis(g.tilts) ? ProjectorPath::SingleAxis : ProjectorPath::General;
  if (path == ProjectorPath::SingleAxis) {
    if (!is_single_axis(g.tilts)) throw Error("projector: the single-axis path cannot take Euler angles");
    return std::make_unique<detail::SingleAxisProjector>(g);
  }
  return std::make_unique<detail::GeneralProjector>(g);
}

}  // namespace aet::recon
