#pragma once
// Wall time of consecutive stages: lap(name) records the time since the
// last lap (or since construction or restart) under that name.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace aet {

class StageTimer {
 public:
  using Seconds = std::vector<std::pair<std::string, double>>;
  explicit StageTimer(Seconds& out) : out_(out), t0_(Clock::now()) {}
  void lap(std::string stage) {
    const auto t1 = Clock::now();
    out_.emplace_back(std::move(stage), std::chrono::duration<double>(t1 - t0_).count());
    t0_ = t1;
  }
  /// Time from now on counts towards the next lap (what came between is not a stage).
  void restart() { t0_ = Clock::now(); }

 private:
  using Clock = std::chrono::steady_clock;
  Seconds& out_;
  Clock::time_point t0_;
};

}  // namespace aet
