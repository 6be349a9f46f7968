#include "core/emd.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/text_input.hpp"

namespace aet {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------
// HDF5 plumbing: silenced error printing, owned ids, one-line errors.

/// Turns HDF5's automatic error printing off for its lifetime, then restores it.
class ErrorSilencer {
 public:
  ErrorSilencer() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~ErrorSilencer() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  ErrorSilencer(const ErrorSilencer&) = delete;
  ErrorSilencer& operator=(const ErrorSilencer&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

/// An owned HDF5 id (file, group, dataset, attribute, type, space or property
/// list), released when it goes out of scope.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  operator hid_t() const { return id_; }  // NOLINT: HDF5 calls take plain ids
  hid_t release() { return std::exchange(id_, H5I_INVALID_HID); }
  void reset() {
    if (id_ >= 0) H5Idec_ref(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

/// The innermost description on HDF5's error stack, on one line; clears the stack.
std::string hdf5_detail() {
  std::string detail;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* e, void* data) -> herr_t {
        if (n == 0 && e && e->desc) *static_cast<std::string*>(data) = e->desc;
        return 0;
      },
      &detail);
  H5Eclear2(H5E_DEFAULT);
  for (char& c : detail)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  while (!detail.empty() && detail.back() == ' ') detail.pop_back();
  return detail;
}

/// Where errors are reported: the file (as the user named it) and the object.
struct Ctx {
  std::string file;

  [[noreturn]] void fail(std::string_view object, std::string_view what) const {
    throw Error(fmt::format("{}: {}: {}", file, object, what));
  }
  [[noreturn]] void hdf5_fail(std::string_view object, std::string_view action) const {
    const std::string detail = hdf5_detail();
    if (detail.empty()) fail(object, fmt::format("cannot {}", action));
    fail(object, fmt::format("cannot {} ({})", action, detail));
  }
  /// Takes ownership of a new id, or throws when HDF5 returned an error.
  Handle own(hid_t id, std::string_view object, std::string_view action) const {
    if (id < 0) hdf5_fail(object, action);
    return Handle(id);
  }
  /// Throws when a status (herr_t/htri_t) is negative; returns it otherwise.
  int check(int status, std::string_view object, std::string_view action) const {
    if (status < 0) hdf5_fail(object, action);
    return status;
  }
};

/// HDF5 iteration callback appending each name to a std::vector<std::string>.
template <class Info>
herr_t collect_name(hid_t, const char* name, const Info*, void* data) {
  try {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  } catch (...) {
    return -1;
  }
  return 0;
}

std::string child_path(const std::string& parent, const std::string& name) {
  return parent == "/" ? "/" + name : parent + "/" + name;
}

// Lengths in nanometres under EMD's bracketed unit spelling, angles in
// "[deg]": what tomviz (which takes a "[deg]" first dim as a tilt series)
// and HyperSpy (which reads bracketed units) understand; the exact sizes in
// Å stay in the voxel_A / pixel_A attributes.
constexpr const char* kLengthUnits = "[n_m]";
constexpr double kNmPerAngstrom = 0.1;
constexpr const char* kAngleUnits = "[deg]";
constexpr double kRelTol = 1e-4;  // agreement of dim spacings with each other / with voxel_A

/// Coordinates of the n samples of an axis: (k - n/2) * step (docs/conventions.md).
std::vector<double> axis_coords(int n, double step) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) v[std::size_t(k)] = double(k - n / 2) * step;
  return v;
}

std::vector<std::int64_t> index_coords(std::size_t n) {
  std::vector<std::int64_t> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = static_cast<std::int64_t>(k);
  return v;
}

/// Rejects names that cannot be HDF5 link names.
void check_link_name(const Ctx& ctx, std::string_view where, std::string_view kind, const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
      name.find('\0') != std::string::npos)
    ctx.fail(where,
             fmt::format("'{}' is not a valid {} name (empty, '.', '..' or containing '/')", name, kind));
}

// ---------------------------------------------------------------------------
// Writing.

class Writer {
 public:
  explicit Writer(Ctx ctx) : ctx_(std::move(ctx)) {
    gcpl_ = ctx_.own(H5Pcreate(H5P_GROUP_CREATE), "/", "create a group property list");
    ctx_.check(H5Pset_obj_track_times(gcpl_, false), "/", "turn off group timestamps");
    dcpl_ = ctx_.own(H5Pcreate(H5P_DATASET_CREATE), "/", "create a dataset property list");
    ctx_.check(H5Pset_obj_track_times(dcpl_, false), "/", "turn off dataset timestamps");
  }

  const Ctx& ctx() const { return ctx_; }

  Handle group(hid_t loc, const std::string& path, const std::string& name) const {
    return ctx_.own(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl_, H5P_DEFAULT), path, "create group");
  }

  void attr_string(hid_t obj, const std::string& path, const std::string& name,
                   const std::string& value) const {
    const std::string where = fmt::format("{} attribute '{}'", path, name);
    if (value.find('\0') != std::string::npos) ctx_.fail(where, "text contains a NUL character");
    Handle type = string_type(value.size(), where);
    Handle space = ctx_.own(H5Screate(H5S_SCALAR), where, "create dataspace");
    Handle attr =
        ctx_.own(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), where, "create");
    std::string padded = value;
    padded.resize(std::max<std::size_t>(1, value.size()), '\0');
    ctx_.check(H5Awrite(attr, type, padded.data()), where, "write");
  }

  void attr_int(hid_t obj, const std::string& path, const std::string& name, std::int32_t value) const {
    write_scalar_attr(obj, path, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &value);
  }
  void attr_double(hid_t obj, const std::string& path, const std::string& name, double value) const {
    write_scalar_attr(obj, path, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
  }

  /// A dataset of the given shape; `data` holds the product of `shape` values of `mem_type`.
  Handle dataset(hid_t loc, const std::string& path, const std::string& name, hid_t file_type, hid_t mem_type,
                 const std::vector<hsize_t>& shape, const void* data) const {
    const std::string where = child_path(path, name);
    Handle space =
        ctx_.own(H5Screate_simple(int(shape.size()), shape.data(), nullptr), where, "create dataspace");
    Handle ds = ctx_.own(H5Dcreate2(loc, name.c_str(), file_type, space, H5P_DEFAULT, dcpl_, H5P_DEFAULT),
                         where, "create dataset");
    if (count(shape) > 0)
      ctx_.check(H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), where, "write");
    return ds;
  }

  /// A dataset of fixed-length, NUL-padded UTF-8 strings (as h5py writes numpy bytes).
  Handle string_dataset(hid_t loc, const std::string& path, const std::string& name,
                        const std::vector<hsize_t>& shape, const std::vector<std::string>& values) const {
    const std::string where = child_path(path, name);
    std::size_t width = 1;
    for (const auto& s : values) {
      if (s.find('\0') != std::string::npos) ctx_.fail(where, "text contains a NUL character");
      width = std::max(width, s.size());
    }
    std::string buffer(values.size() * width, '\0');
    for (std::size_t k = 0; k < values.size(); ++k)
      std::copy(values[k].begin(), values[k].end(), buffer.begin() + std::ptrdiff_t(k * width));
    Handle type = string_type(width, where);
    return dataset(loc, path, name, type, type, shape, buffer.data());
  }

  /// dim<k> of a group: the sample coordinates with `name` and `units` attributes.
  void dim(hid_t group, const std::string& path, int k, const std::vector<double>& values,
           const std::string& name, const std::string& units) const {
    const std::string dname = fmt::format("dim{}", k);
    Handle ds = dataset(group, path, dname, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {hsize_t(values.size())},
                        values.data());
    attr_string(ds, child_path(path, dname), "name", name);
    attr_string(ds, child_path(path, dname), "units", units);
  }
  void dim(hid_t group, const std::string& path, int k, const std::vector<std::int64_t>& values,
           const std::string& name, const std::string& units) const {
    const std::string dname = fmt::format("dim{}", k);
    Handle ds =
        dataset(group, path, dname, H5T_STD_I64LE, H5T_NATIVE_INT64, {hsize_t(values.size())}, values.data());
    attr_string(ds, child_path(path, dname), "name", name);
    attr_string(ds, child_path(path, dname), "units", units);
  }

  /// A `metadata` subgroup holding one string attribute per entry.
  void metadata(hid_t loc, const std::string& path, const Metadata& md) const {
    const std::string where = child_path(path, "metadata");
    Handle g = group(loc, where, "metadata");
    for (const auto& [key, value] : md) {
      if (key.empty()) ctx_.fail(where, "metadata key is empty");
      attr_string(g, where, key, value);
    }
  }

  /// The common head of an EMD data group /data/<name>.
  Handle data_group(hid_t data, const std::string& name, const char* type) const {
    const std::string path = child_path("/data", name);
    Handle g = group(data, path, name);
    attr_int(g, path, "emd_group_type", 1);
    attr_string(g, path, "aetbench_type", type);
    return g;
  }

 private:
  static std::size_t count(const std::vector<hsize_t>& shape) {
    std::size_t n = 1;
    for (hsize_t d : shape) n *= std::size_t(d);
    return n;
  }

  Handle string_type(std::size_t size, std::string_view where) const {
    Handle type = ctx_.own(H5Tcopy(H5T_C_S1), where, "create string type");
    ctx_.check(H5Tset_size(type, std::max<std::size_t>(1, size)), where, "size string type");
    ctx_.check(H5Tset_strpad(type, H5T_STR_NULLPAD), where, "set string padding");
    ctx_.check(H5Tset_cset(type, H5T_CSET_UTF8), where, "set string character set");
    return type;
  }

  void write_scalar_attr(hid_t obj, const std::string& path, const std::string& name, hid_t file_type,
                         hid_t mem_type, const void* value) const {
    const std::string where = fmt::format("{} attribute '{}'", path, name);
    Handle space = ctx_.own(H5Screate(H5S_SCALAR), where, "create dataspace");
    Handle attr =
        ctx_.own(H5Acreate2(obj, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT), where, "create");
    ctx_.check(H5Awrite(attr, mem_type, value), where, "write");
  }

  Ctx ctx_;
  Handle gcpl_, dcpl_;
};

void write_volume(const Writer& w, hid_t data, const std::string& name, const Volume& v) {
  const std::string path = child_path("/data", name);
  if (v.size() == 0 || v.data().size() != v.geometry().size())
    w.ctx().fail(path, fmt::format("volume holds {} values for a {}x{}x{} grid", v.data().size(), v.nz(),
                                   v.ny(), v.nx()));
  if (!(v.voxel_A() > 0.0) || !std::isfinite(v.voxel_A()))
    w.ctx().fail(path, fmt::format("voxel size {} Å is not a positive number", v.voxel_A()));
  Handle g = w.data_group(data, name, "volume");
  w.attr_double(g, path, "voxel_A", v.voxel_A());
  w.dataset(g, path, "data", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
            {hsize_t(v.nz()), hsize_t(v.ny()), hsize_t(v.nx())}, v.data().data());
  w.dim(g, path, 1, axis_coords(v.nz(), v.voxel_A() * kNmPerAngstrom), "z", kLengthUnits);
  w.dim(g, path, 2, axis_coords(v.ny(), v.voxel_A() * kNmPerAngstrom), "y", kLengthUnits);
  w.dim(g, path, 3, axis_coords(v.nx(), v.voxel_A() * kNmPerAngstrom), "x", kLengthUnits);
  w.metadata(g, path, v.metadata());
}

void write_tilt_series(const Writer& w, hid_t data, const std::string& name, const TiltSeries& ts) {
  const std::string path = child_path("/data", name);
  const std::size_t nt = std::size_t(ts.nt());
  if (nt == 0 || ts.image_size() == 0 || ts.data().size() != nt * ts.image_size())
    w.ctx().fail(path, fmt::format("tilt series holds {} values for {} images of {}x{}", ts.data().size(), nt,
                                   ts.ny(), ts.nx()));
  if (!(ts.pixel_A() > 0.0) || !std::isfinite(ts.pixel_A()))
    w.ctx().fail(path, fmt::format("pixel size {} Å is not a positive number", ts.pixel_A()));
  std::vector<double> tilts(nt), euler(nt * 3), shifts(nt * 2);
  std::vector<std::int8_t> has_euler(nt);
  for (std::size_t k = 0; k < nt; ++k) {
    const auto& im = ts.geometry().images[k];
    tilts[k] = im.tilt_deg;
    has_euler[k] = im.has_euler ? 1 : 0;
    for (int c = 0; c < 3; ++c) euler[k * 3 + std::size_t(c)] = im.euler_deg[std::size_t(c)];
    for (int c = 0; c < 2; ++c) shifts[k * 2 + std::size_t(c)] = im.shift_px[std::size_t(c)];
  }
  Handle g = w.data_group(data, name, "tilt_series");
  w.attr_double(g, path, "pixel_A", ts.pixel_A());
  w.dataset(g, path, "data", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
            {hsize_t(nt), hsize_t(ts.ny()), hsize_t(ts.nx())}, ts.data().data());
  w.dim(g, path, 1, tilts, "angle", kAngleUnits);
  w.dim(g, path, 2, axis_coords(ts.ny(), ts.pixel_A() * kNmPerAngstrom), "y", kLengthUnits);
  w.dim(g, path, 3, axis_coords(ts.nx(), ts.pixel_A() * kNmPerAngstrom), "x", kLengthUnits);
  w.dataset(g, path, "euler_deg", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {hsize_t(nt), 3}, euler.data());
  w.dataset(g, path, "has_euler", H5T_STD_I8LE, H5T_NATIVE_INT8, {hsize_t(nt)}, has_euler.data());
  w.dataset(g, path, "shifts_px", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {hsize_t(nt), 2}, shifts.data());
  w.metadata(g, path, ts.metadata());
}

void write_atom_model(const Writer& w, hid_t data, const std::string& name, const AtomModel& m) {
  const std::string path = child_path("/data", name);
  try {
    m.validate("atom model");
  } catch (const Error& e) {
    w.ctx().fail(path, e.what());
  }
  const std::size_t n = m.size();
  std::vector<double> positions(n * 3);
  for (std::size_t a = 0; a < n; ++a)
    for (int c = 0; c < 3; ++c) positions[a * 3 + std::size_t(c)] = m.positions()[a][c];
  Handle g = w.data_group(data, name, "atom_model");
  w.dataset(g, path, "data", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {hsize_t(n), 3}, positions.data());
  w.dim(g, path, 1, index_coords(n), "atom", "index");
  w.dim(g, path, 2, index_coords(3), "x, y, z", "index");
  w.string_dataset(g, path, "species", {hsize_t(n)}, m.species());

  const std::string cpath = child_path(path, "columns");
  Handle cols = w.group(g, cpath, "columns");
  for (std::size_t k = 0; k < m.columns().size(); ++k) {
    const AtomColumn& c = m.columns()[k];
    check_link_name(w.ctx(), cpath, "column", c.name);
    const std::vector<hsize_t> shape{hsize_t(n), hsize_t(c.components)};
    Handle ds;
    switch (c.type) {
      case ColumnType::Real:
        ds = w.dataset(cols, cpath, c.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, shape, c.reals.data());
        break;
      case ColumnType::Int:
        ds = w.dataset(cols, cpath, c.name, H5T_STD_I64LE, H5T_NATIVE_INT64, shape, c.ints.data());
        break;
      case ColumnType::Bool: {
        std::vector<std::int8_t> flags(c.ints.size());
        for (std::size_t i = 0; i < flags.size(); ++i) flags[i] = c.ints[i] != 0 ? 1 : 0;
        ds = w.dataset(cols, cpath, c.name, H5T_STD_I8LE, H5T_NATIVE_INT8, shape, flags.data());
        break;
      }
      case ColumnType::String:
        ds = w.string_dataset(cols, cpath, c.name, shape, c.strings);
        break;
    }
    const std::string dpath = child_path(cpath, c.name);
    w.attr_string(ds, dpath, "type", std::string(1, column_type_letter(c.type)));
    w.attr_int(ds, dpath, "index", static_cast<std::int32_t>(k));
  }
  w.metadata(g, path, m.metadata());
}

// ---------------------------------------------------------------------------
// Reading.

class Reader {
 public:
  explicit Reader(Ctx ctx) : ctx_(std::move(ctx)) {}
  const Ctx& ctx() const { return ctx_; }

  bool has_link(hid_t loc, const std::string& path, const std::string& name) const {
    return ctx_.check(H5Lexists(loc, name.c_str(), H5P_DEFAULT), child_path(path, name), "look up") > 0;
  }
  bool has_attr(hid_t obj, const std::string& path, const std::string& name) const {
    return ctx_.check(H5Aexists(obj, name.c_str()), fmt::format("{} attribute '{}'", path, name), "look up") >
           0;
  }

  Handle open_group(hid_t loc, const std::string& path, const std::string& name) const {
    return ctx_.own(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), child_path(path, name), "open group");
  }
  Handle open_dataset(hid_t loc, const std::string& path, const std::string& name) const {
    return ctx_.own(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), child_path(path, name), "open dataset");
  }
  /// The HDF5 kind (H5I_GROUP, H5I_DATASET, ...) of a child.
  H5I_type_t kind(hid_t loc, const std::string& path, const std::string& name) const {
    Handle obj = ctx_.own(H5Oopen(loc, name.c_str(), H5P_DEFAULT), child_path(path, name), "open object");
    return H5Iget_type(obj);
  }

  /// Names of a group's links, in name order.
  std::vector<std::string> children(hid_t g, const std::string& path) const {
    std::vector<std::string> names;
    hsize_t idx = 0;
    ctx_.check(H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, &collect_name<H5L_info_t>, &names), path,
               "list the group");
    return names;
  }

  /// Names of an object's attributes, in name order.
  std::vector<std::string> attribute_names(hid_t obj, const std::string& path) const {
    std::vector<std::string> names;
    hsize_t idx = 0;
    ctx_.check(H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, &collect_name<H5A_info_t>, &names), path,
               "list attributes");
    return names;
  }

  /// A single-valued text attribute, fixed-length or variable-length.
  std::string attr_string(hid_t obj, const std::string& path, const std::string& name) const {
    const std::string where = fmt::format("{} attribute '{}'", path, name);
    Handle attr = ctx_.own(H5Aopen(obj, name.c_str(), H5P_DEFAULT), where, "open");
    Handle type = ctx_.own(H5Aget_type(attr), where, "get type");
    if (H5Tget_class(type) != H5T_STRING) ctx_.fail(where, "is not text");
    Handle space = ctx_.own(H5Aget_space(attr), where, "get dataspace");
    if (H5Sget_simple_extent_npoints(space) != 1) ctx_.fail(where, "is not a single text value");
    if (ctx_.check(H5Tis_variable_str(type), where, "get type") > 0) {
      Handle mem = variable_string_type(type, where);
      char* text = nullptr;
      ctx_.check(H5Aread(attr, mem, &text), where, "read");
      std::string value = text ? text : "";
      H5free_memory(text);
      return value;
    }
    const std::size_t size = H5Tget_size(type);
    if (size == 0 || size > kMaxElements) ctx_.fail(where, "has an absurd size");
    std::string buffer(size, '\0');
    ctx_.check(H5Aread(attr, type, buffer.data()), where, "read");
    return trim_fixed(buffer, H5Tget_strpad(type));
  }

  /// A single-valued numeric attribute.
  double attr_number(hid_t obj, const std::string& path, const std::string& name) const {
    const std::string where = fmt::format("{} attribute '{}'", path, name);
    Handle attr = ctx_.own(H5Aopen(obj, name.c_str(), H5P_DEFAULT), where, "open");
    Handle type = ctx_.own(H5Aget_type(attr), where, "get type");
    const H5T_class_t cls = H5Tget_class(type);
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) ctx_.fail(where, "is not a number");
    Handle space = ctx_.own(H5Aget_space(attr), where, "get dataspace");
    if (H5Sget_simple_extent_npoints(space) != 1) ctx_.fail(where, "is not a single number");
    double value = 0.0;
    ctx_.check(H5Aread(attr, H5T_NATIVE_DOUBLE, &value), where, "read");
    return value;
  }

  /// The shape of a dataset (empty for a scalar).
  std::vector<hsize_t> shape(hid_t ds, const std::string& where) const {
    Handle space = ctx_.own(H5Dget_space(ds), where, "get dataspace");
    const int rank = ctx_.check(H5Sget_simple_extent_ndims(space), where, "get rank");
    std::vector<hsize_t> dims(std::size_t(rank), 0);
    if (rank > 0) ctx_.check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), where, "get shape");
    long double total = 1;
    for (hsize_t d : dims) total *= static_cast<long double>(d);
    if (total > static_cast<long double>(kMaxElements))
      ctx_.fail(where, fmt::format("{} elements is an absurd size", static_cast<double>(total)));
    return dims;
  }

  /// A numeric dataset converted to T (`mem_type`); integer data only unless `allow_float`.
  template <class T>
  std::vector<T> numeric(hid_t loc, const std::string& path, const std::string& name, hid_t mem_type,
                         bool allow_float, std::vector<hsize_t>& dims) const {
    const std::string where = child_path(path, name);
    Handle ds = open_dataset(loc, path, name);
    Handle type = ctx_.own(H5Dget_type(ds), where, "get type");
    const H5T_class_t cls = H5Tget_class(type);
    if (!(cls == H5T_INTEGER || (allow_float && cls == H5T_FLOAT)))
      ctx_.fail(where, allow_float ? "is not numeric" : "is not integer");
    dims = shape(ds, where);
    std::size_t n = 1;
    for (hsize_t d : dims) n *= std::size_t(d);
    std::vector<T> values(n);
    if (n > 0) ctx_.check(H5Dread(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), where, "read");
    return values;
  }

  /// A text dataset, fixed-length or variable-length strings.
  std::vector<std::string> strings(hid_t loc, const std::string& path, const std::string& name,
                                   std::vector<hsize_t>& dims) const {
    const std::string where = child_path(path, name);
    Handle ds = open_dataset(loc, path, name);
    Handle type = ctx_.own(H5Dget_type(ds), where, "get type");
    if (H5Tget_class(type) != H5T_STRING) ctx_.fail(where, "is not text");
    dims = shape(ds, where);
    std::size_t n = 1;
    for (hsize_t d : dims) n *= std::size_t(d);
    std::vector<std::string> values(n);
    if (n == 0) return values;
    if (ctx_.check(H5Tis_variable_str(type), where, "get type") > 0) {
      Handle mem = variable_string_type(type, where);
      Handle space = ctx_.own(H5Dget_space(ds), where, "get dataspace");
      std::vector<char*> text(n, nullptr);
      const herr_t status = H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data());
      if (status >= 0)
        for (std::size_t k = 0; k < n; ++k) values[k] = text[k] ? text[k] : "";
      const std::string detail = status < 0 ? hdf5_detail() : std::string();
      H5Dvlen_reclaim(mem, space, H5P_DEFAULT, text.data());
      if (status < 0)
        ctx_.fail(where, detail.empty() ? "cannot read" : fmt::format("cannot read ({})", detail));
      return values;
    }
    const std::size_t size = H5Tget_size(type);
    if (size == 0 || static_cast<long double>(size) * n > static_cast<long double>(kMaxElements))
      ctx_.fail(where, "has an absurd size");
    std::string buffer(size * n, '\0');
    ctx_.check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), where, "read");
    const H5T_str_t pad = H5Tget_strpad(type);
    for (std::size_t k = 0; k < n; ++k) values[k] = trim_fixed(buffer.substr(k * size, size), pad);
    return values;
  }

  /// String attributes of the `metadata` subgroup, if there is one.
  Metadata metadata(hid_t loc, const std::string& path) const {
    Metadata md;
    if (!has_link(loc, path, "metadata")) return md;
    const std::string where = child_path(path, "metadata");
    Handle g = open_group(loc, path, "metadata");
    for (const auto& key : attribute_names(g, where)) md.set(key, attr_string(g, where, key));
    return md;
  }

 private:
  /// Memory type for reading variable-length strings of `file_type` (same
  /// character set: HDF5 does not convert between ASCII and UTF-8).
  Handle variable_string_type(hid_t file_type, std::string_view where) const {
    Handle mem = ctx_.own(H5Tcopy(H5T_C_S1), where, "create string type");
    ctx_.check(H5Tset_size(mem, H5T_VARIABLE), where, "create string type");
    ctx_.check(H5Tset_cset(mem, H5Tget_cset(file_type)), where, "create string type");
    return mem;
  }
  static std::string trim_fixed(std::string text, H5T_str_t pad) {
    if (pad == H5T_STR_SPACEPAD) {
      while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
      return text;
    }
    const auto nul = text.find('\0');
    if (nul != std::string::npos) text.resize(nul);
    return text;
  }

  Ctx ctx_;
};

/// One dim<k> dataset: its values (as double), name and units.
struct Dim {
  std::vector<double> values;
  std::string name, units;
};

/// Reads dim1..dimN of a data group and checks them against the data shape.
/// Strict (aetbench) groups need 1D dims of exactly the axis length; foreign
/// groups may also have (n, 1) dims or HyperSpy's two-value (offset, offset + step).
std::vector<Dim> read_dims(const Reader& r, hid_t g, const std::string& path,
                           const std::vector<hsize_t>& shape, bool strict) {
  std::vector<Dim> dims;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    const std::string name = fmt::format("dim{}", k + 1);
    const std::string where = child_path(path, name);
    if (!r.has_link(g, path, name))
      r.ctx().fail(where, "is missing (EMD needs one dim dataset per data axis)");
    Dim d;
    std::vector<hsize_t> dshape;
    d.values = r.numeric<double>(g, path, name, H5T_NATIVE_DOUBLE, true, dshape);
    const bool one_d = dshape.size() == 1 || (!strict && dshape.size() == 2 && dshape[1] == 1);
    const bool length_ok = d.values.size() == shape[k] || (!strict && d.values.size() == 2 && shape[k] >= 2);
    if (!one_d || !length_ok)
      r.ctx().fail(where,
                   fmt::format("has {} values for a data axis of length {}", d.values.size(), shape[k]));
    Handle ds = r.open_dataset(g, path, name);
    if (r.has_attr(ds, where, "name")) d.name = r.attr_string(ds, where, "name");
    if (r.has_attr(ds, where, "units")) d.units = r.attr_string(ds, where, "units");
    dims.push_back(std::move(d));
  }
  return dims;
}

/// A units text without EMD's brackets and letter separators ("[n_m]" and
/// HyperSpy's "[d_e_g]" become "nm" and "deg"), in lower case.
std::string plain_units(const std::string& units) {
  std::string u;
  for (char c : units)
    if (c != '[' && c != ']' && c != '_' && c != ' ')
      u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return u;
}

/// Degrees per unit of an angle `units` text ("deg", "[deg]", "rad", ...);
/// nullopt when the text names no angle unit.
std::optional<double> degrees_per_unit(const std::string& units) {
  const std::string u = plain_units(units);
  if (u == "deg" || u == "degree" || u == "degrees" || u == "°") return 1.0;
  if (u == "rad" || u == "radian" || u == "radians") return 180.0 / std::numbers::pi;
  return std::nullopt;
}

/// Å per unit of a length `units` text ("Å", "nm", EMD's "[n_m]", "pm", "m");
/// anything else (none, pixels) is taken as Å.
double angstrom_per_unit(const std::string& units) {
  const std::string u = plain_units(units);
  if (u == "nm" || u == "nanometer" || u == "nanometers") return 10.0;
  if (u == "pm" || u == "picometer" || u == "picometers") return 0.01;
  if (u == "m" || u == "meter" || u == "meters") return 1e10;
  return 1.0;
}

/// The step in Å of an evenly spaced length axis (nullopt for a one-sample axis).
std::optional<double> dim_step_A(const Ctx& ctx, const std::string& where, const Dim& d) {
  const std::size_t n = d.values.size();
  if (n < 2) return std::nullopt;
  const double step = (d.values[n - 1] - d.values[0]) / double(n - 1);
  if (!(step > 0.0) || !std::isfinite(step))
    ctx.fail(where, fmt::format("sample step {} is not a positive finite number", step));
  for (std::size_t k = 1; k < n; ++k) {
    const double s = d.values[k] - d.values[k - 1];
    if (!(std::fabs(s - step) <= kRelTol * step)) ctx.fail(where, "samples are not evenly spaced");
  }
  return step * angstrom_per_unit(d.units);
}

/// The grid step in Å of a group from its length dims, checked against each other and
/// against the group's `attr` attribute (voxel_A / pixel_A) when it has one.
double grid_step_A(const Reader& r, hid_t g, const std::string& path, const std::vector<Dim>& dims,
                   std::size_t first_length_dim, const char* attr) {
  std::optional<double> step;
  if (r.has_attr(g, path, attr)) {
    const double v = r.attr_number(g, path, attr);
    if (!(v > 0.0) || !std::isfinite(v))
      r.ctx().fail(fmt::format("{} attribute '{}'", path, attr),
                   fmt::format("{} Å is not a positive number", v));
    step = v;
  }
  for (std::size_t k = first_length_dim; k < dims.size(); ++k) {
    const std::string where = child_path(path, fmt::format("dim{}", k + 1));
    const auto s = dim_step_A(r.ctx(), where, dims[k]);
    if (!s) continue;
    if (!step) {
      step = s;
    } else if (!(std::fabs(*s - *step) <= kRelTol * *step)) {
      r.ctx().fail(where, fmt::format("step {} Å disagrees with {} Å ({} or another dim)", *s, *step, attr));
    }
  }
  return step.value_or(1.0);
}

Volume read_volume(const Reader& r, hid_t g, const std::string& path, bool foreign) {
  std::vector<hsize_t> shape;
  std::vector<float> values = r.numeric<float>(g, path, "data", H5T_NATIVE_FLOAT, true, shape);
  if (shape.size() != 3 && !(foreign && shape.size() == 2))
    r.ctx().fail(child_path(path, "data"), fmt::format("has {} dimensions, a volume needs 3", shape.size()));
  const std::vector<Dim> dims = read_dims(r, g, path, shape, !foreign);
  const double voxel = grid_step_A(r, g, path, dims, 0, "voxel_A");
  if (shape.size() == 2) shape.insert(shape.begin(), 1);  // a 2D image is a one-slice volume
  for (hsize_t d : shape)
    if (d > hsize_t(1) << 30) r.ctx().fail(child_path(path, "data"), "axis too long");
  try {
    const VolumeGeometry geometry{static_cast<int>(shape[0]), static_cast<int>(shape[1]),
                                  static_cast<int>(shape[2]), voxel};
    Volume v(geometry, std::move(values));
    if (!foreign) v.metadata() = r.metadata(g, path);
    return v;
  } catch (const Error& e) {
    r.ctx().fail(path, e.what());
  }
}

/// A 3D array of shape (a, b, c) as (c, b, a): out[k][j][i] = in[i][j][k].
std::vector<float> reverse_axes(const std::vector<float>& in, const std::vector<hsize_t>& shape) {
  const std::size_t a = shape[0], b = shape[1], c = shape[2];
  std::vector<float> out(in.size());
  for (std::size_t i = 0; i < a; ++i)
    for (std::size_t j = 0; j < b; ++j)
      for (std::size_t k = 0; k < c; ++k) out[(k * b + j) * a + i] = in[(i * b + j) * c + k];
  return out;
}

/// The tilt angles in degrees from a tilt series' dim1: its values in its
/// angle units (degrees when it names none), HyperSpy's two values (offset,
/// offset + step) spread over the n images.
std::vector<double> tilt_angles(const Reader& r, const std::string& path, const Dim& d, std::size_t nt) {
  const std::string where = child_path(path, "dim1");
  const double factor = degrees_per_unit(d.units).value_or(1.0);
  std::vector<double> angles(nt);
  for (std::size_t k = 0; k < nt; ++k) {
    const double v = d.values.size() == nt ? d.values[k] : d.values[0] + double(k) * (d.values[1] - d.values[0]);
    angles[k] = v * factor;
    if (!std::isfinite(angles[k]) || std::fabs(angles[k]) > 180.0)
      r.ctx().fail(where, fmt::format("tilt angle {} is not a finite angle within ±180°", angles[k]));
  }
  return angles;
}

TiltSeries read_tilt_series(const Reader& r, hid_t g, const std::string& path, bool foreign) {
  std::vector<hsize_t> shape;
  std::vector<float> values = r.numeric<float>(g, path, "data", H5T_NATIVE_FLOAT, true, shape);
  if (shape.size() != 3)
    r.ctx().fail(child_path(path, "data"),
                 fmt::format("has {} dimensions, a tilt series needs 3", shape.size()));
  for (hsize_t d : shape)
    if (d > hsize_t(1) << 30) r.ctx().fail(child_path(path, "data"), "axis too long");
  std::vector<Dim> dims = read_dims(r, g, path, shape, !foreign);
  if (foreign && !degrees_per_unit(dims[0].units) && degrees_per_unit(dims[2].units)) {
    // HyperSpy stores the axes reversed, (x, y, angle), with the angle last.
    values = reverse_axes(values, shape);
    std::reverse(shape.begin(), shape.end());
    std::reverse(dims.begin(), dims.end());
  }
  const std::size_t nt = shape[0];
  const double pixel = grid_step_A(r, g, path, dims, 1, "pixel_A");

  TiltGeometry geometry = TiltGeometry::from_tilts(tilt_angles(r, path, dims[0], nt));
  std::vector<hsize_t> s;
  if (r.has_link(g, path, "euler_deg")) {
    const auto euler = r.numeric<double>(g, path, "euler_deg", H5T_NATIVE_DOUBLE, true, s);
    if (s != std::vector<hsize_t>{nt, 3})
      r.ctx().fail(child_path(path, "euler_deg"), "shape is not (images, 3)");
    for (std::size_t k = 0; k < nt; ++k) {
      geometry.images[k].has_euler = true;
      for (std::size_t c = 0; c < 3; ++c) geometry.images[k].euler_deg[c] = euler[k * 3 + c];
    }
  }
  if (r.has_link(g, path, "has_euler")) {
    const auto flags = r.numeric<std::int64_t>(g, path, "has_euler", H5T_NATIVE_INT64, false, s);
    if (s != std::vector<hsize_t>{nt}) r.ctx().fail(child_path(path, "has_euler"), "shape is not (images)");
    for (std::size_t k = 0; k < nt; ++k) {
      if (flags[k] != 0 && flags[k] != 1)
        r.ctx().fail(child_path(path, "has_euler"), "holds a value other than 0 or 1");
      geometry.images[k].has_euler = flags[k] == 1;
    }
  }
  if (r.has_link(g, path, "shifts_px")) {
    const auto shifts = r.numeric<double>(g, path, "shifts_px", H5T_NATIVE_DOUBLE, true, s);
    if (s != std::vector<hsize_t>{nt, 2})
      r.ctx().fail(child_path(path, "shifts_px"), "shape is not (images, 2)");
    for (std::size_t k = 0; k < nt; ++k)
      for (std::size_t c = 0; c < 2; ++c) geometry.images[k].shift_px[c] = shifts[k * 2 + c];
  }
  try {
    TiltSeries ts(static_cast<int>(shape[1]), static_cast<int>(shape[2]), pixel, std::move(geometry),
                  std::move(values));
    if (!foreign) ts.metadata() = r.metadata(g, path);
    return ts;
  } catch (const Error& e) {
    r.ctx().fail(path, e.what());
  }
}

ColumnType column_type_from_letter(const Ctx& ctx, const std::string& where, const std::string& letter) {
  if (letter == "R") return ColumnType::Real;
  if (letter == "I") return ColumnType::Int;
  if (letter == "L") return ColumnType::Bool;
  if (letter == "S") return ColumnType::String;
  ctx.fail(where, fmt::format("type '{}' is not R, I, L or S", printable(letter)));
}

AtomModel read_atom_model(const Reader& r, hid_t g, const std::string& path) {
  AtomModel m;
  std::vector<hsize_t> shape;
  const auto positions = r.numeric<double>(g, path, "data", H5T_NATIVE_DOUBLE, true, shape);
  if (shape.size() != 2 || shape[1] != 3)
    r.ctx().fail(child_path(path, "data"), "positions are not of shape (atoms, 3)");
  const std::size_t n = shape[0];
  if (n > limits::kMaxAtoms)
    r.ctx().fail(child_path(path, "data"), fmt::format("{} atoms is more than {}", n, limits::kMaxAtoms));
  read_dims(r, g, path, shape, true);
  m.positions().resize(n);
  for (std::size_t a = 0; a < n; ++a)
    m.positions()[a] = Vec3(positions[a * 3], positions[a * 3 + 1], positions[a * 3 + 2]);
  m.species() = r.strings(g, path, "species", shape);
  if (shape != std::vector<hsize_t>{n})
    r.ctx().fail(child_path(path, "species"), fmt::format("does not hold {} names", n));

  if (r.has_link(g, path, "columns")) {
    const std::string cpath = child_path(path, "columns");
    Handle cols = r.open_group(g, path, "columns");
    // Columns keep the order they were written in (their `index` attribute).
    std::vector<std::pair<double, std::string>> order;
    for (const auto& name : r.children(cols, cpath)) {
      Handle ds = r.open_dataset(cols, cpath, name);
      const std::string where = child_path(cpath, name);
      const double index = r.has_attr(ds, where, "index") ? r.attr_number(ds, where, "index") : 1e300;
      order.emplace_back(index, name);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [index, name] : order) {
      const std::string where = child_path(cpath, name);
      Handle ds = r.open_dataset(cols, cpath, name);
      if (!r.has_attr(ds, where, "type")) r.ctx().fail(where, "has no 'type' attribute");
      const ColumnType type = column_type_from_letter(r.ctx(), where, r.attr_string(ds, where, "type"));
      std::vector<hsize_t> cshape;
      AtomColumn col;
      switch (type) {
        case ColumnType::Real:
          col.reals = r.numeric<double>(cols, cpath, name, H5T_NATIVE_DOUBLE, true, cshape);
          break;
        case ColumnType::Int:
        case ColumnType::Bool:
          col.ints = r.numeric<std::int64_t>(cols, cpath, name, H5T_NATIVE_INT64, false, cshape);
          break;
        case ColumnType::String:
          col.strings = r.strings(cols, cpath, name, cshape);
          break;
      }
      if (cshape.empty() || cshape.size() > 2 || cshape[0] != n || (cshape.size() == 2 && cshape[1] == 0) ||
          (cshape.size() == 2 && cshape[1] > (1u << 20)))
        r.ctx().fail(where, fmt::format("shape is not (atoms = {}, components)", n));
      if (type == ColumnType::Bool)
        for (auto& v : col.ints) v = v != 0 ? 1 : 0;
      try {
        AtomColumn& c = m.add_column(name, type, cshape.size() == 2 ? int(cshape[1]) : 1);
        c.reals = std::move(col.reals);
        c.ints = std::move(col.ints);
        c.strings = std::move(col.strings);
      } catch (const Error& e) {
        r.ctx().fail(where, e.what());
      }
    }
  }
  m.metadata() = r.metadata(g, path);
  try {
    m.validate("atom model");
  } catch (const Error& e) {
    r.ctx().fail(path, e.what());
  }
  return m;
}

/// Whether a data group written by another program holds something read as a volume:
/// emd_group_type = 1 and a 2D or 3D integer or float `data` dataset.
bool foreign_volume(const Reader& r, hid_t g, const std::string& path);

/// Whether a foreign data group is a tilt series, as tomviz tells one: 3D
/// data whose first dim (dim1) is in angle units ("[deg]", "[rad]"); or, as
/// HyperSpy writes its axes reversed, whose last (dim3) is.
bool foreign_tilt_series(const Reader& r, hid_t g, const std::string& path) {
  if (!foreign_volume(r, g, path)) return false;
  Handle ds = r.open_dataset(g, path, "data");
  if (r.shape(ds, child_path(path, "data")).size() != 3) return false;
  for (const char* name : {"dim1", "dim3"}) {
    if (!r.has_link(g, path, name)) continue;
    Handle dim = r.open_dataset(g, path, name);
    const std::string where = child_path(path, name);
    if (r.has_attr(dim, where, "units") && degrees_per_unit(r.attr_string(dim, where, "units")).has_value())
      return true;
  }
  return false;
}

bool foreign_volume(const Reader& r, hid_t g, const std::string& path) {
  if (!r.has_attr(g, path, "emd_group_type")) return false;
  if (r.attr_number(g, path, "emd_group_type") != 1.0) return false;
  if (!r.has_link(g, path, "data") || r.kind(g, path, "data") != H5I_DATASET) return false;
  const std::string where = child_path(path, "data");
  Handle ds = r.open_dataset(g, path, "data");
  Handle type = r.ctx().own(H5Dget_type(ds), where, "get type");
  const H5T_class_t cls = H5Tget_class(type);
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) return false;
  const auto shape = r.shape(ds, where);
  return shape.size() == 2 || shape.size() == 3;
}

}  // namespace

void write_emd(const fs::path& path, const EmdFile& file) {
  const Ctx ctx{path.string()};
  std::set<std::string> names;
  auto claim = [&](const std::string& name) {
    check_link_name(ctx, "/data", "object", name);
    if (!names.insert(name).second) ctx.fail("/data", fmt::format("object name '{}' is used twice", name));
  };
  for (const auto& [name, v] : file.volumes) claim(name);
  for (const auto& [name, t] : file.tilt_series) claim(name);
  for (const auto& [name, m] : file.atom_models) claim(name);

  const ErrorSilencer silence;
  write_atomically(path, [&](const fs::path& tmp) {
    const Writer w(ctx);
    Handle fcpl = ctx.own(H5Pcreate(H5P_FILE_CREATE), "/", "create a file property list");
    ctx.check(H5Pset_obj_track_times(fcpl, false), "/", "turn off timestamps");
    Handle fapl = ctx.own(H5Pcreate(H5P_FILE_ACCESS), "/", "create a file access property list");
    // The HDF5 1.8 file format (readable by every HDF5 since 2008, h5py included)
    // stores attributes over 64 KiB (long metadata values) in dense storage.
    ctx.check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18), "/", "set the file format version");
#if H5_VERSION_GE(1, 10, 7)
    ctx.check(H5Pset_file_locking(fapl, true, true), "/", "set file locking");
#endif
    Handle f = ctx.own(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, fcpl, fapl), "/", "create the file");
    {
      w.attr_int(f, "/", "version_major", 1);
      w.attr_int(f, "/", "version_minor", 0);
      Handle data = w.group(f, "/data", "data");
      for (const auto& [name, v] : file.volumes) write_volume(w, data, name, v);
      for (const auto& [name, t] : file.tilt_series) write_tilt_series(w, data, name, t);
      for (const auto& [name, m] : file.atom_models) write_atom_model(w, data, name, m);
      w.metadata(f, "/", file.metadata);
    }
    ctx.check(H5Fclose(f.release()), "/", "close the file");
  });
}

void silence_hdf5_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

namespace {
/// Every object of an open file (read_emd, parse_emd).
EmdFile read_objects(const Ctx& ctx, hid_t f) {
  const Reader r(ctx);
  EmdFile out;
  // EMD 1.0 keeps its objects under /data; HyperSpy's EMD writer under /signals.
  for (const char* top : {"data", "signals"}) {
    if (!r.has_link(f, "/", top) || r.kind(f, "/", top) != H5I_GROUP) continue;
    const std::string tpath = child_path("/", top);
    Handle data = r.open_group(f, "/", top);
    for (const auto& name : r.children(data, tpath)) {
      const std::string gpath = child_path(tpath, name);
      if (r.kind(data, tpath, name) != H5I_GROUP) continue;
      Handle g = r.open_group(data, tpath, name);
      if (r.has_attr(g, gpath, "aetbench_type")) {
        const std::string type = r.attr_string(g, gpath, "aetbench_type");
        if (type == "volume") {
          out.volumes.emplace(name, read_volume(r, g, gpath, false));
        } else if (type == "tilt_series") {
          out.tilt_series.emplace(name, read_tilt_series(r, g, gpath, false));
        } else if (type == "atom_model") {
          out.atom_models.emplace(name, read_atom_model(r, g, gpath));
        } else {
          ctx.fail(gpath, fmt::format("unknown aetbench_type '{}'", printable(type)));
        }
      } else if (foreign_tilt_series(r, g, gpath)) {
        out.tilt_series.emplace(name, read_tilt_series(r, g, gpath, true));
      } else if (foreign_volume(r, g, gpath)) {
        out.volumes.emplace(name, read_volume(r, g, gpath, true));
      }
    }
  }
  if (out.empty())
    throw Error(fmt::format(
        "{}: no volume, tilt series or atom model found (expected EMD groups under /data or /signals)", ctx.file));
  if (r.has_link(f, "/", "metadata") && r.kind(f, "/", "metadata") == H5I_GROUP)
    out.metadata = r.metadata(f, "/");
  return out;
}
}  // namespace

EmdFile read_emd(const fs::path& path) {
  const Ctx ctx{path.string()};
  check_input_file(path);

  const ErrorSilencer silence;
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
  if (is_hdf5 == 0) throw Error(fmt::format("{}: not an HDF5 file", ctx.file));
  if (is_hdf5 < 0) ctx.hdf5_fail("/", "open the file");

  Handle fapl = ctx.own(H5Pcreate(H5P_FILE_ACCESS), "/", "create a file access property list");
#if H5_VERSION_GE(1, 10, 7)
  ctx.check(H5Pset_file_locking(fapl, true, true), "/", "set file locking");
#endif
  Handle f = ctx.own(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl), "/", "open the file");
  return read_objects(ctx, f);
}

EmdFile parse_emd(std::span<const std::byte> bytes, const std::string& name) {
  const Ctx ctx{name};
  static constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() < sizeof kSignature || std::memcmp(bytes.data(), kSignature, sizeof kSignature) != 0)
    throw Error(fmt::format("{}: not an HDF5 file", ctx.file));
  const ErrorSilencer silence;
  // The core driver without a backing store: the image is read in memory.
  Handle fapl = ctx.own(H5Pcreate(H5P_FILE_ACCESS), "/", "create a file access property list");
  ctx.check(H5Pset_fapl_core(fapl, 1 << 16, false), "/", "select the in-memory driver");
  ctx.check(H5Pset_file_image(fapl, const_cast<std::byte*>(bytes.data()), bytes.size()), "/", "set the file image");
  Handle f = ctx.own(H5Fopen(name.c_str(), H5F_ACC_RDONLY, fapl), "/", "open the file");
  return read_objects(ctx, f);
}

}  // namespace aet
