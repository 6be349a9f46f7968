#pragma once
// General minimisers shared by the layers: Nelder-Mead (derivative-free) and
// Levenberg-Marquardt (least squares with a Jacobian).
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <functional>
#include <vector>

namespace aet {

/// Nelder-Mead simplex minimisation of f from x: the start simplex is x and
/// x + step[i] e_i; reflection 1, expansion 2, contraction 1/2, shrink 1/2;
/// stops when the simplex's values agree to 1e-10 (relative) or after about
/// `max_evals` evaluations. Returns the minimum and leaves its argument in x.
double nelder_mead_minimum(const std::function<double(const std::vector<double>&)>& f, std::vector<double>& x,
                           const std::vector<double>& step, int max_evals);

/// Levenberg-Marquardt options: the damping starts at `lambda`, is divided
/// by 3 after an accepted step (floor 1e-9) and multiplied by 4 after a
/// rejected one; stops after `max_iterations`, after an accepted step shorter
/// than `min_step`, or when the damping passes `max_lambda`.
struct LevenbergMarquardtOptions {
  int max_iterations = 50;
  double lambda = 1e-3;
  double min_step = 1e-6;
  double max_lambda = 1e8;
};

/// Least squares min |r(p)|^2 by Levenberg-Marquardt with Marquardt's
/// scaling (J'J + lambda diag(J'J)) p = -J'r. `residuals(p, r, J)` fills the
/// residual vector r (size n, preset by the caller's `n`) and, when J is not
/// null, the n x N Jacobian. p is the start and is left at the last accepted
/// point. N fixed: the small normal equations stay fixed-size Eigen types.
template <int N, class Residuals>
void levenberg_marquardt(Eigen::Matrix<double, N, 1>& p, Eigen::Index n, Residuals&& residuals,
                         const LevenbergMarquardtOptions& o = {}) {
  double lambda = o.lambda;
  Eigen::VectorXd res(n), trial_res(n);
  Eigen::MatrixXd jac(n, N);
  residuals(p, res, &jac);
  double cost = res.squaredNorm();
  for (int it = 0; it < o.max_iterations; ++it) {
    const Eigen::Matrix<double, N, N> jtj = jac.transpose() * jac;
    const Eigen::Matrix<double, N, 1> jtr = jac.transpose() * res;
    Eigen::Matrix<double, N, N> damped = jtj;
    damped.diagonal() += lambda * jtj.diagonal().cwiseMax(1e-12);
    const Eigen::Matrix<double, N, 1> step = damped.ldlt().solve(-jtr);
    const Eigen::Matrix<double, N, 1> trial = p + step;
    residuals(trial, trial_res, nullptr);
    const double trial_cost = trial_res.squaredNorm();
    if (trial_cost < cost) {
      p = trial;
      cost = trial_cost;
      lambda = std::max(lambda / 3, 1e-9);
      residuals(p, res, &jac);
      if (step.norm() < o.min_step) break;
    } else {
      lambda *= 4;
      if (lambda > o.max_lambda) break;
    }
  }
}

}  // namespace aet
