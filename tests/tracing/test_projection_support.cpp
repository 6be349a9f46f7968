// Projection support: each atom's amplitude fitted to the images, the
// positions held, relative to the lightest species' median.
#include "tracing/projection_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "core/error.hpp"
#include "core/statistics.hpp"
#include "blobs.hpp"
#include "omp_threads.hpp"
#include "recon/toy_particle.hpp"
#include "test_util.hpp"

namespace aet::tracing {
namespace {

TEST(ProjectionSupport, ReadsEachAtomsAmplitudeAndNothingWhereThereIsNoAtom) {
  // The toy particle's eight Gaussian atoms (amplitudes 0.8-1.2, sigma
  // 0.6 Å) projected exactly at 21 tilts of +-60 deg, traced as "Pd", and
  // one "Pt" where the images hold nothing, over 4 Å from every atom.
  // Noise-free, with a profile that represents a Gaussian to ~1e-3: each
  // Pd reads its amplitude over the Pd median to 1 % (measured <= 0.2 %), the
  // empty site 0 to 0.01 of it, and no position moves.
  const auto blobs = test::toy_particle();
  const TiltSeries s = test::project_blobs(64, 64, 0.4, test::tilt_range(-60, 60, 6), blobs);
  AtomModel atoms;
  std::vector<double> amplitude;
  for (const auto& b : blobs) {
    atoms.add_atom("Pd", b.r_A);
    amplitude.push_back(b.amplitude);
  }
  const Vec3 empty(6.5, -6.0, 5.5);
  for (const auto& b : blobs) ASSERT_GT((b.r_A - empty).norm(), 4.0);
  atoms.add_atom("Pt", empty);
  const std::vector<Vec3> before = atoms.positions();
  const ProjectionSupportReport rep = projection_support(atoms, s);
  ASSERT_TRUE(atoms.has_column("support"));
  EXPECT_EQ(atoms.positions(), before);
  const double ref = median(amplitude);
  test::Worst worst;
  for (std::size_t a = 0; a < blobs.size(); ++a) {
    std::printf("atom %zu: support %.4f, amplitude over the median %.4f\n", a, atoms.real("support", a),
                amplitude[a] / ref);
    worst.add(std::fabs(atoms.real("support", a) - amplitude[a] / ref));
  }
  EXPECT_TRUE(worst.within(0.01));
  const double at_empty = atoms.real("support", blobs.size());
  std::printf("empty site: support %.5f; residual %.3g\n", at_empty, rep.relative_residual);
  EXPECT_TRUE(std::fabs(at_empty) <= 0.01) << at_empty;
  EXPECT_TRUE(rep.reference > 0.0);
  EXPECT_TRUE(rep.relative_residual <= 1e-3) << rep.relative_residual;
}

TEST(ProjectionSupport, RemovesTheAtomsTheImagesDoNotHold) {
  // The same eight atoms and two sites that hold nothing, one beside the
  // particle (2.6 Å from an atom, where a halo peak would sit) and one
  // away: with a floor of half the reference both go, the eight stay, and
  // their support is what it is without the two (to 1 %).
  const auto blobs = test::toy_particle();
  const TiltSeries s = test::project_blobs(64, 64, 0.4, test::tilt_range(-60, 60, 6), blobs);
  AtomModel atoms;
  for (const auto& b : blobs) atoms.add_atom("Pd", b.r_A);
  AtomModel clean = atoms;
  projection_support(clean, s);
  atoms.add_atom("Pd", blobs[5].r_A + Vec3(2.6, 0.0, 0.0));
  atoms.add_atom("Pd", Vec3(6.5, -6.0, 5.5));
  for (const auto& b : blobs) ASSERT_GT((b.r_A - atoms.positions()[9]).norm(), 2.5);
  ProjectionSupportOptions o;
  o.min_fraction = 0.5;
  const ProjectionSupportReport rep = projection_support(atoms, s, o);
  EXPECT_EQ(rep.removed, 2u);
  ASSERT_EQ(atoms.size(), blobs.size());
  test::Worst worst;
  for (std::size_t a = 0; a < blobs.size(); ++a) {
    EXPECT_EQ(atoms.positions()[a], blobs[a].r_A) << a;
    worst.add(std::fabs(atoms.real("support", a) - clean.real("support", a)));
  }
  EXPECT_TRUE(worst.within(0.01));
  o.min_fraction = 1.0;
  EXPECT_THROW(projection_support(atoms, s, o), Error);
}

TEST(ProjectionSupport, FloorZeroKeepsAnAtomWithANegativeAmplitude) {
  // A site where the images hold a dip (a blob of amplitude -0.5, as a
  // background over-subtracted beside the particle would leave): with the
  // default floor (0: none removed) it stays and its column reads the dip
  // (about -0.5 of the Pd median 1.0, to 0.05); a floor of half removes it.
  auto blobs = test::toy_particle();
  const Vec3 dip(6.5, -6.0, 5.5);
  blobs.push_back({dip, -0.5, blobs[0].sigma_A});
  const TiltSeries s = test::project_blobs(64, 64, 0.4, test::tilt_range(-60, 60, 6), blobs);
  AtomModel atoms;
  for (std::size_t a = 0; a + 1 < blobs.size(); ++a) atoms.add_atom("Pd", blobs[a].r_A);
  atoms.add_atom("Pd", dip);
  AtomModel kept = atoms;
  const ProjectionSupportReport rep = projection_support(kept, s);
  EXPECT_EQ(rep.removed, 0u);
  ASSERT_EQ(kept.size(), blobs.size());
  const double at_dip = kept.real("support", blobs.size() - 1);
  std::printf("dip: support %.4f\n", at_dip);
  EXPECT_TRUE(std::fabs(at_dip + 0.5) <= 0.05) << at_dip;
  ProjectionSupportOptions o;
  o.min_fraction = 0.5;
  EXPECT_EQ(projection_support(atoms, s, o).removed, 1u);
  EXPECT_EQ(atoms.size(), blobs.size() - 1);
}

TEST(ProjectionSupport, SameColumnWithAnyThreadCount) {
  // The images' normal equations are summed in image order, so the thread
  // count cannot change a bit of the support column.
  const auto blobs = test::toy_particle();
  const TiltSeries s = test::project_blobs(64, 64, 0.4, test::tilt_range(-60, 60, 6), blobs);
  AtomModel one;
  for (const auto& b : blobs) one.add_atom("Pd", b.r_A + Vec3(0.05, -0.03, 0.02));
  AtomModel four = one;
  const ProjectionSupportReport r1 = test::with_threads(1, [&] { return projection_support(one, s); });
  const ProjectionSupportReport r4 = test::with_threads(4, [&] { return projection_support(four, s); });
  for (std::size_t a = 0; a < blobs.size(); ++a)
    EXPECT_TRUE(one.real("support", a) == four.real("support", a)) << "atom " << a;
  EXPECT_TRUE(r1.relative_residual == r4.relative_residual);
}

TEST(ProjectionSupport, BadInput) {
  const TiltSeries s = test::project_blobs(16, 16, 0.4, TiltGeometry::from_tilts({-10, 0, 10}), test::toy_particle());
  AtomModel none;
  EXPECT_THROW(projection_support(none, s), Error);
  AtomModel unknown;
  unknown.add_atom("Xx", Vec3::Zero());
  EXPECT_THROW(projection_support(unknown, s), Error);
  AtomModel one;
  one.add_atom("Pd", Vec3::Zero());
  ProjectionSupportOptions o;
  o.rounds = 0;
  EXPECT_THROW(projection_support(one, s, o), Error);
  // Images without signal, and an atom outside every image (amplitude 0).
  const TiltSeries blank(16, 16, 0.4, TiltGeometry::from_tilts({-10, 0, 10}));
  EXPECT_THROW(projection_support(one, blank), Error);
  AtomModel outside;
  outside.add_atom("Pd", Vec3(40.0, 0.0, 0.0));
  EXPECT_THROW(projection_support(outside, s), Error);
}

}  // namespace
}  // namespace aet::tracing
