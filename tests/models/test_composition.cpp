#include "models/composition.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "models/columns.hpp"
#include "models/particle.hpp"
#include "models_test_util.hpp"
#include "test_util.hpp"

namespace aet::models {
namespace {

TEST(Composition, SymmetricProfilesHaveTheRequestedWidth) {
  // Erf and logistic: p(-w/2) = 0.95, p(0) = 0.5, p(w/2) = 0.05 exactly (to
  // rounding), for the paper's 4.2 Å and the extremes tested on presets.
  for (auto profile : {InterfaceProfile::Erf, InterfaceProfile::Logistic})
    for (double w : {2.0, 4.2, 8.0}) {
      CompositionConfig c;
      c.profile = profile;
      c.interface_width_A = w;
      EXPECT_TRUE(test::near(pd_probability(c, -w / 2), 0.95, 1e-12)) << to_string(profile) << " " << w;
      EXPECT_TRUE(test::near(pd_probability(c, 0.0), 0.5, 1e-12));
      EXPECT_TRUE(test::near(pd_probability(c, w / 2), 0.05, 1e-12));
      EXPECT_GT(pd_probability(c, -30.0), 1.0 - 1e-9);
      EXPECT_LT(pd_probability(c, 30.0), 1e-9);
    }
}

TEST(Composition, TwoStepProfileDropsFastThenSlowly) {
  CompositionConfig c;
  c.profile = InterfaceProfile::TwoStep;
  // The paper: fast drop from -1.2 to 0.8 Å, then a slow tail; 5-95 % = w.
  EXPECT_TRUE(test::near(pd_probability(c, -1.2), 0.95, 1e-12));
  EXPECT_TRUE(test::near(pd_probability(c, 0.8), 0.3, 1e-12));
  EXPECT_TRUE(test::near(pd_probability(c, -1.2 + 4.2), 0.05, 1e-12));
  double prev = 1.0;
  for (double s = -10.0; s <= 10.0; s += 0.01) {
    const double p = pd_probability(c, s);
    EXPECT_LE(p, prev + 1e-15) << s;  // monotone
    prev = p;
  }
  // Mean slopes: the fast part (0.95 - 0.3) / 2 Å = 0.325 /Å, the tail
  // (0.3 - 0.05) / 2.2 Å = 0.114 /Å.
  const double fast = (pd_probability(c, -1.2) - pd_probability(c, 0.8)) / 2.0;
  const double tail = (pd_probability(c, 0.8) - pd_probability(c, 3.0)) / 2.2;
  EXPECT_GT(fast, 2.5 * tail);
}

TEST(Composition, BadParametersAreOneLineErrors) {
  const auto expect_error = [](CompositionConfig c) {
    try {
      c.validate();
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
  };
  CompositionConfig c;
  c.interface_width_A = -4.2;
  expect_error(c);
  c.interface_width_A = 0.0;
  expect_error(c);
  c = {};
  c.isolated_pd_fraction = 1.0;
  expect_error(c);
  c = {};
  c.isolated_layer_A = -1.0;
  expect_error(c);
  c = {};
  c.profile = InterfaceProfile::TwoStep;
  c.interface_width_A = 1.5;  // ends before the knee at 0.8 Å
  expect_error(c);
  EXPECT_THROW(interface_profile_from_string("sigmoid"), Error);
  EXPECT_EQ(interface_profile_from_string("two-step"), InterfaceProfile::TwoStep);
}

ParticleConfig small_config() {
  ParticleConfig c;
  c.shape = TruncatedOctahedronShape{{16.0, 17.0}, {9.0, 10.0}};
  c.euler_deg = std::array<double, 3>{0.0, 0.0, 0.0};
  return c;
}

TEST(Composition, IsolatedFlagsAreStructural) {
  // Many isolated atoms, to exercise the flags: every flagged atom is a
  // minority atom with no neighbour of its species, and every such atom is
  // flagged.
  ParticleConfig c = small_config();
  c.composition.isolated_pd_fraction = 0.05;
  c.composition.isolated_pt_fraction = 0.02;
  const AtomModel m = build_particle(c, 11u);
  const auto nb = test::neighbours(m.positions());
  const std::string iso(columns::kIsolated), s(columns::kInterfaceDistance);
  std::size_t pd = 0, pt = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    const bool is_pd = m.species()[i] == "Pd";
    bool alone = true;
    for (auto j : nb[i]) alone = alone && m.species()[j] != m.species()[i];
    const bool minority = is_pd ? m.real(s, i) > 0.0 : m.real(s, i) < 0.0;
    EXPECT_EQ(m.integer(iso, i), (alone && minority) ? 1 : 0) << i;
    if (m.integer(iso, i)) (is_pd ? pd : pt) += 1;
  }
  EXPECT_GT(pd, 10u);
  EXPECT_GT(pt, 0u);
  EXPECT_GE(pd, std::size_t(m.metadata().get_int("model_isolated_pd_placed")));
}

TEST(Composition, IsolatedPdStayWithinTheLayer) {
  // Beyond the profile (p < 1e-9 past 6 Å for w = 4.2) Pd comes only from the
  // isolated step, confined to s <= isolated_layer_A.
  ParticleConfig c = small_config();
  c.composition.isolated_pd_fraction = 0.2;
  c.composition.isolated_layer_A = 4.0;
  const AtomModel m = build_particle(c, 3u);
  const std::string s(columns::kInterfaceDistance);
  std::size_t beyond = 0, in_layer_tail = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m.species()[i] != "Pd") continue;
    beyond += m.real(s, i) > 6.5;
    in_layer_tail += (m.real(s, i) > 3.0 && m.real(s, i) <= 4.0);
  }
  EXPECT_EQ(beyond, 0u);
  EXPECT_GT(in_layer_tail, 0u);
}

}  // namespace
}  // namespace aet::models
