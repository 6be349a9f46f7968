#pragma once
// Shared test helpers: where the project's data lives, a scratch folder per
// test, and NaN-safe comparisons (`!(x <= tol)` so that NaN fails).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
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

}  // namespace aet::test
