#pragma once
// Small order statistics shared by every layer.
#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace aet {

/// The median of v: the element of rank n/2 (the upper median when n is
/// even, no averaging), by std::nth_element on the copy. NaN when empty.
template <class T>
T median(std::vector<T> v) {
  if (v.empty()) return std::numeric_limits<T>::quiet_NaN();
  const auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

}  // namespace aet
