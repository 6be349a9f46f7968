// aetbench info FILE: what a file holds (shape, pixel size, angles, atoms).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "app/checks.hpp"
#include "app/commands.hpp"
#include "core/emd.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/limits.hpp"
#include "core/mrc.hpp"
#include "core/tlt.hpp"
#include "core/xyz.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct InfoOptions {
  std::string file;
  std::string angles;
  double pixel_A = 0.0;  ///< 0: the file's
  bool as_volume = false;
};

void print_metadata(const Metadata& meta) {
  for (const auto& [k, v] : meta) fmt::print("  {} = {}\n", k, v);
}

void print_values(std::span<const float> data) {
  float lo = data[0], hi = data[0];
  double sum = 0.0;
  for (float v : data) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
  }
  fmt::print("values: min {:.6g}, max {:.6g}, mean {:.6g}\n", lo, hi, sum / double(data.size()));
}

void print_angles(const std::vector<double>& angles) {
  const auto [lo, hi] = std::minmax_element(angles.begin(), angles.end());
  fmt::print("angles: {} from {}° to {}° (degrees, in section order):\n", angles.size(), *lo, *hi);
  for (std::size_t k = 0; k < angles.size(); ++k)
    fmt::print("{:>4}  {:8.3f}\n", k, angles[k]);
}

void print_tilt_series(const TiltSeries& s) {
  fmt::print("tilt series: {} images of {} x {} pixels (ny x nx) at {} Å/pixel\n", s.nt(), s.ny(), s.nx(),
             s.pixel_A());
  print_values(s.data());
  print_angles(s.geometry().tilts_deg());
  if (s.geometry().has_euler()) fmt::print("per-image Euler angles: present\n");
  if (s.geometry().has_shifts()) fmt::print("per-image shifts: present\n");
  if (!s.metadata().empty()) {
    fmt::print("metadata:\n");
    print_metadata(s.metadata());
  }
}

void print_volume(const Volume& v) {
  fmt::print("volume: {} x {} x {} voxels (nz x ny x nx) at {} Å/voxel ({:.1f} x {:.1f} x {:.1f} Å)\n", v.nz(),
             v.ny(), v.nx(), v.voxel_A(), v.nz() * v.voxel_A(), v.ny() * v.voxel_A(), v.nx() * v.voxel_A());
  print_values(v.data());
  if (!v.metadata().empty()) {
    fmt::print("metadata:\n");
    print_metadata(v.metadata());
  }
}

void print_atoms(const AtomModel& m) {
  fmt::print("atom model: {} atoms\n", m.size());
  for (const auto& s : m.distinct_species()) fmt::print("  {}: {}\n", s, m.count(s));
  if (!m.empty()) {
    Vec3 lo = m.positions()[0], hi = lo, sum = Vec3::Zero();
    for (const auto& r : m.positions()) {
      lo = lo.cwiseMin(r);
      hi = hi.cwiseMax(r);
      sum += r;
    }
    const Vec3 c = sum / double(m.size());
    fmt::print("extent: x [{:.2f}, {:.2f}], y [{:.2f}, {:.2f}], z [{:.2f}, {:.2f}] Å; centroid ({:.2f}, {:.2f}, {:.2f})\n",
               lo.x(), hi.x(), lo.y(), hi.y(), lo.z(), hi.z(), c.x(), c.y(), c.z());
  }
  if (!m.columns().empty()) {
    fmt::print("columns:");
    for (const auto& c : m.columns()) fmt::print(" {}:{}:{}", c.name, column_type_letter(c.type), c.components);
    fmt::print("\n");
  }
  if (!m.metadata().empty()) {
    fmt::print("metadata:\n");
    print_metadata(m.metadata());
  }
}

void run_info(const InfoOptions& o) {
  const fs::path path = o.file;
  const FileKind kind = file_kind(path);
  fmt::print("file: {} ({})\n", path.string(), to_string(kind));
  switch (kind) {
    case FileKind::Tlt: {
      print_angles(read_tlt(path));
      break;
    }
    case FileKind::Xyz: print_atoms(read_xyz(path)); break;
    case FileKind::Mrc: {
      std::optional<fs::path> tlt;
      if (!o.angles.empty()) tlt = o.angles;
      else if (!o.as_volume) tlt = sibling_tlt(path);
      if (tlt) {
        fmt::print("angles from: {}\n", tlt->string());
        print_tilt_series(load_tilt_series(path, tlt, o.pixel_A > 0 ? std::optional<double>(o.pixel_A) : std::nullopt));
      } else {
        const MrcData m = read_mrc(path);
        fmt::print("MRC mode {}, space group {} ({})\n", m.mode, m.ispg, m.ispg == 0 ? "image stack" : "volume");
        if (!m.voxel_A) fmt::print("header holds no voxel size\n");
        print_volume(Volume(VolumeGeometry{m.nz, m.ny, m.nx, m.voxel_A.value_or(1.0)}, m.data));
      }
      break;
    }
    case FileKind::Hdf5: {
      const EmdFile f = read_emd(path);
      if (!f.metadata.empty()) {
        fmt::print("file metadata:\n");
        print_metadata(f.metadata);
      }
      for (const auto& [name, v] : f.volumes) {
        fmt::print("[{}] ", name);
        print_volume(v);
      }
      for (const auto& [name, s] : f.tilt_series) {
        fmt::print("[{}] ", name);
        print_tilt_series(s);
      }
      for (const auto& [name, m] : f.atom_models) {
        fmt::print("[{}] ", name);
        print_atoms(m);
      }
      break;
    }
  }
}

}  // namespace

void add_info_command(CLI::App& app) {
  auto opt = std::make_shared<InfoOptions>();
  auto* cmd = app.add_subcommand("info", "Print what a file holds: shape, pixel size, angles or atom counts.\n"
                                         "  aetbench info series.mrc      (angles from series.tlt beside it)\n"
                                         "  aetbench info truth.xyz");
  cmd->add_option("file", opt->file, "MRC, TLT, extended XYZ or HDF5 (EMD) file")->required();
  cmd->add_option("--angles", opt->angles, "tilt angles (.tlt, .rawtlt or SerialEM .mdoc) for an MRC stack; default: the one beside it");
  cmd->add_option("--pixel", opt->pixel_A, "pixel size in Å for an MRC stack whose header holds none")
      ->check(in_range(limits::kMinPixel_A, limits::kMaxPixel_A));
  cmd->add_flag("--volume", opt->as_volume, "read an MRC file as a volume even when a .tlt is beside it");
  cmd->callback([opt] { run_info(*opt); });
}

}  // namespace aet::cli
