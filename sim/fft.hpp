#pragma once
// Small FFTW helpers shared by sim/ (probe, support film). Not part of the API.
#include <complex>
#include <vector>

namespace aet::sim::detail {

/// In-place 2D complex FFT of an n0 x n1 grid (row-major), unnormalised;
/// sign -1 forward, +1 backward. Planning is serialised (FFTW's planner is
/// not thread-safe), so it may be called from several threads.
void fft2(std::vector<std::complex<double>>& a, int n0, int n1, int sign);

/// Real-to-complex 2D FFT of an n0 x n1 real grid into n0 x (n1/2 + 1)
/// (resized), and back (c2r, unnormalised; the input spectrum is destroyed).
void fft2_r2c(std::vector<double>& in, std::vector<std::complex<double>>& out, int n0, int n1);
void fft2_c2r(std::vector<std::complex<double>>& in, std::vector<double>& out, int n0, int n1);

/// Signed frequency index of FFT bin i of n.
inline int fft_freq(int i, int n) { return i < n / 2 ? i : i - n; }

}  // namespace aet::sim::detail
