#pragma once
// Runs a call with a given OpenMP thread count and puts the count back
// afterwards, a throw included: the determinism tests compare one thread
// with several, and a count left changed would leak into later tests.
#include <omp.h>

#include <utility>

namespace aet::test {

template <class F>
auto with_threads(int threads, F&& f) {
  struct Restore {
    int before;
    ~Restore() { omp_set_num_threads(before); }
  } restore{omp_get_max_threads()};
  omp_set_num_threads(threads);
  return std::forward<F>(f)();
}

}  // namespace aet::test
