// Shared pieces of the iterative reconstructions (recon/iterative.hpp).
#include "recon/iterative.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/geometry.hpp"

namespace aet::recon {

void Report::to_metadata(Metadata& meta, const std::string& prefix) const {
  meta.set(prefix + "algorithm", algorithm);
  meta.set(prefix + "iterations", iterations);
  meta.set(prefix + "r_factor", r_factor);
  meta.set(prefix + "seconds", seconds);
  if (!stop_reason.empty()) meta.set(prefix + "stop_reason", stop_reason);
  std::vector<double> its(history_iterations.begin(), history_iterations.end());
  meta.set(prefix + "r_factor_history_iterations", its);
  meta.set(prefix + "r_factor_history", r_factor_history);
}

std::vector<double> r_factor_per_image(std::span<const float> model, std::span<const float> measured, int nt,
                                       std::size_t image_size) {
  if (model.size() != measured.size() || measured.size() != std::size_t(nt) * image_size)
    throw Error("r_factor: model and measured images differ in size");
  std::vector<double> r(std::size_t(nt), 0.0);
#pragma omp parallel for schedule(static)
  for (int a = 0; a < nt; ++a) {
    double num = 0, den = 0;
    const float* m = model.data() + std::size_t(a) * image_size;
    const float* b = measured.data() + std::size_t(a) * image_size;
    for (std::size_t p = 0; p < image_size; ++p) {
      num += std::fabs(double(m[p]) - double(b[p]));
      den += std::fabs(double(b[p]));
    }
    r[std::size_t(a)] = den > 0 ? num / den : 0.0;
  }
  return r;
}

double r_factor(std::span<const float> model, std::span<const float> measured, int nt, std::size_t image_size) {
  const auto r = r_factor_per_image(model, measured, nt, image_size);
  double s = 0;
  for (double x : r) s += x;
  return nt > 0 ? s / nt : 0.0;
}

double noise_r_factor(std::span<const float> measured, int nt, std::size_t image_size,
                      std::span<const double> noise_sigma, std::span<const std::size_t> noise_pixels) {
  if (measured.size() != std::size_t(nt) * image_size || noise_sigma.size() != std::size_t(nt) ||
      noise_pixels.size() != std::size_t(nt))
    throw Error("noise_r_factor: images, noise levels and pixel counts differ in number");
  const double mean_abs = std::sqrt(2.0 / kPi);  // E|n| / σ of a Gaussian
  double s = 0;
  for (int a = 0; a < nt; ++a) {
    double den = 0;
    const float* b = measured.data() + std::size_t(a) * image_size;
    for (std::size_t p = 0; p < image_size; ++p) den += std::fabs(double(b[p]));
    if (den > 0) s += double(noise_pixels[std::size_t(a)]) * noise_sigma[std::size_t(a)] * mean_abs / den;
  }
  return nt > 0 ? s / nt : 0.0;
}

void check_reconstructible(const TiltSeries& s) {
  if (s.nt() <= 0) throw Error("reconstruct: the tilt series has no images");
  if (s.data().size() != std::size_t(s.nt()) * s.image_size())
    throw Error(fmt::format("reconstruct: {} angles do not match the {} pixels of the images", s.nt(),
                            s.data().size()));
  for (int a = 0; a < s.nt(); ++a) {
    bool any = false;
    const auto im = s.image(a);
    for (std::size_t p = 0; p < im.size(); ++p) {
      if (!std::isfinite(im[p]))
        throw Error(fmt::format("reconstruct: image {} (tilt {}°) has a non-finite pixel at ({}, {})", a,
                                s.geometry().images[std::size_t(a)].tilt_deg, p / std::size_t(s.nx()),
                                p % std::size_t(s.nx())));
      any = any || im[p] != 0.0f;
    }
    if (!any)
      throw Error(fmt::format("reconstruct: image {} (tilt {}°) is all zero", a,
                              s.geometry().images[std::size_t(a)].tilt_deg));
  }
}

}  // namespace aet::recon

namespace aet::recon {

Report iterate(const Projector& op, std::span<const float> measured, std::span<const float> x,
               std::span<float> residual, const StopCriteria& stop, const std::string& name,
               const std::function<void(std::span<float>)>& update, const std::function<void()>& finalize) {
  const auto t0 = std::chrono::steady_clock::now();
  const int nt = op.geometry().nt();
  const std::size_t image = std::size_t(op.geometry().ny) * std::size_t(op.geometry().nx);
  const int every = std::max(1, stop.report_every);
  Report rep;
  rep.algorithm = name;
  auto record = [&](int it) {
    // residual holds Πx; R compares it with the measured images.
    const double r = r_factor(residual, measured, nt, image);
    rep.history_iterations.push_back(it);
    rep.r_factor_history.push_back(r);
    rep.r_factor = r;
    if (stop.log) {
      const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      fmt::print(stderr, "{}: iteration {:4d}  R = {:.5f}  ({:.1f} s)\n", name, it, r, sec);
    }
  };
  for (int it = 0; it < stop.iterations; ++it) {
    op.forward(x, residual);
    if (it % every == 0) {
      record(it);
      const auto n = rep.r_factor_history.size();
      if (stop.min_relative_improvement > 0 && n >= 2) {
        const double prev = rep.r_factor_history[n - 2], cur = rep.r_factor_history[n - 1];
        if (!(prev - cur > stop.min_relative_improvement * prev)) {
          if (stop.log) fmt::print(stderr, "{}: R-factor stopped improving, stopping\n", name);
          rep.iterations = it;
          rep.stop_reason = "converged";
          if (finalize) {
            // The last entry described the extrapolated point: replace it by the result's.
            finalize();
            op.forward(x, residual);
            rep.history_iterations.pop_back();
            rep.r_factor_history.pop_back();
            record(it);
          }
          rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          return rep;
        }
      }
    }
    float* r = residual.data();
    const float* b = measured.data();
    const std::ptrdiff_t n = std::ptrdiff_t(residual.size());
#pragma omp parallel for simd schedule(static)
    for (std::ptrdiff_t p = 0; p < n; ++p) r[p] -= b[p];
    update(residual);
    rep.iterations = it + 1;
  }
  if (finalize) finalize();
  op.forward(x, residual);
  record(rep.iterations);
  rep.stop_reason = "iterations";
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace aet::recon
