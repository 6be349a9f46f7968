#pragma once
// Shared test helpers: where the project's data lives, a scratch folder per
// test, and NaN-safe comparisons (`!(x <= tol)` so that NaN fails).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>

namespace aet::test {

namespace fs = std::filesystem;

/// The repository's data/ (tiny frame case, published reference models).
inline fs::path data_dir() { return fs::path(AET_DATA_DIR); }
inline fs::path bin_dir() { return fs::path(AET_BIN_DIR); }

/// Fails the test with a clear message when a data file is missing: the data
/// ships with the repository, so a missing file is a broken checkout.
#define AET_REQUIRE_DATA(path) ASSERT_TRUE(std::filesystem::exists(path)) << "data file missing: " << (path)

/// A fresh empty folder for one test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "aet";
    for (auto& c : name)
      if (c == '/') c = '_';
    path_ = fs::temp_directory_path() / ("aetbench-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  /// Files in the folder (to check that a failed write left nothing behind).
  std::size_t file_count() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(path_)) ++n;
    return n;
  }

 private:
  fs::path path_;
};

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// |a - b| <= tol, false for NaN.
inline ::testing::AssertionResult near(double a, double b, double tol) {
  if (std::fabs(a - b) <= tol) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " vs " << b << " (tolerance " << tol << ")";
}

/// The largest of a run of values (errors, mostly), NaN-sticky: once a NaN
/// is added the result stays NaN, so any bound on it fails
/// (a std::max accumulator drops NaN: std::max(0.0, NaN) is 0). Remembers
/// where the largest (or the first NaN) was. Empty, it is -infinity.
class Worst {
 public:
  /// Adds the next value; its index is the number of values added before it.
  void add(double x) { add(x, count_); }
  void add(double x, std::size_t index) {
    ++count_;
    if (std::isnan(value_)) return;
    if (!(x <= value_)) {
      value_ = x;
      index_ = index;
    }
  }
  double value() const { return value_; }
  /// Index of the largest value, or of the first NaN.
  std::size_t index() const { return index_; }
  std::size_t count() const { return count_; }
  /// value() <= tol, false for NaN and for no values at all, naming the
  /// element on failure.
  ::testing::AssertionResult within(double tol) const {
    if (count_ == 0) return ::testing::AssertionFailure() << "no values (tolerance " << tol << ")";
    if (value_ <= tol) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "worst " << value_ << " at element " << index_ << " of " << count_
                                         << " (tolerance " << tol << ")";
  }

 private:
  double value_ = -std::numeric_limits<double>::infinity();
  std::size_t index_ = 0, count_ = 0;
};

/// The worst |a[i] - b[i]| over two ranges of the same length (NaN-sticky).
template <class A, class B>
Worst max_abs_diff(const A& a, const B& b) {
  EXPECT_EQ(std::size(a), std::size(b));
  Worst w;
  auto ib = std::begin(b);
  for (auto ia = std::begin(a); ia != std::end(a) && ib != std::end(b); ++ia, ++ib)
    w.add(std::fabs(double(*ia) - double(*ib)));
  return w;
}

}  // namespace aet::test
