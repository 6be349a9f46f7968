#include "models/presets.hpp"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "core/error.hpp"
#include "core/xyz.hpp"
#include "models/columns.hpp"
#include "models_test_util.hpp"
#include "test_util.hpp"

namespace aet::models {
namespace {

TEST(Presets, CountsWithinFivePercentOfThePaper) {
  // The table (Li et al.): atoms, Pd and Pt within 5 %. Atom counts
  // do not depend on the seed; Pd counts do (binomial sd ~ sqrt(sum p(1-p))
  // ~ 20, i.e. ~1 %), so two seeds are tried.
  for (const auto& name : preset_names())
    for (std::uint32_t seed : {1u, 2u}) {
      const auto target = preset_target(name);
      const AtomModel m = build_particle(preset(name), seed);
      const auto within = [&](std::size_t got, std::size_t want, const char* what) {
        EXPECT_LE(std::fabs(double(got) / double(want) - 1.0), 0.05)
            << name << " " << what << ": " << got << " vs " << want;
      };
      within(m.size(), target.atoms, "atoms");
      within(m.count("Pd"), target.pd, "Pd");
      within(m.count("Pt"), target.pt, "Pt");
      EXPECT_EQ(m.count("Pd") + m.count("Pt"), m.size());
    }
  EXPECT_THROW(preset("cube"), Error);
}

TEST(Presets, GrainsAndAxis) {
  for (const auto& name : preset_names()) {
    const AtomModel m = build_particle(preset(name), 5u);
    std::map<std::int64_t, std::size_t> grains;
    std::size_t axis = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
      ++grains[m.integer(std::string(columns::kGrain), i)];
      axis += m.integer(std::string(columns::kFivefoldAxis), i) != 0;
    }
    if (name == "to") {
      EXPECT_EQ(grains.size(), 1u);
      EXPECT_EQ(axis, 0u);
    } else {
      EXPECT_EQ(grains.size(), 6u) << name;  // five grains and the axis (-1)
      EXPECT_GT(axis, 10u);
      // The axis atoms are collinear: one five-fold axis. Their scatter about
      // the best line is rounding only.
      Vec3 c = Vec3::Zero();
      std::vector<Vec3> pts;
      for (std::size_t i = 0; i < m.size(); ++i)
        if (m.integer(std::string(columns::kFivefoldAxis), i)) pts.push_back(m.positions()[i]);
      for (const auto& p : pts) c += p;
      c /= double(pts.size());
      Mat3 cov = Mat3::Zero();
      for (const auto& p : pts) cov += (p - c) * (p - c).transpose();
      Eigen::SelfAdjointEigenSolver<Mat3> es(cov);
      EXPECT_LT(es.eigenvalues()[1] / double(pts.size()), 1e-10) << name;
    }
  }
}

std::string xyz_bytes(const AtomModel& m, const test::TempDir& dir, const std::string& name) {
  write_xyz(dir / name, m);
  return test::read_text(dir / name);
}

TEST(Presets, SameSeedSameBytes) {
  test::TempDir dir;
  ParticleConfig c = preset("epb");
  c.thermal_sigma_A = 0.05;  // draws from the generator too
  const std::string a = xyz_bytes(build_particle(c, 42u), dir, "a.xyz");
  const std::string b = xyz_bytes(build_particle(c, 42u), dir, "b.xyz");
  const std::string other = xyz_bytes(build_particle(c, 43u), dir, "c.xyz");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other);
  EXPECT_NE(a.find("seed=42"), std::string::npos);
  EXPECT_NE(a.find("strain:R:6"), std::string::npos);  // extra columns declared
}

/// Inverse of the standard normal upper tail: z with erfc(z / sqrt2) / 2 = q.
double upper_quantile(double q) {
  double lo = -10.0, hi = 10.0;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(mid / std::sqrt(2.0)) > q ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

/// Independent width estimator: Pd fraction in 0.1 Å bins of the true
/// interface distance; in probit space an erf profile is the line
/// z = s / sigma, fitted by weighted least squares over bins with
/// 3 % < fraction < 97 % (weights: the binomial information n phi(z)^2 /
/// (f (1 - f))); the 95 % and 5 % crossings of the fitted line give the width.
double measured_width(const AtomModel& m) {
  std::map<long, std::pair<double, double>> bins;  // key -> (atoms, Pd)
  const std::string s(columns::kInterfaceDistance);
  for (std::size_t i = 0; i < m.size(); ++i) {
    auto& b = bins[std::lround(m.real(s, i) / 0.1)];
    b.first += 1;
    b.second += m.species()[i] == "Pd";
  }
  double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  int used = 0;
  for (const auto& [key, b] : bins) {
    const double f = b.second / b.first;
    if (b.first < 30 || f <= 0.03 || f >= 0.97) continue;
    const double x = double(key) * 0.1, y = upper_quantile(f);
    const double phi = std::exp(-0.5 * y * y) / std::sqrt(2.0 * kPi);
    const double w = b.first * phi * phi / (f * (1.0 - f));
    sw += w, sx += w * x, sy += w * y, sxx += w * x * x, sxy += w * x * y;
    ++used;
  }
  if (used < 2) return std::nan("");
  const double slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
  const double icpt = (sy - slope * sx) / sw;
  const auto crossing = [&](double p) { return (upper_quantile(p) - icpt) / slope; };
  return crossing(0.05) - crossing(0.95);
}

TEST(Presets, InterfaceWidthMeasuredOnTheTruth) {
  // The issue: within 0.3 Å of the requested width for 2, 4.2 and 8 Å.
  for (const auto& name : preset_names())
    for (double w : {2.0, 4.2, 8.0}) {
      ParticleConfig c = preset(name);
      c.composition.interface_width_A = w;
      const double got = measured_width(build_particle(c, 7u));
      EXPECT_TRUE(test::near(got, w, 0.3)) << name << " width " << w;
      std::printf("%s width %g measured %.3f\n", name.c_str(), w, got);
    }
}

/// Size and shape of a model: sorted principal standard deviations (Å).
Vec3 principal_sd(const std::vector<Vec3>& pts) {
  Vec3 c = Vec3::Zero();
  for (const auto& p : pts) c += p;
  c /= double(pts.size());
  Mat3 cov = Mat3::Zero();
  for (const auto& p : pts) cov += (p - c) * (p - c).transpose();
  Eigen::SelfAdjointEigenSolver<Mat3> es(cov / double(pts.size()));
  return es.eigenvalues().cwiseSqrt();
}

std::vector<Vec3> of_species(const AtomModel& m, const std::string& sp) {
  std::vector<Vec3> out;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m.species()[i] == sp) out.push_back(m.positions()[i]);
  return out;
}

std::size_t isolated_pd(const AtomModel& m) {
  const auto nb = test::neighbours(m.positions(), 3.35);  // the paper's first-shell cutoff
  std::size_t n = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m.species()[i] != "Pd") continue;
    bool alone = true;
    for (auto j : nb[i]) alone = alone && m.species()[j] == "Pt";
    n += alone;
  }
  return n;
}

TEST(Presets, CloseToThePublishedModels) {
  // Compared with the published experimental models (data/reference):
  // principal extents (sd along the principal axes) of the particle within
  // 10 % (the presets are ideal polyhedra, the real particles rounded and
  // asymmetric: measured differences are up to 9 %, TO's smallest axis), of
  // the Pd core within 12 % (the EPB's immature core is flattened across,
  // 6.8 x 8.5 Å, where the preset's five equal core grains give 7.4 x 7.5 Å:
  // 11 % off), and isolated Pd atoms
  // (no Pd within 3.35 Å) within a factor of two (23 / 27 / 40 in the
  // references).
  const auto dir = test::data_dir() / "reference";
  for (const auto& [name, file] : std::map<std::string, std::string>{{"pb", "PB.xyz"}, {"epb", "EPB.xyz"}, {"to", "TO.xyz"}}) {
    const auto path = dir / file;
    AET_REQUIRE_DATA(path);
    const AtomModel ref = read_xyz(path);
    const AtomModel got = build_particle(preset(name), 1u);
    const Vec3 a = principal_sd(got.positions()), b = principal_sd(ref.positions());
    const Vec3 ac = principal_sd(of_species(got, "Pd")), bc = principal_sd(of_species(ref, "Pd"));
    for (int k = 0; k < 3; ++k) {
      EXPECT_LE(std::fabs(a[k] / b[k] - 1.0), 0.10) << name << " particle axis " << k << ": " << a[k] << " vs " << b[k];
      EXPECT_LE(std::fabs(ac[k] / bc[k] - 1.0), 0.12) << name << " core axis " << k << ": " << ac[k] << " vs " << bc[k];
    }
    const double ig = double(isolated_pd(got)), ir = double(isolated_pd(ref));
    std::printf("%s sd %.2f %.2f %.2f (ref %.2f %.2f %.2f) Pd sd %.2f %.2f %.2f (ref %.2f %.2f %.2f) isolated Pd %g (ref %g)\n",
                name.c_str(), a[0], a[1], a[2], b[0], b[1], b[2], ac[0], ac[1], ac[2], bc[0], bc[1], bc[2], ig, ir);
    EXPECT_LE(ig, 2.0 * ir) << name;
    EXPECT_GE(ig, 0.5 * ir) << name;
  }
}

}  // namespace
}  // namespace aet::models
