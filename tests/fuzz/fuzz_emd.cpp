// libFuzzer harness: the HDF5 (EMD) reader must reject any byte string with
// aet::Error, never crash, hang or read out of bounds; HDF5 prints nothing.
// Every HDF5 id the reader opened is closed again, whatever the input.
// HDF5 1.10 itself leaks metadata-cache entries on some corrupt files (inside
// H5Dopen2/H5O_protect, after the reader's handles are closed): run with
// -detect_leaks=0, the open-id check below stands for the reader's own leaks.
// Seeds: with AET_FUZZ_EMD_SEEDS=DIR set, the harness first writes one file
// of each kind aetbench writes (volume, tilt series, atom model) into DIR.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>

#include <hdf5.h>

#include "core/emd.hpp"
#include "core/error.hpp"

namespace {
void write_seeds(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  aet::Volume v(aet::VolumeGeometry{2, 3, 4, 0.5});
  v.data()[5] = 1.0f;
  v.metadata().set("seed", "1");
  aet::EmdFile volume;
  volume.volumes.emplace("volume", v);
  aet::write_emd(dir / "volume.h5", volume);
  aet::TiltSeries s(3, 4, 0.4, aet::TiltGeometry::from_tilts({-30, 0, 30}));
  s.data()[2] = 2.0f;
  aet::EmdFile series;
  series.tilt_series.emplace("tilt_series", s);
  aet::write_emd(dir / "series.h5", series);
  aet::AtomModel m;
  m.add_atom("Pt", {0, 0, 0});
  m.add_atom("Pd", {2.7, 0, 0});
  m.add_column("grain", aet::ColumnType::Int);
  aet::EmdFile atoms;
  atoms.atom_models.emplace("atoms", m);
  aet::write_emd(dir / "atoms.h5", atoms);
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  aet::silence_hdf5_errors();
  if (const char* dir = std::getenv("AET_FUZZ_EMD_SEEDS")) write_seeds(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto f = aet::parse_emd(std::span(reinterpret_cast<const std::byte*>(data), size), "fuzz.h5");
    (void)f;
  } catch (const aet::Error&) {
  }
  if (H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) != 0) std::abort();  // an id left open
  return 0;
}
