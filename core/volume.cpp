#include "core/volume.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace aet {

void check_shape(const char* what, std::initializer_list<long long> dims) {
  long double total = 1;
  for (long long d : dims) {
    if (d <= 0) throw Error(fmt::format("{}: dimension {} is not positive", what, d));
    total *= static_cast<long double>(d);
  }
  if (total > static_cast<long double>(kMaxElements))
    throw Error(fmt::format("{}: {} elements is an absurd size (limit {})", what,
                            static_cast<double>(total), kMaxElements));
}

namespace {
void check_voxel(double voxel_A) {
  if (!(voxel_A > 0.0) || !std::isfinite(voxel_A))
    throw Error(fmt::format("volume: voxel size {} Å is not a positive number", voxel_A));
}
}  // namespace

Volume::Volume(const VolumeGeometry& geometry) : geometry_(geometry) {
  check_shape("volume", {geometry.nz, geometry.ny, geometry.nx});
  check_voxel(geometry.voxel_A);
  data_.assign(geometry.size(), 0.0f);
}

Volume::Volume(const VolumeGeometry& geometry, std::vector<float> data)
    : geometry_(geometry), data_(std::move(data)) {
  check_shape("volume", {geometry.nz, geometry.ny, geometry.nx});
  check_voxel(geometry.voxel_A);
  if (data_.size() != geometry.size())
    throw Error(fmt::format("volume: {} values for a {}x{}x{} grid", data_.size(), geometry.nz,
                            geometry.ny, geometry.nx));
}

}  // namespace aet
