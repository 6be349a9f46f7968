#pragma once
// A tilt series: nt images of shape (ny, nx), x fastest, image k at
// data[k*ny*nx ...], with per-image geometry (tilt angle, optional Euler
// angles and shifts), pixel size in Å and free metadata (dose, kV, ...).
#include <span>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "core/metadata.hpp"

namespace aet {

class TiltSeries {
 public:
  TiltSeries() = default;
  /// Zero images at the given angles. Throws aet::Error on bad sizes.
  TiltSeries(int ny, int nx, double pixel_A, TiltGeometry geometry);
  TiltSeries(int ny, int nx, double pixel_A, TiltGeometry geometry, std::vector<float> data);

  int nt() const { return static_cast<int>(geometry_.size()); }
  int ny() const { return ny_; }
  int nx() const { return nx_; }
  double pixel_A() const { return pixel_A_; }
  std::size_t image_size() const { return std::size_t(ny_) * std::size_t(nx_); }

  std::span<float> image(int k) { return {data_.data() + k * image_size(), image_size()}; }
  std::span<const float> image(int k) const { return {data_.data() + k * image_size(), image_size()}; }
  float& at(int k, int i, int j) { return data_[k * image_size() + std::size_t(i) * nx_ + j]; }
  float at(int k, int i, int j) const { return data_[k * image_size() + std::size_t(i) * nx_ + j]; }

  std::vector<float>& data() { return data_; }
  const std::vector<float>& data() const { return data_; }
  TiltGeometry& geometry() { return geometry_; }
  const TiltGeometry& geometry() const { return geometry_; }
  Metadata& metadata() { return metadata_; }
  const Metadata& metadata() const { return metadata_; }

 private:
  int ny_ = 0, nx_ = 0;
  double pixel_A_ = 1.0;
  TiltGeometry geometry_;
  std::vector<float> data_;
  Metadata metadata_;
};

/// Throws aet::Error naming `what` unless the series makes sense as an
/// acquisition for reconstruction: every tilt within ±90°; with
/// `frames_per_tilt` F, each run of F images at one angle (F frames of one
/// tilt); and no two tilts at the same angle (unless images carry Euler
/// angles, as a dual-axis series does). `option` names the frames option in
/// the message.
void check_acquisition(const TiltSeries& series, int frames_per_tilt, const std::string& what,
                       const std::string& option = "--frames-per-tilt");

}  // namespace aet
