// Binning for coarse-to-fine refinement: a specimen point stays where it
// was in Å, shifts map back and forth, sizes and pixels scale.
#include "recon/binning.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

// Intensity-weighted centroid of image a in Å, in the specimen frame (the
// image centre n/2 plus the image's shift is the specimen's origin).
std::array<double, 2> centroid_A(const TiltSeries& s, int a) {
  double m = 0, x = 0, y = 0;
  const auto& g = s.geometry().images[std::size_t(a)];
  for (int i = 0; i < s.ny(); ++i)
    for (int j = 0; j < s.nx(); ++j) {
      const double v = s.at(a, i, j);
      m += v;
      x += v * ((j - s.nx() / 2) - g.shift_px[0]) * s.pixel_A();
      y += v * ((i - s.ny() / 2) - g.shift_px[1]) * s.pixel_A();
    }
  return {x / m, y / m};
}

TEST(Binning, ShiftsMapBackExactly) {
  for (int n : {40, 41, 96, 97})
    for (int f : {2, 3})
      for (double s : {-3.7, 0.0, 0.25, 5.5}) {
        const double back = unbin_shift(bin_shift(s, n, f), n, f);
        EXPECT_TRUE(std::fabs(back - s) <= 1e-12) << "n " << n << " f " << f << " s " << s << " -> " << back;
      }
}

TEST(Binning, SpecimenPointsStayWhereTheyWere) {
  // Odd and even sizes, shifted images: the centroid in Å must agree up to
  // the box mean's sampling (the intensity is not linear within a block:
  // measured ≤ 1e-3 Å at f = 3 on these σ = 0.6 Å blobs), where an error of
  // half a full pixel in the centre convention would be 0.2 Å.
  for (int n : {48, 49}) {  // f divides 48; 49 drops its last row and column (empty)
    TiltGeometry tilts = test::tilt_range(-60, 60, 30);
    for (std::size_t a = 0; a < tilts.size(); ++a) tilts.images[a].shift_px = {1.3 - 0.4 * double(a), -0.7 + 0.3 * double(a)};
    const TiltSeries fine = test::project_blobs(n, n, test::kToyPixel_A, tilts, test::toy_particle());
    for (int f : {2, 3}) {
      const TiltSeries coarse = bin_series(fine, f);
      EXPECT_EQ(coarse.nx(), n / f);
      EXPECT_EQ(coarse.ny(), n / f);
      EXPECT_DOUBLE_EQ(coarse.pixel_A(), test::kToyPixel_A * f);
      for (int a = 0; a < fine.nt(); ++a) {
        const auto cf = centroid_A(fine, a), cc = centroid_A(coarse, a);
        EXPECT_TRUE(std::fabs(cf[0] - cc[0]) <= 0.01 && std::fabs(cf[1] - cc[1]) <= 0.01)
            << "n " << n << " f " << f << " image " << a << ": (" << cf[0] << ", " << cf[1] << ") vs (" << cc[0]
            << ", " << cc[1] << ")";
      }
      // And back: the binned geometry unbinned is the original.
      const auto back = unbin_geometry(coarse.geometry().images, f, n, n);
      for (std::size_t a = 0; a < back.size(); ++a)
        for (int k = 0; k < 2; ++k)
          EXPECT_TRUE(std::fabs(back[a].shift_px[std::size_t(k)] - fine.geometry().images[a].shift_px[std::size_t(k)]) <= 1e-12);
    }
  }
}

TEST(Binning, VolumeAndBadFactors) {
  const VolumeGeometry b = bin_volume(VolumeGeometry{84, 78, 85, 0.343}, 2);
  EXPECT_EQ(b.nz, 42);
  EXPECT_EQ(b.ny, 39);
  EXPECT_EQ(b.nx, 42);
  EXPECT_DOUBLE_EQ(b.voxel_A, 0.686);
  const TiltSeries s = test::toy_series();
  EXPECT_THROW(bin_series(s, 0), Error);
  EXPECT_THROW(bin_series(s, 41), Error);
  EXPECT_THROW(bin_volume(VolumeGeometry{4, 4, 4, 1.0}, 0), Error);
}

}  // namespace
}  // namespace aet::recon
