// The general minimisers: Nelder-Mead and Levenberg-Marquardt on problems
// with known minima.
#include "core/optimize.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace aet {
namespace {

TEST(NelderMead, FindsTheRosenbrockMinimum) {
  const auto rosenbrock = [](const std::vector<double>& x) {
    return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
  };
  std::vector<double> x{-1.2, 1.0};
  const double f = nelder_mead_minimum(rosenbrock, x, {0.5, 0.5}, 5000);
  // Minimum 0 at (1, 1); the stopping rule (values agreeing to 1e-10) leaves
  // the argument within ~1e-4 along the curved valley.
  EXPECT_LE(f, 1e-8);
  EXPECT_LE(std::fabs(x[0] - 1), 1e-3);
  EXPECT_LE(std::fabs(x[1] - 1), 1e-3);
}

TEST(LevenbergMarquardt, FitsAnExponentialExactly) {
  // y = 2 exp(-0.5 t) sampled without noise: the fit returns (2, 0.5).
  std::vector<double> t, y;
  for (int i = 0; i < 20; ++i) t.push_back(0.25 * i), y.push_back(2.0 * std::exp(-0.5 * 0.25 * i));
  Eigen::Matrix<double, 2, 1> p(1.0, 1.0);
  levenberg_marquardt<2>(p, Eigen::Index(t.size()),
                         [&](const Eigen::Matrix<double, 2, 1>& q, Eigen::VectorXd& r, Eigen::MatrixXd* j) {
                           for (std::size_t i = 0; i < t.size(); ++i) {
                             const double e = std::exp(-q[1] * t[i]);
                             r[Eigen::Index(i)] = q[0] * e - y[i];
                             if (j) {
                               (*j)(Eigen::Index(i), 0) = e;
                               (*j)(Eigen::Index(i), 1) = -q[0] * t[i] * e;
                             }
                           }
                         });
  // Stops once a step is below 1e-6: the parameters are that close.
  EXPECT_LE(std::fabs(p[0] - 2.0), 1e-5);
  EXPECT_LE(std::fabs(p[1] - 0.5), 1e-5);
}

}  // namespace
}  // namespace aet
