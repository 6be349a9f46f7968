#pragma once
// FFTW, once: aligned buffers and plans as RAII values, in single (float,
// libfftw3f) and double (libfftw3) precision.
//
// Every plan is made with FFTW_ESTIMATE: a measured plan depends on timing,
// so its bytes would differ between runs. FFTW's planner (making and
// destroying plans) is not thread-safe; here it runs under one lock for the
// whole program, so plans may be made from any thread. Executing a plan is
// thread-safe, also on new arrays (same sizes and alignment as planned).
//
// Transforms are unnormalised: a forward and a backward transform multiply
// by the number of points. Complex layout is std::complex (layout-compatible
// with fftw_complex); a real-to-complex transform of n0 x n1 real values has
// n0 x (n1/2 + 1) complex outputs.
#include <complex>
#include <cstddef>
#include <memory>
#include <vector>

namespace aet::fft {

/// Signed frequency index of FFT bin i of n: 0, 1, ..., n/2 - 1, -n/2, ..., -1.
inline int frequency(int i, int n) { return i < n / 2 ? i : i - n; }

namespace detail {
void* allocate(std::size_t bytes);  // fftw_malloc: SIMD-aligned
void release(void* p);              // fftw_free
struct Release {
  void operator()(void* p) const { release(p); }
};
}  // namespace detail

/// n values of T in FFTW-aligned memory (uninitialised). Move-only.
template <class T>
class Buffer {
 public:
  explicit Buffer(std::size_t n) : n_(n), p_(static_cast<T*>(detail::allocate(sizeof(T) * n))) {}
  T* data() { return p_.get(); }
  const T* data() const { return p_.get(); }
  std::size_t size() const { return n_; }
  T& operator[](std::size_t i) { return p_.get()[i]; }
  const T& operator[](std::size_t i) const { return p_.get()[i]; }

 private:
  std::size_t n_;
  std::unique_ptr<T, detail::Release> p_;
};

enum class Direction { Forward = -1, Backward = +1 };  ///< sign of the exponent

/// One FFTW plan for arrays of Real (float or double). Move-only; the plan is
/// destroyed under the planner lock.
template <class Real>
class Plan {
 public:
  using Complex = std::complex<Real>;
  /// In-place or out-of-place complex transform of an n0 x n1 grid (row-major).
  static Plan complex_2d(int n0, int n1, Complex* in, Complex* out, Direction direction);
  /// n0 x n1 real -> n0 x (n1/2 + 1) complex.
  static Plan real_to_complex_2d(int n0, int n1, Real* in, Complex* out);
  /// n0 x (n1/2 + 1) complex -> n0 x n1 real (the input is destroyed).
  static Plan complex_to_real_2d(int n0, int n1, Complex* in, Real* out);
  static Plan real_to_complex_1d(int n, Real* in, Complex* out);
  static Plan complex_to_real_1d(int n, Complex* in, Real* out);

  Plan(Plan&& other) noexcept;
  Plan& operator=(Plan&& other) noexcept;
  Plan(const Plan&) = delete;
  Plan& operator=(const Plan&) = delete;
  ~Plan();

  /// On the arrays it was planned with.
  void execute() const;
  /// On other arrays of the same sizes and alignment (a real-to-complex or
  /// complex-to-real plan respectively).
  void execute(Real* in, Complex* out) const;
  void execute(Complex* in, Real* out) const;

 private:
  explicit Plan(void* plan) : plan_(plan) {}
  void* plan_ = nullptr;  // fftwf_plan or fftw_plan
};

extern template class Plan<float>;
extern template class Plan<double>;

/// One-shot transforms of std::vector grids (plan, execute, destroy).
/// In place, n0 x n1 complex.
void transform_2d(std::vector<std::complex<double>>& a, int n0, int n1, Direction direction);
/// n0 x n1 real into n0 x (n1/2 + 1) complex (`out` resized).
void real_to_complex_2d(std::vector<double>& in, std::vector<std::complex<double>>& out, int n0, int n1);
/// Back (`out` resized; the input spectrum is destroyed).
void complex_to_real_2d(std::vector<std::complex<double>>& in, std::vector<double>& out, int n0, int n1);

}  // namespace aet::fft
