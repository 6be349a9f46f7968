#pragma once
// MRC2014 files (https://www.ccpem.ac.uk/mrc_format/mrc2014.php).
// Reads modes 0 (int8), 1 (int16), 2 (float32), 6 (uint16) and 12 (float16),
// either byte order (from the machine stamp); writes mode 2, little-endian.
// The header is validated (MAP tag, machine stamp, mode, dimensions against
// the file size, extended header NSYMBT) and any fault is an aet::Error that
// names the file and the fault.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/metadata.hpp"
#include "core/tilt_series.hpp"
#include "core/volume.hpp"

namespace aet {

/// The contents of an MRC file: nz sections of (ny, nx) floats, x fastest.
struct MrcData {
  int nx = 0, ny = 0, nz = 0;
  int mode = 2;  ///< mode the data had on disk
  int ispg = 0;  ///< space group: 0 for an image stack, 1 for a volume
  /// Voxel size in Å from the header (cella.x / mx); absent when the header holds none.
  std::optional<double> voxel_A;
  std::vector<float> data;
  /// Key=value pairs carried in the header's labels (written by aetbench).
  Metadata metadata;
};

/// Parses an MRC file held in memory. `name` is used in error messages.
MrcData parse_mrc(std::span<const std::byte> bytes, const std::string& name);
MrcData read_mrc(const std::filesystem::path& path);
/// Writes mode 2 little-endian, atomically. Metadata go into the labels
/// (as many "key=value" as fit in nine 80-character labels).
void write_mrc(const std::filesystem::path& path, const MrcData& mrc);

/// A volume from an MRC file; `voxel_A` overrides the header's voxel size
/// (needed when the header has none).
Volume read_mrc_volume(const std::filesystem::path& path, std::optional<double> voxel_A = {});
void write_mrc_volume(const std::filesystem::path& path, const Volume& volume);

/// A tilt series from an MRC stack and its .tlt angles (one per section).
TiltSeries read_mrc_tilt_series(const std::filesystem::path& mrc, const std::filesystem::path& tlt,
                                std::optional<double> pixel_A = {});
/// Writes the images to `mrc` and the tilt angles to `tlt` (both atomic).
/// Euler angles and shifts do not fit these formats: use HDF5 for them.
void write_mrc_tilt_series(const std::filesystem::path& mrc, const std::filesystem::path& tlt,
                           const TiltSeries& series);

}  // namespace aet
