// aetbench convert IN OUT: between MRC(+TLT), HDF5 (EMD) and extended XYZ, as the types allow.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "app/checks.hpp"
#include "app/commands.hpp"
#include "core/limits.hpp"
#include "core/emd.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/mrc.hpp"
#include "core/outputs.hpp"

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
  if (kout == FileKind::Tlt) throw Error(fmt::format("{}: write a .tlt by converting to .mrc", out.string()));
  {
    // An MRC tilt series is written with its .tlt beside it.
    fs::path out_tlt;
    if (kout == FileKind::Mrc) out_tlt = fs::path(out).replace_extension(".tlt");
    fs::path in_tlt = o.angles;
    if (in_tlt.empty() && kin == FileKind::Mrc && !o.as_volume) in_tlt = sibling_tlt(in).value_or(fs::path());
    refuse_overwriting_inputs({{"in", in}, {"--angles", in_tlt}}, {{"out", out}, {"out (its .tlt)", out_tlt}});
  }

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
  cmd->add_option("--angles", opt->angles, "tilt angles (.tlt, .rawtlt or SerialEM .mdoc) for an MRC stack; default: the one beside it");
  cmd->add_option("--pixel", opt->pixel_A, "pixel/voxel size in Å (overrides the MRC header)")
      ->check(in_range(limits::kMinPixel_A, limits::kMaxPixel_A));
  cmd->add_flag("--volume", opt->as_volume, "read an MRC input as a volume even when a .tlt is beside it");
  cmd->callback([opt] { run_convert(*opt); });
}

}  // namespace aet::cli
