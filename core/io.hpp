#pragma once
// File kinds by extension, and loaders that accept every format a value can
// come in. Used at the CLI boundary.
#include <filesystem>
#include <optional>
#include <string>

#include "core/atom_model.hpp"
#include "core/tilt_series.hpp"
#include "core/volume.hpp"

namespace aet {

enum class FileKind { Mrc, Tlt, Xyz, Hdf5 };

/// .mrc .mrcs .st .ali .rec .map → Mrc; .tlt .rawtlt .mdoc → Tlt; .xyz .extxyz → Xyz;
/// .h5 .hdf5 .emd → Hdf5. Anything else is an aet::Error.
FileKind file_kind(const std::filesystem::path& path);
std::string to_string(FileKind kind);

/// The angles beside an MRC file: its .tlt (same stem), else IMOD's .rawtlt, else
/// SerialEM's NAME.mrc.mdoc or NAME.mdoc, if any exists.
std::optional<std::filesystem::path> sibling_tlt(const std::filesystem::path& mrc);

AtomModel load_atom_model(const std::filesystem::path& path);
void save_atom_model(const std::filesystem::path& path, const AtomModel& model);
Volume load_volume(const std::filesystem::path& path, std::optional<double> voxel_A = {});
void save_volume(const std::filesystem::path& path, const Volume& volume);
/// From an MRC stack (angles from `tlt`, or the sibling .tlt) or an HDF5 file.
TiltSeries load_tilt_series(const std::filesystem::path& path,
                            std::optional<std::filesystem::path> tlt = {},
                            std::optional<double> pixel_A = {});
/// MRC: writes path and the sibling .tlt; HDF5: one tilt_series object.
void save_tilt_series(const std::filesystem::path& path, const TiltSeries& series);

}  // namespace aet
