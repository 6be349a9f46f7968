// aetbench convert IN OUT: between MRC(+TLT), HDF5 (EMD) and extended XYZ, as the types allow.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "app/commands.hpp"
#include "core/emd.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/mrc.hpp"

namespace aet::cli {

namespace fs = std::filesystem;

namespace {

struct ConvertOptions {
  std::string in, out, angles;
  double pixel_A = 0.0;
  bool as_volume = false;
};

std::optional<double> pixel_override(const ConvertOptions& o) {
  if (o.pixel_A == 0.0) return std::nullopt;
  return o.pixel_A;
}

void run_convert(const ConvertOptions& o) {
  const fs::path in = o.in, out = o.out;
  const FileKind kin = file_kind(in), kout = file_kind(out);
  if (fs::exists(out) && fs::equivalent(in, out))
    throw Error(fmt::format("{}: input and output are the same file", out.string()));
  if (kout == FileKind::Tlt) throw Error(fmt::format("{}: write a .tlt by converting to .mrc", out.string()));

  switch (kin) {
    case FileKind::Tlt: throw Error(fmt::format("{}: a .tlt holds only angles; convert its .mrc", in.string()));
    case FileKind::Xyz: save_atom_model(out, load_atom_model(in)); break;
    case FileKind::Mrc: {
      std::optional<fs::path> tlt;
      if (!o.angles.empty()) tlt = o.angles;
      else if (!o.as_volume) tlt = sibling_tlt(in);
      if (tlt) save_tilt_series(out, load_tilt_series(in, tlt, pixel_override(o)));
      else save_volume(out, load_volume(in, pixel_override(o)));
      break;
    }
    case FileKind::Hdf5: {
      EmdFile f = read_emd(in);
      if (kout == FileKind::Hdf5) {
        write_emd(out, f);
      } else if (kout == FileKind::Xyz) {
        save_atom_model(out, load_atom_model(in));
      } else {  // MRC
        const std::size_t n = f.volumes.size() + f.tilt_series.size();
        if (n != 1)
          throw Error(fmt::format("{}: holds {} volumes/tilt series; MRC takes exactly one", in.string(), n));
        if (!f.volumes.empty()) save_volume(out, f.volumes.begin()->second);
        else save_tilt_series(out, f.tilt_series.begin()->second);
      }
      break;
    }
  }
  fmt::print(stderr, "convert: wrote {}\n", out.string());
}

}  // namespace

void add_convert_command(CLI::App& app) {
  auto opt = std::make_shared<ConvertOptions>();
  auto* cmd = app.add_subcommand("convert",
                                 "Convert between MRC (+ .tlt), HDF5 (EMD 1.0) and extended XYZ.\n"
                                 "  aetbench convert series.mrc series.h5    (angles from series.tlt)\n"
                                 "  aetbench convert truth.h5 truth.xyz");
  cmd->add_option("in", opt->in, "input file (.mrc, .xyz, .h5)")->required();
  cmd->add_option("out", opt->out, "output file (.mrc, .xyz, .h5); an MRC tilt series also gets its .tlt")
      ->required();
  cmd->add_option("--angles", opt->angles, "tilt angles (.tlt) for an MRC stack; default: the .tlt beside it");
  cmd->add_option("--pixel", opt->pixel_A, "pixel/voxel size in Å (overrides the MRC header)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--volume", opt->as_volume, "read an MRC input as a volume even when a .tlt is beside it");
  cmd->callback([opt] { run_convert(*opt); });
}

}  // namespace aet::cli
