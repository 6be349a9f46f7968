#pragma once
// HDF5 files in the EMD 1.0 layout (https://emdatasets.com/format/), so that
// py4DSTEM, tomviz, HyperSpy and h5py users can open them:
//   root attributes version_major=1, version_minor=0 (int32);
//   /data/<name>/ group with attribute emd_group_type=1 (int32), holding
//     data            the array (C order, first axis slowest),
//     dim1..dimN      one 1D dataset per array dimension (dimK for axis K),
//                     with string attributes `name` and `units`.
// Each object also has a string attribute `aetbench_type` (volume,
// tilt_series, atom_model) and its metadata as string attributes of a
// `metadata` subgroup; the file's own metadata are string attributes of the
// root group /metadata. Dims as tomviz and HyperSpy read them: lengths in
// nanometres (units "[n_m]"), angles in degrees ("[deg]"); the exact sizes in
// Å are the voxel_A / pixel_A attributes.
//   volume:      data (nz, ny, nx) float32; dim1..3 z, y, x: float64 voxel
//                centres (k - n/2) * voxel in nm; group attribute voxel_A (float64).
//   tilt_series: data (nt, ny, nx) float32; dim1 "angle" = the tilt angles in
//                [deg]; dim2, dim3 y, x in nm as above; group attribute pixel_A;
//                euler_deg (nt, 3) float64 ZYZ; has_euler (nt) int8 0/1;
//                shifts_px (nt, 2) float64 (x, y) in pixels.
//   atom_model:  data = positions (N, 3) float64 in Å; dim1 "atom" and dim2
//                "x, y, z", int64 indices; species (N) strings;
//                columns/<name> (N, components): float64 (R), int64 (I),
//                int8 0/1 (L) or strings (S), with attributes `type` (the
//                letter) and `index` (int32, the column's position in the model).
// Strings are fixed-length, NUL-padded UTF-8 (what h5py writes for numpy
// bytes); the reader also takes variable-length strings. Files use the HDF5
// 1.8 format (long metadata values need it) and store no timestamps: the same
// input gives the same bytes.
//
// Reading checks that dims match the data shape and are evenly spaced, that
// the voxel/pixel size (voxel_A / pixel_A, else the dim spacing; the
// attribute is what a one-sample axis relies on) is positive and finite and
// agrees with the dims, and that positions are finite.
#include <filesystem>
#include <span>
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

/// Writes atomically (a failure leaves `path` as it was). Object names must
/// be unique across the three maps, non-empty and without '/'.
void write_emd(const std::filesystem::path& path, const EmdFile& file);
/// Reads every object it recognises; EMD groups from other programs without
/// `aetbench_type` (emd_group_type = 1, 3D or 2D integer or float data) are
/// read as tilt series when their dim1 is in angle units (tomviz's "[deg]",
/// HyperSpy's "[d_e_g]", radians), else as float volumes, 2D data as nz = 1,
/// with lengths in Å, nm ("[n_m]"), pm or m (other units are taken as Å);
/// such dims may also be (n, 1) or HyperSpy's two values (offset, offset + step). Other groups are skipped. A
/// file with nothing recognised, and any HDF5 fault, is an aet::Error naming
/// the file and the object. HDF5 prints nothing.
EmdFile read_emd(const std::filesystem::path& path);
/// The same, from a file's bytes in memory (HDF5's core driver). `name` is
/// used in error messages.
EmdFile parse_emd(std::span<const std::byte> bytes, const std::string& name);

/// Turns off HDF5's own printing of its error stack for the whole process
/// (readers and writers report HDF5 faults as aet::Error, one line; the
/// library would add a dozen lines of its own, also from its cleanup at exit).
void silence_hdf5_errors();

}  // namespace aet
