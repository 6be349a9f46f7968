// Frame registration and drift correction (recon/frame_registration.hpp).
#include "recon/frame_registration.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "recon/cross_correlation.hpp"

namespace aet::recon {

FrameRegistration register_frames(const TiltSeries& frames, const FrameRegistrationOptions& o) {
  const int F = o.frames_per_tilt;
  if (F < 1 || frames.nt() % F != 0)
    throw Error(fmt::format("frame registration: {} frames is not a multiple of {} frames per tilt", frames.nt(), F));
  const int nt = frames.nt() / F, ny = frames.ny(), nx = frames.nx();
  TiltGeometry g;
  for (int k = 0; k < nt; ++k) {
    ImageGeometry im;
    im.tilt_deg = frames.geometry().images[std::size_t(k) * std::size_t(F)].tilt_deg;
    g.images.push_back(im);
  }
  FrameRegistration out{TiltSeries(ny, nx, frames.pixel_A(), g), {}, {}};
  out.averaged.metadata() = frames.metadata();
  out.measured_px.assign(std::size_t(nt), std::vector<std::array<double, 2>>(std::size_t(F), {0.0, 0.0}));
  out.drift_px_per_frame.assign(std::size_t(nt), {0.0, 0.0});
#pragma omp parallel
  {
    CrossCorrelator cc(ny, nx);
    std::vector<float> moved(frames.image_size());
#pragma omp for schedule(dynamic)
    for (int k = 0; k < nt; ++k) {
      auto& d = out.measured_px[std::size_t(k)];
      const auto first = frames.image(k * F);
      for (int f = 1; f < F; ++f) d[std::size_t(f)] = cc.find_shift(first, frames.image(k * F + f), o.max_shift_px).shift_px;
      // Least-squares line d_f = c + v f through the F measurements (d_0 = 0).
      std::vector<std::array<double, 2>> fitted = d;
      if (o.fit_linear_drift && F >= 2) {
        const double fm = 0.5 * (F - 1);
        double sff = 0;
        for (int f = 0; f < F; ++f) sff += (f - fm) * (f - fm);
        for (int c = 0; c < 2; ++c) {
          double mean = 0, sfd = 0;
          for (int f = 0; f < F; ++f) mean += d[std::size_t(f)][std::size_t(c)] / F;
          for (int f = 0; f < F; ++f) sfd += (f - fm) * (d[std::size_t(f)][std::size_t(c)] - mean);
          const double v = sfd / sff;
          out.drift_px_per_frame[std::size_t(k)][std::size_t(c)] = v;
          for (int f = 0; f < F; ++f) fitted[std::size_t(f)][std::size_t(c)] = mean + v * (f - fm);
        }
      }
      // Reference position: the middle of the exposure.
      std::array<double, 2> mid{0.0, 0.0};
      for (int f = 0; f < F; ++f)
        for (int c = 0; c < 2; ++c) mid[std::size_t(c)] += fitted[std::size_t(f)][std::size_t(c)] / F;
      auto avg = out.averaged.image(k);
      for (int f = 0; f < F; ++f) {
        const std::array<double, 2> back{mid[0] - fitted[std::size_t(f)][0], mid[1] - fitted[std::size_t(f)][1]};
        shift_image(frames.image(k * F + f), moved, ny, nx, back);
        for (std::size_t p = 0; p < avg.size(); ++p) avg[p] += moved[p] / float(F);
      }
    }
  }
  return out;
}

}  // namespace aet::recon
