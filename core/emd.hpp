#pragma once
// HDF5 files in the EMD 1.0 layout (https://emdatasets.com/format/), so that
// py4DSTEM, tomviz and h5py users can open them:
//   root attributes version_major=1, version_minor=0;
//   /data/<name>/ group with attribute emd_group_type=1, holding
//     data            the array (C order),
//     dim1..dimN      one dataset per array dimension, with string
//                     attributes `name` and `units`.
// Each object also has an `aetbench_type` attribute (volume, tilt_series,
// atom_model) and its metadata as string attributes in a `metadata` subgroup.
//   volume:      data (nz, ny, nx) float32; dims z, y, x in Å.
//   tilt_series: data (nt, ny, nx) float32; dim1 tilt angle in deg, dims y, x
//                in Å; also euler_deg (nt, 3) and shifts_px (nt, 2), float64.
//   atom_model:  data = positions (N, 3) float64 in Å; dim1 atom index,
//                dim2 x/y/z; species (N) strings; columns/<name> (N, c).
#include <filesystem>
#include <map>
#include <string>

#include "core/atom_model.hpp"
#include "core/metadata.hpp"
#include "core/tilt_series.hpp"
#include "core/volume.hpp"

namespace aet {

/// Everything one EMD file holds, by object name (the group under /data).
struct EmdFile {
  Metadata metadata;  ///< file-wide metadata (root `metadata` group)
  std::map<std::string, Volume> volumes;
  std::map<std::string, TiltSeries> tilt_series;
  std::map<std::string, AtomModel> atom_models;
  bool empty() const { return volumes.empty() && tilt_series.empty() && atom_models.empty(); }
};

/// Writes atomically. Object names must be unique across the three maps.
void write_emd(const std::filesystem::path& path, const EmdFile& file);
/// Reads every object it recognises; EMD groups from other programs without
/// `aetbench_type` are read as volumes (2D data as nz = 1). Any HDF5 fault is
/// an aet::Error naming the file and the object.
EmdFile read_emd(const std::filesystem::path& path);

}  // namespace aet
