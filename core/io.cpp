#include "core/io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/emd.hpp"
#include "core/error.hpp"
#include "core/mrc.hpp"
#include "core/tlt.hpp"
#include "core/xyz.hpp"

namespace aet {

namespace fs = std::filesystem;

FileKind file_kind(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == ".mrc" || ext == ".mrcs" || ext == ".st" || ext == ".ali" || ext == ".rec" || ext == ".map")
    return FileKind::Mrc;
  if (ext == ".tlt" || ext == ".rawtlt" || ext == ".mdoc") return FileKind::Tlt;
  if (ext == ".xyz" || ext == ".extxyz") return FileKind::Xyz;
  if (ext == ".h5" || ext == ".hdf5" || ext == ".emd") return FileKind::Hdf5;
  throw Error(fmt::format("{}: unknown file type '{}' (expected .mrc, .tlt, .xyz or .h5)", path.string(), ext));
}

std::string to_string(FileKind kind) {
  switch (kind) {
    case FileKind::Mrc: return "MRC";
    case FileKind::Tlt: return "TLT";
    case FileKind::Xyz: return "XYZ";
    case FileKind::Hdf5: return "HDF5";
  }
  return "?";
}

std::optional<fs::path> sibling_tlt(const fs::path& mrc) {
  // IMOD keeps the nominal angles in .rawtlt and the aligned ones in .tlt:
  // the aligned ones first, the nominal ones when there are no others, then
  // SerialEM's record of the acquisition (it appends .mdoc to the whole name).
  fs::path with_mdoc = mrc;
  with_mdoc += ".mdoc";
  for (const fs::path& tlt : {fs::path(mrc).replace_extension(".tlt"), fs::path(mrc).replace_extension(".rawtlt"),
                              with_mdoc, fs::path(mrc).replace_extension(".mdoc")}) {
    std::error_code ec;
    if (fs::is_regular_file(tlt, ec)) return tlt;
  }
  return std::nullopt;
}

namespace {
template <class T>
T only_object(const fs::path& path, std::map<std::string, T>& objects, const char* what) {
  if (objects.empty()) throw Error(fmt::format("{}: holds no {}", path.string(), what));
  if (objects.size() > 1)
    throw Error(fmt::format("{}: holds {} {}s ({}, ...); convert one at a time", path.string(), objects.size(), what,
                            objects.begin()->first));
  return std::move(objects.begin()->second);
}

void wrong_kind(const fs::path& path, const char* what) {
  throw Error(fmt::format("{}: a {} file cannot hold {}", path.string(), to_string(file_kind(path)), what));
}
}  // namespace

AtomModel load_atom_model(const fs::path& path) {
  switch (file_kind(path)) {
    case FileKind::Xyz: return read_xyz(path);
    case FileKind::Hdf5: {
      EmdFile f = read_emd(path);
      return only_object(path, f.atom_models, "atom model");
    }
    default: wrong_kind(path, "an atom model");
  }
  return {};
}

void save_atom_model(const fs::path& path, const AtomModel& model) {
  switch (file_kind(path)) {
    case FileKind::Xyz: write_xyz(path, model); return;
    case FileKind::Hdf5: {
      EmdFile f;
      f.atom_models.emplace("atoms", model);
      write_emd(path, f);
      return;
    }
    default: wrong_kind(path, "an atom model");
  }
}

Volume load_volume(const fs::path& path, std::optional<double> voxel_A) {
  switch (file_kind(path)) {
    case FileKind::Mrc: return read_mrc_volume(path, voxel_A);
    case FileKind::Hdf5: {
      EmdFile f = read_emd(path);
      return only_object(path, f.volumes, "volume");
    }
    default: wrong_kind(path, "a volume");
  }
  return {};
}

void save_volume(const fs::path& path, const Volume& volume) {
  switch (file_kind(path)) {
    case FileKind::Mrc: write_mrc_volume(path, volume); return;
    case FileKind::Hdf5: {
      EmdFile f;
      f.volumes.emplace("volume", volume);
      write_emd(path, f);
      return;
    }
    default: wrong_kind(path, "a volume");
  }
}

TiltSeries load_tilt_series(const fs::path& path, std::optional<fs::path> tlt, std::optional<double> pixel_A) {
  switch (file_kind(path)) {
    case FileKind::Mrc: {
      if (!fs::exists(path)) throw Error(fmt::format("{}: no such file", path.string()));
      if (!tlt) tlt = sibling_tlt(path);
      if (!tlt) throw Error(fmt::format("{}: no tilt angles: give a .tlt file (none beside it)", path.string()));
      return read_mrc_tilt_series(path, *tlt, pixel_A);
    }
    case FileKind::Hdf5: {
      EmdFile f = read_emd(path);
      return only_object(path, f.tilt_series, "tilt series");
    }
    default: wrong_kind(path, "a tilt series");
  }
  return {};
}

void save_tilt_series(const fs::path& path, const TiltSeries& series) {
  switch (file_kind(path)) {
    case FileKind::Mrc: {
      fs::path tlt = path;
      tlt.replace_extension(".tlt");
      write_mrc_tilt_series(path, tlt, series);
      return;
    }
    case FileKind::Hdf5: {
      EmdFile f;
      f.tilt_series.emplace("tilt_series", series);
      write_emd(path, f);
      return;
    }
    default: wrong_kind(path, "a tilt series");
  }
}

}  // namespace aet
