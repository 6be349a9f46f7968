#include "core/fft.hpp"

#include <fftw3.h>

#include <mutex>
#include <new>

namespace aet::fft {

namespace {

/// The one lock around FFTW's planner (both precisions: plans are rare, so
/// one lock costs nothing and leaves no doubt).
std::mutex& planner_lock() {
  static std::mutex m;
  return m;
}

constexpr unsigned kFlags = FFTW_ESTIMATE;

// The two precisions' C APIs behind one set of names.
template <class Real>
struct Api;

template <>
struct Api<float> {
  using P = fftwf_plan;
  using C = fftwf_complex;
  static P c2c_2d(int n0, int n1, C* i, C* o, int s) { return fftwf_plan_dft_2d(n0, n1, i, o, s, kFlags); }
  static P r2c_2d(int n0, int n1, float* i, C* o) { return fftwf_plan_dft_r2c_2d(n0, n1, i, o, kFlags); }
  static P c2r_2d(int n0, int n1, C* i, float* o) { return fftwf_plan_dft_c2r_2d(n0, n1, i, o, kFlags); }
  static P r2c_1d(int n, float* i, C* o) { return fftwf_plan_dft_r2c_1d(n, i, o, kFlags); }
  static P c2r_1d(int n, C* i, float* o) { return fftwf_plan_dft_c2r_1d(n, i, o, kFlags); }
  static void execute(P p) { fftwf_execute(p); }
  static void execute_r2c(P p, float* i, C* o) { fftwf_execute_dft_r2c(p, i, o); }
  static void execute_c2r(P p, C* i, float* o) { fftwf_execute_dft_c2r(p, i, o); }
  static void destroy(P p) { fftwf_destroy_plan(p); }
};

template <>
struct Api<double> {
  using P = fftw_plan;
  using C = fftw_complex;
  static P c2c_2d(int n0, int n1, C* i, C* o, int s) { return fftw_plan_dft_2d(n0, n1, i, o, s, kFlags); }
  static P r2c_2d(int n0, int n1, double* i, C* o) { return fftw_plan_dft_r2c_2d(n0, n1, i, o, kFlags); }
  static P c2r_2d(int n0, int n1, C* i, double* o) { return fftw_plan_dft_c2r_2d(n0, n1, i, o, kFlags); }
  static P r2c_1d(int n, double* i, C* o) { return fftw_plan_dft_r2c_1d(n, i, o, kFlags); }
  static P c2r_1d(int n, C* i, double* o) { return fftw_plan_dft_c2r_1d(n, i, o, kFlags); }
  static void execute(P p) { fftw_execute(p); }
  static void execute_r2c(P p, double* i, C* o) { fftw_execute_dft_r2c(p, i, o); }
  static void execute_c2r(P p, C* i, double* o) { fftw_execute_dft_c2r(p, i, o); }
  static void destroy(P p) { fftw_destroy_plan(p); }
};

template <class Real>
typename Api<Real>::C* raw(std::complex<Real>* p) {
  return reinterpret_cast<typename Api<Real>::C*>(p);
}
template <class Real>
typename Api<Real>::P plan_of(void* p) {
  return static_cast<typename Api<Real>::P>(p);
}

/// Makes a plan under the lock; FFTW returns null when it cannot plan.
template <class Real, class Make>
void* make(Make&& make_plan) {
  void* p = nullptr;
  {
    std::lock_guard lock(planner_lock());
    p = static_cast<void*>(make_plan());
  }
  if (!p) throw std::bad_alloc();
  return p;
}

}  // namespace

void* detail::allocate(std::size_t bytes) {
  void* p = fftwf_malloc(bytes);
  if (!p && bytes > 0) throw std::bad_alloc();
  return p;
}
void detail::release(void* p) { fftwf_free(p); }

template <class Real>
Plan<Real> Plan<Real>::complex_2d(int n0, int n1, Complex* in, Complex* out, Direction direction) {
  return Plan(make<Real>([&] { return Api<Real>::c2c_2d(n0, n1, raw(in), raw(out), int(direction)); }));
}
template <class Real>
Plan<Real> Plan<Real>::real_to_complex_2d(int n0, int n1, Real* in, Complex* out) {
  return Plan(make<Real>([&] { return Api<Real>::r2c_2d(n0, n1, in, raw(out)); }));
}
template <class Real>
Plan<Real> Plan<Real>::complex_to_real_2d(int n0, int n1, Complex* in, Real* out) {
  return Plan(make<Real>([&] { return Api<Real>::c2r_2d(n0, n1, raw(in), out); }));
}
template <class Real>
Plan<Real> Plan<Real>::real_to_complex_1d(int n, Real* in, Complex* out) {
  return Plan(make<Real>([&] { return Api<Real>::r2c_1d(n, in, raw(out)); }));
}
template <class Real>
Plan<Real> Plan<Real>::complex_to_real_1d(int n, Complex* in, Real* out) {
  return Plan(make<Real>([&] { return Api<Real>::c2r_1d(n, raw(in), out); }));
}

template <class Real>
Plan<Real>::Plan(Plan&& other) noexcept : plan_(other.plan_) {
  other.plan_ = nullptr;
}
template <class Real>
Plan<Real>& Plan<Real>::operator=(Plan&& other) noexcept {
  if (this != &other) {
    Plan gone(std::move(*this));
    plan_ = other.plan_;
    other.plan_ = nullptr;
  }
  return *this;
}
template <class Real>
Plan<Real>::~Plan() {
  if (!plan_) return;
  std::lock_guard lock(planner_lock());
  Api<Real>::destroy(plan_of<Real>(plan_));
}

template <class Real>
void Plan<Real>::execute() const {
  Api<Real>::execute(plan_of<Real>(plan_));
}
template <class Real>
void Plan<Real>::execute(Real* in, Complex* out) const {
  Api<Real>::execute_r2c(plan_of<Real>(plan_), in, raw(out));
}
template <class Real>
void Plan<Real>::execute(Complex* in, Real* out) const {
  Api<Real>::execute_c2r(plan_of<Real>(plan_), raw(in), out);
}

template class Plan<float>;
template class Plan<double>;

void transform_2d(std::vector<std::complex<double>>& a, int n0, int n1, Direction direction) {
  Plan<double>::complex_2d(n0, n1, a.data(), a.data(), direction).execute();
}

void real_to_complex_2d(std::vector<double>& in, std::vector<std::complex<double>>& out, int n0, int n1) {
  out.resize(std::size_t(n0) * std::size_t(n1 / 2 + 1));
  Plan<double>::real_to_complex_2d(n0, n1, in.data(), out.data()).execute();
}

void complex_to_real_2d(std::vector<std::complex<double>>& in, std::vector<double>& out, int n0, int n1) {
  out.resize(std::size_t(n0) * std::size_t(n1));
  Plan<double>::complex_to_real_2d(n0, n1, in.data(), out.data()).execute();
}

}  // namespace aet::fft
