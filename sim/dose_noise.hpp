#pragma once
// Dose and detector: each pixel of a frame receives N = dose_frame * p²
// electrons (the total dose spread evenly over tilts and frames); the
// detector counts the scattered ones, Poisson with mean N * fraction, and
// outputs gain * counts + Gaussian read noise. Mean and variance of a flat
// region: mean = gain N f, variance = gain² N f + read_noise².
#include <boost/random/mersenne_twister.hpp>
#include <span>

#include "sim/config.hpp"

namespace aet::sim {

/// Electrons per pixel per frame.
double electrons_per_pixel(const SimConfig& config);

/// out[i] = gain * Poisson(electrons * fraction[i]) + read_noise * N(0, 1)
/// (without shot noise: gain * electrons * fraction[i] + read noise).
void detect(std::span<const double> fraction, std::span<float> out, double electrons, const DetectorConfig& detector,
            boost::random::mt19937& rng);

}  // namespace aet::sim
