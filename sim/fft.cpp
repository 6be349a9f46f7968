#include "sim/fft.hpp"

#include <fftw3.h>

#include <mutex>

namespace aet::sim::detail {

namespace {
std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

void fft2(std::vector<std::complex<double>>& a, int n0, int n1, int sign) {
  auto* data = reinterpret_cast<fftw_complex*>(a.data());
  fftw_plan plan;
  {
    std::lock_guard lock(planner_mutex());
    plan = fftw_plan_dft_2d(n0, n1, data, data, sign, FFTW_ESTIMATE);
  }
  fftw_execute(plan);
  std::lock_guard lock(planner_mutex());
  fftw_destroy_plan(plan);
}

void fft2_r2c(std::vector<double>& in, std::vector<std::complex<double>>& out, int n0, int n1) {
  out.resize(std::size_t(n0) * std::size_t(n1 / 2 + 1));
  auto* o = reinterpret_cast<fftw_complex*>(out.data());
  fftw_plan plan;
  {
    std::lock_guard lock(planner_mutex());
    plan = fftw_plan_dft_r2c_2d(n0, n1, in.data(), o, FFTW_ESTIMATE);
  }
  fftw_execute(plan);
  std::lock_guard lock(planner_mutex());
  fftw_destroy_plan(plan);
}

void fft2_c2r(std::vector<std::complex<double>>& in, std::vector<double>& out, int n0, int n1) {
  out.resize(std::size_t(n0) * std::size_t(n1));
  auto* i = reinterpret_cast<fftw_complex*>(in.data());
  fftw_plan plan;
  {
    std::lock_guard lock(planner_mutex());
    plan = fftw_plan_dft_c2r_2d(n0, n1, i, out.data(), FFTW_ESTIMATE);
  }
  fftw_execute(plan);
  std::lock_guard lock(planner_mutex());
  fftw_destroy_plan(plan);
}

}  // namespace aet::sim::detail
