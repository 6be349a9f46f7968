#pragma once
// Free key/value metadata carried by every value that flows (dose, kV, seed,
// R-factor history...). Values are stored as text so every file format can
// carry them unchanged; typed setters/getters format and parse numbers.
// Keys are kept sorted so that outputs are byte-for-byte deterministic.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace aet {

class Metadata {
 public:
  void set(const std::string& key, const std::string& value);
  void set(const std::string& key, const char* value) { set(key, std::string(value)); }
  void set(const std::string& key, double value);
  void set(const std::string& key, std::int64_t value);
  void set(const std::string& key, int value) { set(key, static_cast<std::int64_t>(value)); }
  void set(const std::string& key, std::uint64_t value);
  /// A list of numbers, stored as comma-separated text ("0.1,0.05,...").
  void set(const std::string& key, const std::vector<double>& values);

  bool contains(const std::string& key) const { return entries_.count(key) != 0; }
  std::optional<std::string> get(const std::string& key) const;
  /// Throws aet::Error naming the key when it is absent or not a number.
  double get_double(const std::string& key) const;
  std::int64_t get_int(const std::string& key) const;
  std::vector<double> get_doubles(const std::string& key) const;

  void erase(const std::string& key) { entries_.erase(key); }
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  /// Copies every entry of `other` over this one's.
  void merge(const Metadata& other);

  const std::map<std::string, std::string>& entries() const { return entries_; }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  bool operator==(const Metadata&) const = default;

 private:
  std::map<std::string, std::string> entries_;
};

/// Shortest text that reads back to exactly the same double ("%.17g" trimmed).
std::string format_double(double value);

}  // namespace aet
