// EMD (HDF5) files: round trips of every value type, the EMD 1.0 layout as
// other programs see it, determinism, and clean errors on bad files.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "core/emd.hpp"
#include "core/error.hpp"
#include "test_util.hpp"

// The layout checks open the file with the HDF5 C API. aet_core links HDF5
// privately, so its include folder may not reach this target: find it here.
#if __has_include(<hdf5.h>)
#include <hdf5.h>
#define AET_TEST_HDF5 1
#elif __has_include(<hdf5/serial/hdf5.h>)
#include <hdf5/serial/hdf5.h>
#define AET_TEST_HDF5 1
#else
#define AET_TEST_HDF5 0
#endif

namespace aet {
namespace {

using test::near;
using test::TempDir;

Volume make_volume() {
  // 5 x 6 x 7 voxels of 0.37 Å; voxel (k, i, j) holds 100 k + 10 i + j + 0.25.
  Volume v(VolumeGeometry{5, 6, 7, 0.37});
  for (int k = 0; k < v.nz(); ++k)
    for (int i = 0; i < v.ny(); ++i)
      for (int j = 0; j < v.nx(); ++j) v.at(k, i, j) = float(100 * k + 10 * i + j) + 0.25f;
  v.metadata().set("dose_e_per_A2", 1.5e4);
  v.metadata().set("note", "reconstructed, 5 iterations (Å)");
  v.metadata().set("empty", "");
  return v;
}

TiltSeries make_series() {
  TiltGeometry g = TiltGeometry::from_tilts({-30.0, -10.0, 10.0, 30.5});
  g.images[1].has_euler = true;
  g.images[1].euler_deg = {5.0, -10.0, 2.25};
  g.images[2].shift_px = {0.5, -1.25};
  TiltSeries ts(5, 6, 0.4, g);
  for (std::size_t n = 0; n < ts.data().size(); ++n) ts.data()[n] = float(n) * 0.5f - 3.0f;
  ts.metadata().set("kV", 300);
  ts.metadata().set("rfactor_history", std::vector<double>{0.1, 0.05, 0.025});
  return ts;
}

AtomModel make_model() {
  AtomModel m;
  m.add_atom("Pt", Vec3(0.0, 0.0, 0.0));
  m.add_atom("Pd", Vec3(1.9615, -1.9615, 0.125));
  m.add_atom("Pt", Vec3(-3.5, 2.0, 7.75));
  // Columns deliberately not in name order: the order must survive.
  m.add_column("strain", ColumnType::Real, 3);
  m.add_column("grain", ColumnType::Int);
  m.add_column("surface", ColumnType::Bool);
  m.add_column("label", ColumnType::String);
  for (std::size_t a = 0; a < m.size(); ++a) {
    for (int c = 0; c < 3; ++c) m.set_real("strain", a, 0.01 * double(a) - 0.002 * c, c);
    m.set_integer("grain", a, std::int64_t(a) * 1000000000000LL - 7);
    m.set_integer("surface", a, a % 2);
  }
  m.set_real("strain", 2, std::numeric_limits<double>::quiet_NaN(), 1);  // "not defined" is allowed
  m.column("label").strings = {"core", "", "shell edge"};
  m.metadata().set("seed", std::int64_t(42));
  m.metadata().set("source", "tiny_truth.xyz");
  return m;
}

/// Equal atom models, with NaN equal to NaN in real columns.
void expect_same_model(const AtomModel& a, const AtomModel& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.positions(), b.positions());
  EXPECT_EQ(a.species(), b.species());
  EXPECT_EQ(a.metadata(), b.metadata());
  ASSERT_EQ(a.columns().size(), b.columns().size());
  for (std::size_t k = 0; k < a.columns().size(); ++k) {
    const AtomColumn& x = a.columns()[k];
    const AtomColumn& y = b.columns()[k];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.type, y.type) << x.name;
    EXPECT_EQ(x.components, y.components) << x.name;
    EXPECT_EQ(x.ints, y.ints) << x.name;
    EXPECT_EQ(x.strings, y.strings) << x.name;
    ASSERT_EQ(x.reals.size(), y.reals.size()) << x.name;
    for (std::size_t i = 0; i < x.reals.size(); ++i)
      EXPECT_TRUE(x.reals[i] == y.reals[i] || (std::isnan(x.reals[i]) && std::isnan(y.reals[i])))
          << x.name << "[" << i << "]: " << x.reals[i] << " vs " << y.reals[i];
  }
}

TEST(Emd, VolumeRoundTrip) {
  TempDir dir;
  const Volume v = make_volume();
  EmdFile f;
  f.volumes.emplace("recon", v);
  write_emd(dir / "v.emd", f);
  const EmdFile r = read_emd(dir / "v.emd");
  ASSERT_EQ(r.volumes.size(), 1u);
  EXPECT_TRUE(r.tilt_series.empty());
  EXPECT_TRUE(r.atom_models.empty());
  const Volume& w = r.volumes.at("recon");
  EXPECT_EQ(w.geometry(), v.geometry());  // voxel size exactly, not to rounding
  EXPECT_EQ(w.data(), v.data());
  EXPECT_EQ(w.metadata(), v.metadata());
  EXPECT_EQ(dir.file_count(), 1u);  // no temporary left beside it
}

TEST(Emd, OneSliceVolumeKeepsItsVoxelSize) {
  // An axis of one sample has no spacing: the voxel_A attribute carries it.
  TempDir dir;
  EmdFile f;
  f.volumes.emplace("slab", Volume(VolumeGeometry{1, 1, 1, 0.123}, {7.0f}));
  write_emd(dir / "s.emd", f);
  const EmdFile r = read_emd(dir / "s.emd");
  const Volume& w = r.volumes.at("slab");
  EXPECT_EQ(w.geometry(), (VolumeGeometry{1, 1, 1, 0.123}));
  EXPECT_EQ(w.data(), std::vector<float>{7.0f});
}

TEST(Emd, TiltSeriesRoundTrip) {
  TempDir dir;
  const TiltSeries ts = make_series();
  EmdFile f;
  f.tilt_series.emplace("series", ts);
  write_emd(dir / "t.emd", f);
  const EmdFile r = read_emd(dir / "t.emd");
  ASSERT_EQ(r.tilt_series.size(), 1u);
  const TiltSeries& u = r.tilt_series.at("series");
  EXPECT_EQ(u.nt(), 4);
  EXPECT_EQ(u.ny(), 5);
  EXPECT_EQ(u.nx(), 6);
  EXPECT_EQ(u.pixel_A(), 0.4);
  EXPECT_EQ(u.geometry(), ts.geometry());  // angles, Euler flags and angles, shifts
  EXPECT_EQ(u.geometry().tilts_deg(), (std::vector<double>{-30.0, -10.0, 10.0, 30.5}));
  EXPECT_FALSE(u.geometry().images[0].has_euler);
  EXPECT_TRUE(u.geometry().images[1].has_euler);
  EXPECT_EQ(u.geometry().images[2].shift_px, (std::array<double, 2>{0.5, -1.25}));
  EXPECT_EQ(u.data(), ts.data());
  EXPECT_EQ(u.metadata(), ts.metadata());
}

TEST(Emd, AtomModelRoundTrip) {
  TempDir dir;
  const AtomModel m = make_model();
  EmdFile f;
  f.atom_models.emplace("traced", m);
  write_emd(dir / "m.emd", f);
  const EmdFile r = read_emd(dir / "m.emd");
  ASSERT_EQ(r.atom_models.size(), 1u);
  const AtomModel& n = r.atom_models.at("traced");
  expect_same_model(m, n);
  EXPECT_EQ(n.columns()[0].name, "strain");
  EXPECT_EQ(n.columns()[3].name, "label");
  EXPECT_TRUE(std::isnan(n.real("strain", 2, 1)));
  EXPECT_EQ(n.integer("grain", 2), 2000000000000LL - 7);  // full 64 bits
  EXPECT_EQ(n.integer("surface", 1), 1);
}

TEST(Emd, SeveralObjectsInOneFile) {
  TempDir dir;
  EmdFile f;
  f.metadata.set("program", "aetbench");
  f.metadata.set("seed", std::int64_t(7));
  f.volumes.emplace("recon", make_volume());
  f.volumes.emplace("truth_volume", Volume(VolumeGeometry{2, 3, 4, 0.5}));
  f.tilt_series.emplace("series", make_series());
  f.atom_models.emplace("truth", make_model());
  f.atom_models.emplace("empty", AtomModel{});
  write_emd(dir / "all.emd", f);
  const EmdFile r = read_emd(dir / "all.emd");
  EXPECT_EQ(r.metadata, f.metadata);
  ASSERT_EQ(r.volumes.size(), 2u);
  EXPECT_EQ(r.volumes.at("recon").data(), f.volumes.at("recon").data());
  EXPECT_EQ(r.volumes.at("truth_volume").geometry(), (VolumeGeometry{2, 3, 4, 0.5}));
  ASSERT_EQ(r.tilt_series.size(), 1u);
  EXPECT_EQ(r.tilt_series.at("series").data(), f.tilt_series.at("series").data());
  ASSERT_EQ(r.atom_models.size(), 2u);
  expect_same_model(r.atom_models.at("truth"), f.atom_models.at("truth"));
  EXPECT_TRUE(r.atom_models.at("empty").empty());
}

TEST(Emd, LongMetadataValuesRoundTrip) {
  // Over HDF5's 64 KiB limit for an attribute kept in the object header.
  TempDir dir;
  std::vector<double> history(20000);
  for (std::size_t k = 0; k < history.size(); ++k) history[k] = 1.0 / double(k + 3);
  EmdFile f;
  f.metadata.set("rfactor_history", history);
  f.volumes.emplace("recon", make_volume());
  f.volumes.at("recon").metadata().set("rfactor_history", history);
  ASSERT_GT(f.metadata.get("rfactor_history")->size(), 100000u);
  write_emd(dir / "long.emd", f);
  const EmdFile r = read_emd(dir / "long.emd");
  EXPECT_EQ(r.metadata, f.metadata);
  EXPECT_EQ(r.volumes.at("recon").metadata().get_doubles("rfactor_history"), history);
}

TEST(Emd, IdenticalInputGivesIdenticalBytes) {
  TempDir dir;
  EmdFile f;
  f.metadata.set("program", "aetbench");
  f.metadata.set("long", std::string(70000, 'x'));
  f.volumes.emplace("recon", make_volume());
  f.tilt_series.emplace("series", make_series());
  f.atom_models.emplace("truth", make_model());
  write_emd(dir / "a.emd", f);
  // HDF5 timestamps have one-second resolution: wait past a tick so that any
  // stored time would differ.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_emd(dir / "b.emd", f);
  const std::string a = test::read_text(dir / "a.emd");
  ASSERT_FALSE(a.empty());
  EXPECT_TRUE(a == test::read_text(dir / "b.emd"));
  write_emd(dir / "a.emd", f);  // overwriting in place gives the same bytes too
  EXPECT_TRUE(a == test::read_text(dir / "a.emd"));
}

TEST(Emd, MissingFileIsAnError) {
  TempDir dir;
  EXPECT_THROW(read_emd(dir / "absent.emd"), Error);
  EXPECT_THROW(read_emd(dir.path()), Error);  // a folder
}

TEST(Emd, TextFileIsAnError) {
  TempDir dir;
  test::write_text(dir / "notes.emd", "this is not an HDF5 file\n");
  try {
    read_emd(dir / "notes.emd");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("notes.emd"), std::string::npos) << e.what();
  }
}

TEST(Emd, TruncatedFileIsAnErrorAndPrintsNothing) {
  TempDir dir;
  EmdFile f;
  f.volumes.emplace("recon", make_volume());
  write_emd(dir / "cut.emd", f);
  const auto size = std::filesystem::file_size(dir / "cut.emd");
  std::filesystem::resize_file(dir / "cut.emd", size / 2);
  ::testing::internal::CaptureStderr();
  std::string message;
  try {
    read_emd(dir / "cut.emd");
  } catch (const Error& e) {
    message = e.what();
  }
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(message.find("cut.emd"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;  // one line
  EXPECT_TRUE(printed.empty()) << printed;                      // HDF5 printed no error stack
}

TEST(Emd, FileWithNoObjectsIsAnError) {
  TempDir dir;
  write_emd(dir / "empty.emd", EmdFile{});
  EXPECT_THROW(read_emd(dir / "empty.emd"), Error);
}

TEST(Emd, WritingToAMissingFolderIsAnErrorAndLeavesNothing) {
  TempDir dir;
  EmdFile f;
  f.volumes.emplace("recon", make_volume());
  EXPECT_THROW(write_emd(dir / "no_such_folder" / "v.emd", f), Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "no_such_folder"));
  EXPECT_EQ(dir.file_count(), 0u);
}

TEST(Emd, BadObjectsAreRejectedBeforeAnythingIsWritten) {
  TempDir dir;
  EmdFile twice;
  twice.volumes.emplace("x", make_volume());
  twice.atom_models.emplace("x", make_model());
  EXPECT_THROW(write_emd(dir / "twice.emd", twice), Error);
  EmdFile slash;
  slash.volumes.emplace("a/b", make_volume());
  EXPECT_THROW(write_emd(dir / "slash.emd", slash), Error);
  EmdFile bad_model;
  AtomModel m = make_model();
  m.positions()[1].x() = std::numeric_limits<double>::infinity();
  bad_model.atom_models.emplace("m", m);
  EXPECT_THROW(write_emd(dir / "bad.emd", bad_model), Error);
  EXPECT_EQ(dir.file_count(), 0u);  // failed writes leave no partial file
}

#if AET_TEST_HDF5

/// Minimal owned HDF5 id for the tests below.
struct Id {
  hid_t id;
  explicit Id(hid_t i) : id(i) { EXPECT_GE(i, 0); }
  ~Id() {
    if (id >= 0) H5Idec_ref(id);
  }
  operator hid_t() const { return id; }
};

std::string string_attr(hid_t obj, const char* name) {
  Id attr(H5Aopen(obj, name, H5P_DEFAULT));
  Id type(H5Aget_type(attr));
  EXPECT_EQ(H5Tget_class(type), H5T_STRING);
  if (H5Tis_variable_str(type) > 0) {
    Id mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem, H5T_VARIABLE);
    char* text = nullptr;
    H5Aread(attr, mem, &text);
    std::string s = text ? text : "";
    H5free_memory(text);
    return s;
  }
  std::string s(H5Tget_size(type), '\0');
  H5Aread(attr, type, s.data());
  return s.substr(0, s.find('\0'));
}

long long int_attr(hid_t obj, const char* name) {
  Id attr(H5Aopen(obj, name, H5P_DEFAULT));
  long long v = -1;
  H5Aread(attr, H5T_NATIVE_LLONG, &v);
  return v;
}

double double_attr(hid_t obj, const char* name) {
  Id attr(H5Aopen(obj, name, H5P_DEFAULT));
  double v = -1.0;
  H5Aread(attr, H5T_NATIVE_DOUBLE, &v);
  return v;
}

std::vector<hsize_t> dataset_shape(hid_t loc, const char* name) {
  Id ds(H5Dopen2(loc, name, H5P_DEFAULT));
  Id space(H5Dget_space(ds));
  std::vector<hsize_t> dims(std::size_t(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

void write_dataset(hid_t loc, const char* name, hid_t type, const std::vector<hsize_t>& shape,
                   const void* data) {
  Id space(H5Screate_simple(int(shape.size()), shape.data(), nullptr));
  Id ds(H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  EXPECT_GE(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), 0);
}

void write_string_attr(hid_t obj, const char* name, const std::string& value) {
  Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type, value.size());
  Id space(H5Screate(H5S_SCALAR));
  Id attr(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
  H5Awrite(attr, type, value.data());
}

void write_int_attr(hid_t obj, const char* name, long long value) {
  Id space(H5Screate(H5S_SCALAR));
  Id attr(H5Acreate2(obj, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT));
  H5Awrite(attr, H5T_NATIVE_LLONG, &value);
}

void write_double_attr(hid_t obj, const char* name, double value) {
  if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
  Id space(H5Screate(H5S_SCALAR));
  Id attr(H5Acreate2(obj, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT));
  H5Awrite(attr, H5T_NATIVE_DOUBLE, &value);
}

/// A variable-length UTF-8 text attribute, as h5py writes a Python str.
void write_vlen_string_attr(hid_t obj, const char* name, const std::string& value) {
  Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  Id space(H5Screate(H5S_SCALAR));
  Id attr(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
  const char* text = value.c_str();
  H5Awrite(attr, type, &text);
}

/// A 1D dim dataset with name and units, as another EMD writer would make it.
void write_dim(hid_t group, const char* name, const std::vector<double>& values, const std::string& units,
               bool vlen = false) {
  write_dataset(group, name, H5T_NATIVE_DOUBLE, {hsize_t(values.size())}, values.data());
  Id ds(H5Dopen2(group, name, H5P_DEFAULT));
  (vlen ? write_vlen_string_attr : write_string_attr)(ds, "name", name);
  (vlen ? write_vlen_string_attr : write_string_attr)(ds, "units", units);
}

TEST(Emd, LayoutIsEmd10AsOtherProgramsSeeIt) {
  TempDir dir;
  EmdFile f;
  f.metadata.set("program", "aetbench");
  f.volumes.emplace("recon", make_volume());
  f.tilt_series.emplace("series", make_series());
  f.atom_models.emplace("truth", make_model());
  write_emd(dir / "layout.emd", f);

  Id file(H5Fopen((dir / "layout.emd").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  EXPECT_EQ(int_attr(file, "version_major"), 1);
  EXPECT_EQ(int_attr(file, "version_minor"), 0);
  {
    Id md(H5Gopen2(file, "metadata", H5P_DEFAULT));
    EXPECT_EQ(string_attr(md, "program"), "aetbench");
  }

  Id vol(H5Gopen2(file, "/data/recon", H5P_DEFAULT));
  EXPECT_EQ(int_attr(vol, "emd_group_type"), 1);
  EXPECT_EQ(string_attr(vol, "aetbench_type"), "volume");
  EXPECT_EQ(dataset_shape(vol, "data"), (std::vector<hsize_t>{5, 6, 7}));  // (nz, ny, nx)
  const char* axes[] = {"z", "y", "x"};
  const hsize_t lengths[] = {5, 6, 7};
  for (int k = 0; k < 3; ++k) {
    const std::string name = "dim" + std::to_string(k + 1);
    EXPECT_EQ(dataset_shape(vol, name.c_str()), std::vector<hsize_t>{lengths[k]});
    Id dim(H5Dopen2(vol, name.c_str(), H5P_DEFAULT));
    EXPECT_EQ(string_attr(dim, "name"), axes[k]);
    EXPECT_EQ(string_attr(dim, "units"), "[n_m]");  // what tomviz and HyperSpy read
  }
  EXPECT_EQ(double_attr(vol, "voxel_A"), 0.37);
  {
    // dim3 (x) holds (j - nx/2) * voxel in nm: -3 * 0.037 for j = 0, 0 at the centre j = 3.
    Id dim(H5Dopen2(vol, "dim3", H5P_DEFAULT));
    std::vector<double> x(7);
    H5Dread(dim, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x.data());
    EXPECT_TRUE(near(x[0], -3 * 0.037, 1e-12));
    EXPECT_EQ(x[3], 0.0);
    Id data(H5Dopen2(vol, "data", H5P_DEFAULT));
    Id type(H5Dget_type(data));
    EXPECT_EQ(H5Tget_class(type), H5T_FLOAT);
    EXPECT_EQ(H5Tget_size(type), 4u);
    Id md(H5Gopen2(vol, "metadata", H5P_DEFAULT));
    EXPECT_EQ(string_attr(md, "note"), "reconstructed, 5 iterations (Å)");
  }

  Id ts(H5Gopen2(file, "/data/series", H5P_DEFAULT));
  EXPECT_EQ(string_attr(ts, "aetbench_type"), "tilt_series");
  EXPECT_EQ(dataset_shape(ts, "data"), (std::vector<hsize_t>{4, 5, 6}));  // (nt, ny, nx)
  EXPECT_EQ(dataset_shape(ts, "euler_deg"), (std::vector<hsize_t>{4, 3}));
  EXPECT_EQ(dataset_shape(ts, "shifts_px"), (std::vector<hsize_t>{4, 2}));
  EXPECT_EQ(dataset_shape(ts, "has_euler"), (std::vector<hsize_t>{4}));
  {
    Id dim(H5Dopen2(ts, "dim1", H5P_DEFAULT));
    EXPECT_EQ(string_attr(dim, "units"), "[deg]");  // tomviz's mark of a tilt series
    std::vector<double> angles(4);
    H5Dread(dim, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, angles.data());
    EXPECT_EQ(angles, (std::vector<double>{-30.0, -10.0, 10.0, 30.5}));
  }

  Id am(H5Gopen2(file, "/data/truth", H5P_DEFAULT));
  EXPECT_EQ(string_attr(am, "aetbench_type"), "atom_model");
  EXPECT_EQ(dataset_shape(am, "data"), (std::vector<hsize_t>{3, 3}));  // (atoms, xyz)
  EXPECT_EQ(dataset_shape(am, "species"), (std::vector<hsize_t>{3}));
  EXPECT_EQ(dataset_shape(am, "columns/strain"), (std::vector<hsize_t>{3, 3}));
  {
    Id col(H5Dopen2(am, "columns/surface", H5P_DEFAULT));
    EXPECT_EQ(string_attr(col, "type"), "L");
  }
}

TEST(Emd, FilesFromOtherWritersAreRead) {
  // What another program might write: no aetbench_type, 2D int16 data with
  // dims in EMD's bracketed nanometres, 3D double data with dims in Å (text
  // attributes as variable-length strings), a 1D spectrum (skipped), and an
  // atom model with variable-length strings.
  TempDir dir;
  const auto path = dir / "foreign.emd";
  {
    Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    write_int_attr(file, "version_major", 1);
    write_int_attr(file, "version_minor", 0);
    Id data(H5Gcreate2(file, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    {
      Id g(H5Gcreate2(data, "image", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      write_int_attr(g, "emd_group_type", 1);
      const std::vector<std::int16_t> px{1, 2, 3, 4, 5, 6};
      write_dataset(g, "data", H5T_NATIVE_INT16, {2, 3}, px.data());
      write_dim(g, "dim1", {0.0, 0.05}, "[n_m]");
      write_dim(g, "dim2", {0.0, 0.05, 0.1}, "[n_m]");
    }
    {
      Id g(H5Gcreate2(data, "cube", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      write_int_attr(g, "emd_group_type", 1);
      std::vector<double> values(2 * 2 * 3);
      for (std::size_t n = 0; n < values.size(); ++n) values[n] = 0.5 * double(n);
      write_dataset(g, "data", H5T_NATIVE_DOUBLE, {2, 2, 3}, values.data());
      write_dim(g, "dim1", {-0.8, 0.0}, "Å", true);
      write_dim(g, "dim2", {-0.8, 0.0}, "Å", true);
      write_dim(g, "dim3", {-0.8, 0.0, 0.8}, "Å", true);
    }
    {
      // An atom model written by hand with h5py's variable-length UTF-8 strings.
      Id g(H5Gcreate2(data, "model", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      write_vlen_string_attr(g, "aetbench_type", "atom_model");
      const std::vector<double> xyz{0.0, 0.0, 0.0, 1.0, 2.0, 3.0};
      write_dataset(g, "data", H5T_NATIVE_DOUBLE, {2, 3}, xyz.data());
      write_dim(g, "dim1", {0.0, 1.0}, "", true);
      write_dim(g, "dim2", {0.0, 1.0, 2.0}, "", true);
      Id type(H5Tcopy(H5T_C_S1));
      H5Tset_size(type, H5T_VARIABLE);
      H5Tset_cset(type, H5T_CSET_UTF8);
      const char* species[] = {"Pt", "Pd"};
      write_dataset(g, "species", type, {2}, species);
    }
    {
      Id g(H5Gcreate2(data, "spectrum", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));  // 1D: not a volume
      write_int_attr(g, "emd_group_type", 1);
      const std::vector<double> s{1.0, 2.0};
      write_dataset(g, "data", H5T_NATIVE_DOUBLE, {2}, s.data());
      write_dim(g, "dim1", {0.0, 1.0}, "eV");
    }
  }
  const EmdFile r = read_emd(path);
  ASSERT_EQ(r.atom_models.size(), 1u);
  EXPECT_EQ(r.atom_models.at("model").species(), (std::vector<std::string>{"Pt", "Pd"}));
  EXPECT_EQ(r.atom_models.at("model").positions()[1], Vec3(1.0, 2.0, 3.0));
  ASSERT_EQ(r.volumes.size(), 2u);
  const Volume& image = r.volumes.at("image");
  EXPECT_EQ(image.nz(), 1);
  EXPECT_EQ(image.ny(), 2);
  EXPECT_EQ(image.nx(), 3);
  EXPECT_TRUE(near(image.voxel_A(), 0.5, 1e-12));  // 0.05 nm
  EXPECT_EQ(image.at(0, 1, 2), 6.0f);
  const Volume& cube = r.volumes.at("cube");
  EXPECT_EQ(cube.geometry().nz, 2);
  EXPECT_EQ(cube.geometry().nx, 3);
  EXPECT_TRUE(near(cube.voxel_A(), 0.8, 1e-12));
  EXPECT_EQ(cube.at(1, 1, 2), 5.5f);
}

TEST(Emd, TiltSeriesFromTomvizAndHyperSpyAreTiltSeries) {
  // tomviz marks a tilt series by a dim1 in "[deg]" (its angles, one per
  // image) with lengths in "[n_m]"; HyperSpy writes each dim as (offset,
  // offset + step) and spells units letter by letter ("[d_e_g]"); another
  // program may give radians.
  TempDir dir;
  const auto path = dir / "tilts.emd";
  const std::vector<float> px(3 * 2 * 4, 1.0f);
  {
    Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    write_int_attr(file, "version_major", 0);
    write_int_attr(file, "version_minor", 2);
    Id data(H5Gcreate2(file, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    auto group = [&](const char* name, const std::vector<double>& angles, const char* angle_units,
                     const std::vector<double>& y, const std::vector<double>& x) {
      Id g(H5Gcreate2(data, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      write_int_attr(g, "emd_group_type", 1);
      write_dataset(g, "data", H5T_NATIVE_FLOAT, {3, 2, 4}, px.data());
      write_dim(g, "dim1", angles, angle_units);
      write_dim(g, "dim2", y, "[n_m]");
      write_dim(g, "dim3", x, "[n_m]");
    };
    group("tomography", {-60.0, 0.0, 45.0}, "[deg]", {0.0, 0.0343}, {0.0, 0.0343, 0.0686, 0.1029});
    group("hyperspy", {-20.0, -10.0}, "[d_e_g]", {0.0, 0.05}, {0.0, 0.05});
    group("radians", {-0.5, 0.0, 0.5}, "[rad]", {0.0, 0.1}, {0.0, 0.1, 0.2, 0.3});
  }
  const EmdFile r = read_emd(path);
  EXPECT_TRUE(r.volumes.empty());
  ASSERT_EQ(r.tilt_series.size(), 3u);
  const TiltSeries& t = r.tilt_series.at("tomography");
  EXPECT_EQ(t.nt(), 3);
  EXPECT_EQ(t.ny(), 2);
  EXPECT_EQ(t.nx(), 4);
  EXPECT_TRUE(near(t.pixel_A(), 0.343, 1e-9));
  EXPECT_EQ(t.geometry().tilts_deg(), (std::vector<double>{-60.0, 0.0, 45.0}));
  const TiltSeries& h = r.tilt_series.at("hyperspy");
  EXPECT_EQ(h.geometry().tilts_deg(), (std::vector<double>{-20.0, -10.0, 0.0}));
  EXPECT_TRUE(near(h.pixel_A(), 0.5, 1e-12));
  const auto rad = r.tilt_series.at("radians").geometry().tilts_deg();
  EXPECT_TRUE(near(rad[0], -28.64788975654116, 1e-9));  // 0.5 rad
  EXPECT_TRUE(near(rad[2], 28.64788975654116, 1e-9));
}

TEST(Emd, InconsistentDimsAreRejected) {
  TempDir dir;
  const auto path = dir / "baddim.emd";
  {
    Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    Id data(H5Gcreate2(file, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    Id g(H5Gcreate2(data, "cube", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    write_int_attr(g, "emd_group_type", 1);
    const std::vector<float> values(2 * 3 * 4, 1.0f);
    write_dataset(g, "data", H5T_NATIVE_FLOAT, {2, 3, 4}, values.data());
    write_dim(g, "dim1", {0.0, 1.0}, "Å");
    write_dim(g, "dim2", {0.0, 1.0, 2.0}, "Å");
    write_dim(g, "dim3", {0.0, 1.0, 2.0, 3.0, 4.0}, "Å");  // 5 values for an axis of 4
  }
  try {
    read_emd(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/data/cube/dim3"), std::string::npos) << e.what();
  }
}

TEST(Emd, NonFiniteSizesAndPositionsAreRejected) {
  TempDir dir;
  EmdFile f;
  f.volumes.emplace("recon", make_volume());
  f.atom_models.emplace("truth", make_model());
  write_emd(dir / "v.emd", f);
  std::filesystem::copy_file(dir / "v.emd", dir / "m.emd");
  {
    Id file(H5Fopen((dir / "v.emd").c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    Id g(H5Gopen2(file, "/data/recon", H5P_DEFAULT));
    write_double_attr(g, "voxel_A", std::numeric_limits<double>::infinity());
  }
  EXPECT_THROW(read_emd(dir / "v.emd"), Error);
  {
    Id file(H5Fopen((dir / "m.emd").c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    Id ds(H5Dopen2(file, "/data/truth/data", H5P_DEFAULT));
    std::vector<double> xyz(9, 0.0);
    xyz[4] = std::numeric_limits<double>::quiet_NaN();
    H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, xyz.data());
  }
  EXPECT_THROW(read_emd(dir / "m.emd"), Error);
}

#endif  // AET_TEST_HDF5

}  // namespace
}  // namespace aet
