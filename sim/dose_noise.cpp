#include "sim/dose_noise.hpp"

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

namespace aet::sim {

double electrons_per_pixel(const SimConfig& c) { return dose_per_frame_e_per_A2(c) * c.pixel_A * c.pixel_A; }

void detect(std::span<const double> fraction, std::span<float> out, double electrons, const DetectorConfig& d,
            boost::random::mt19937& rng) {
  boost::random::normal_distribution<double> gauss(0.0, 1.0);
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    const double mean = electrons * fraction[i];
    double counts = mean;
    if (d.shot_noise) {
      counts = 0.0;
      if (mean > 0.0) counts = double(boost::random::poisson_distribution<long, double>(mean)(rng));
    }
    double v = d.gain * counts;
    if (d.read_noise > 0.0) v += d.read_noise * gauss(rng);
    out[i] = static_cast<float>(v);
  }
}

}  // namespace aet::sim
