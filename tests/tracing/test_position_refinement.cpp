// Position refinement against the projections: displaced atoms return to
// where the images put them, with the geometry held.
#include "tracing/position_refinement.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "blobs.hpp"
#include "recon/toy_particle.hpp"
#include "test_util.hpp"

namespace aet::tracing {
namespace {

TEST(PositionRefinement, DisplacedAtomsReturnToTheirImages) {
  // Eight Gaussian atoms (sigma 0.6 Å) projected exactly at 21 tilts of
  // +-60 deg, the model started 0.15 Å rms away from them. Noise-free data
  // and a profile that represents a Gaussian to ~1e-3: the positions must
  // come back to < 0.02 Å (a tenth of a pixel), and the tilts stay put.
  const auto blobs = test::toy_particle();
  const TiltSeries s = test::project_blobs(64, 64, 0.4, test::tilt_range(-60, 60, 6), blobs);
  AtomModel atoms;
  boost::random::mt19937 rng(5);
  boost::random::normal_distribution<double> d(0.0, 0.15 / std::sqrt(3.0));
  test::Worst start;
  for (const auto& b : blobs) {
    const Vec3 off(d(rng), d(rng), d(rng));
    atoms.add_atom("Pt", b.r_A + off);
    start.add(off.norm());
  }
  ASSERT_GT(start.value(), 0.1);  // the test starts far enough away to mean something
  const auto rep = refine_positions(atoms, s);
  test::Worst worst;
  for (std::size_t a = 0; a < blobs.size(); ++a) worst.add((atoms.positions()[a] - blobs[a].r_A).norm());
  EXPECT_TRUE(worst.within(0.02));
  EXPECT_EQ(rep.kept_traced, 0u);
  EXPECT_LT(rep.residual_per_round.back(), rep.residual_per_round.front());
  EXPECT_TRUE(atoms.has_column("amplitude"));
  // Brighter atoms get larger amplitudes (toy amplitudes 0.8 and 1.2).
  EXPECT_LT(atoms.real("amplitude", 2), atoms.real("amplitude", 3));
}

TEST(PositionRefinement, BadInput) {
  const TiltSeries s = test::project_blobs(16, 16, 0.4, TiltGeometry::from_tilts({-10, 0, 10}), test::toy_particle());
  AtomModel none;
  EXPECT_THROW(refine_positions(none, s), Error);
  AtomModel one;
  one.add_atom("Pt", Vec3::Zero());
  PositionRefinementOptions o;
  o.rounds = 0;
  EXPECT_THROW(refine_positions(one, s, o), Error);
}

}  // namespace
}  // namespace aet::tracing
