#include "core/mrc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/text_input.hpp"
#include "core/tlt.hpp"

namespace aet {

namespace {

constexpr std::size_t kHeaderBytes = 1024;
constexpr int kLabelCount = 10;
constexpr int kLabelBytes = 80;

// Byte offsets of the MRC2014 header fields used here.
enum Offset : std::size_t {
  kNx = 0, kNy = 4, kNz = 8, kMode = 12, kMx = 28, kMy = 32, kMz = 36, kCella = 40, kCellb = 52,
  kMapc = 64, kMapr = 68, kMaps = 72, kDmin = 76, kDmax = 80, kDmean = 84, kIspg = 88,
  kNsymbt = 92, kExttyp = 104, kNversion = 108, kOrigin = 196, kMap = 208, kMachst = 212,
  kRms = 216, kNlabl = 220, kLabels = 224
};

// Reads header words in the file's byte order.
class HeaderReader {
 public:
  HeaderReader(std::span<const std::byte> bytes, bool swap) : bytes_(bytes), swap_(swap) {}
  std::int32_t i32(std::size_t off) const { return std::bit_cast<std::int32_t>(word(off)); }
  float f32(std::size_t off) const { return std::bit_cast<float>(word(off)); }

 private:
  std::uint32_t word(std::size_t off) const {
    std::uint32_t w;
    std::memcpy(&w, bytes_.data() + off, 4);
    return swap_ ? __builtin_bswap32(w) : w;
  }
  std::span<const std::byte> bytes_;
  bool swap_;
};

std::size_t mode_bytes(int mode) {
  switch (mode) {
    case 0: return 1;
    case 1: return 2;
    case 2: return 4;
    case 6: return 2;
    case 12: return 2;
    default: return 0;
  }
}

// IEEE 754 binary16 to binary32 (mode 12). Written by hand: C++20 has no
// std::float16_t and FFTW/Eigen offer no converter for raw bytes.
float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = (h & 0x8000u) << 16;
  std::uint32_t exp = (h >> 10) & 0x1fu;
  std::uint32_t mant = h & 0x3ffu;
  std::uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      exp = 127 - 15 + 1;
      while ((mant & 0x400u) == 0) {
        mant <<= 1;
        --exp;
      }
      mant &= 0x3ffu;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  return std::bit_cast<float>(bits);
}

}  // namespace

MrcData parse_mrc(std::span<const std::byte> bytes, const std::string& name) {
  if (bytes.size() < kHeaderBytes)
    throw Error(fmt::format("{}: {} bytes is shorter than the 1024-byte MRC header", name, bytes.size()));
  if (std::memcmp(bytes.data() + kMap, "MAP", 3) != 0)
    throw Error(fmt::format("{}: no 'MAP ' tag at byte 208 (not an MRC2014 file)", name));
  const auto stamp0 = static_cast<unsigned char>(bytes[kMachst]);
  const auto stamp1 = static_cast<unsigned char>(bytes[kMachst + 1]);
  bool big_endian;
  if (stamp0 == 0x44 && (stamp1 == 0x44 || stamp1 == 0x41))
    big_endian = false;
  else if (stamp0 == 0x11 && (stamp1 == 0x11 || stamp1 == 0x12))
    big_endian = true;
  else
    throw Error(fmt::format("{}: machine stamp 0x{:02x}{:02x} is neither little- (4444) nor big-endian (1111)",
                            name, stamp0, stamp1));
  static_assert(std::endian::native == std::endian::little, "aetbench assumes a little-endian host");
  const bool swap = big_endian;
  const HeaderReader h(bytes, swap);

  MrcData m;
  m.nx = h.i32(kNx);
  m.ny = h.i32(kNy);
  m.nz = h.i32(kNz);
  m.mode = h.i32(kMode);
  m.ispg = h.i32(kIspg);
  const std::size_t elem = mode_bytes(m.mode);
  if (elem == 0)
    throw Error(fmt::format("{}: mode {} is not supported (0, 1, 2, 6 or 12)", name, m.mode));
  if (m.nx <= 0 || m.ny <= 0 || m.nz <= 0)
    throw Error(fmt::format("{}: dimensions {} x {} x {} are not positive", name, m.nx, m.ny, m.nz));
  check_shape(name.c_str(), {m.nx, m.ny, m.nz});
  const int mapc = h.i32(kMapc), mapr = h.i32(kMapr), maps = h.i32(kMaps);
  if (!(mapc == 1 && mapr == 2 && maps == 3) && !(mapc == 0 && mapr == 0 && maps == 0))
    throw Error(fmt::format("{}: axis order (MAPC, MAPR, MAPS) = ({}, {}, {}) is not (1, 2, 3)", name, mapc,
                            mapr, maps));
  const std::int32_t nsymbt = h.i32(kNsymbt);
  if (nsymbt < 0) throw Error(fmt::format("{}: extended header size NSYMBT = {} is negative", name, nsymbt));
  const std::size_t count = std::size_t(m.nx) * std::size_t(m.ny) * std::size_t(m.nz);
  const std::size_t expected = kHeaderBytes + std::size_t(nsymbt) + count * elem;
  if (bytes.size() != expected)
    throw Error(fmt::format("{}: {} bytes, but the header ({} x {} x {}, mode {}, NSYMBT {}) needs {}{}", name,
                            bytes.size(), m.nx, m.ny, m.nz, m.mode, nsymbt, expected,
                            bytes.size() < expected ? " (truncated)" : ""));

  const int mx = h.i32(kMx), my = h.i32(kMy);
  const float cx = h.f32(kCella), cy = h.f32(kCella + 4);
  if (mx > 0 && std::isfinite(cx) && cx > 0.0f) {
    // The header holds float32: take the float quotient's shortest decimal
    // form, so 25.6 Å / 64 reads as 0.4 Å, not 0.4000000059604645.
    const auto as_decimal = [](float v) { return std::strtod(fmt::format("{}", v).c_str(), nullptr); };
    const double vx = as_decimal(cx / float(mx));
    if (my > 0 && std::isfinite(cy) && cy > 0.0f) {
      const double vy = as_decimal(cy / float(my));
      if (std::fabs(vx - vy) > 1e-3 * vx)
        throw Error(fmt::format("{}: pixels are not square ({} x {} Å)", name, vx, vy));
    }
    if (!(vx >= limits::kMinPixel_A && vx <= limits::kMaxPixel_A))
      throw Error(fmt::format("{}: the header's cell ({} Å over {} pixels) gives {:g} Å pixels, outside {:g} to {:g} Å",
                              name, cx, mx, vx, limits::kMinPixel_A, limits::kMaxPixel_A));
    m.voxel_A = vx;
  }

  const int nlabl = std::clamp(h.i32(kNlabl), 0, kLabelCount);
  for (int l = 0; l < nlabl; ++l) {
    const char* p = reinterpret_cast<const char*>(bytes.data()) + kLabels + std::size_t(l) * kLabelBytes;
    std::string label(p, strnlen(p, kLabelBytes));
    while (!label.empty() && label.back() == ' ') label.pop_back();
    const auto eq = label.find('=');
    if (eq == std::string::npos || eq == 0 || label.find(' ') < eq) continue;
    m.metadata.set(label.substr(0, eq), label.substr(eq + 1));
  }

  m.data.resize(count);
  const std::byte* src = bytes.data() + kHeaderBytes + nsymbt;
  auto load = [&](auto tag, std::size_t i) {
    using T = decltype(tag);
    T v;
    std::memcpy(&v, src + i * sizeof(T), sizeof(T));
    if constexpr (sizeof(T) == 2) {
      if (swap) v = std::bit_cast<T>(__builtin_bswap16(std::bit_cast<std::uint16_t>(v)));
    } else if constexpr (sizeof(T) == 4) {
      if (swap) v = std::bit_cast<T>(__builtin_bswap32(std::bit_cast<std::uint32_t>(v)));
    }
    return v;
  };
  for (std::size_t i = 0; i < count; ++i) {
    switch (m.mode) {
      case 0: m.data[i] = float(load(std::int8_t{}, i)); break;
      case 1: m.data[i] = float(load(std::int16_t{}, i)); break;
      case 2: m.data[i] = load(float{}, i); break;
      case 6: m.data[i] = float(load(std::uint16_t{}, i)); break;
      case 12: m.data[i] = half_to_float(load(std::uint16_t{}, i)); break;
    }
  }
  return m;
}

MrcData read_mrc(const std::filesystem::path& path) {
  check_input_file(path);
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error(fmt::format("{}: cannot open file", path.string()));
  const std::streamoff size = in.tellg();
  if (size < 0) throw Error(fmt::format("{}: cannot read file size", path.string()));
  // Header, an extended header of at most 2^31 bytes and the data: larger
  // is never a valid file, so it is refused before it is read.
  constexpr long double kMaxBytes = 1024.0L + 2147483648.0L + 4.0L * limits::kMaxElements;
  if (static_cast<long double>(size) > kMaxBytes)
    throw Error(fmt::format("{}: {} bytes is larger than any MRC file aetbench reads ({} values)", path.string(),
                            size, limits::kMaxElements));
  std::vector<std::byte> bytes(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
    throw Error(fmt::format("{}: read failed", path.string()));
  return parse_mrc(bytes, path.string());
}

void write_mrc(const std::filesystem::path& path, const MrcData& m) {
  check_shape(path.string().c_str(), {m.nx, m.ny, m.nz});
  const std::size_t count = std::size_t(m.nx) * std::size_t(m.ny) * std::size_t(m.nz);
  if (m.data.size() != count)
    throw Error(fmt::format("{}: {} values for {} x {} x {}", path.string(), m.data.size(), m.nx, m.ny, m.nz));
  const double voxel = m.voxel_A.value_or(1.0);
  if (!(voxel > 0.0) || !std::isfinite(voxel))
    throw Error(fmt::format("{}: voxel size {} Å is not positive", path.string(), voxel));

  double sum = 0.0, sum2 = 0.0;
  float lo = m.data[0], hi = m.data[0];
  for (float v : m.data) {
    if (!std::isfinite(v)) throw Error(fmt::format("{}: refusing to write non-finite values", path.string()));
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
    sum2 += double(v) * v;
  }
  const double mean = sum / double(count);
  const double rms = std::sqrt(std::max(0.0, sum2 / double(count) - mean * mean));

  std::vector<std::byte> header(kHeaderBytes, std::byte{0});
  auto put_i = [&](std::size_t off, std::int32_t v) { std::memcpy(header.data() + off, &v, 4); };
  auto put_f = [&](std::size_t off, float v) { std::memcpy(header.data() + off, &v, 4); };
  put_i(kNx, m.nx);
  put_i(kNy, m.ny);
  put_i(kNz, m.nz);
  put_i(kMode, 2);
  put_i(kMx, m.nx);
  put_i(kMy, m.ny);
  put_i(kMz, m.nz);
  put_f(kCella, float(m.nx * voxel));
  put_f(kCella + 4, float(m.ny * voxel));
  put_f(kCella + 8, float(m.nz * voxel));
  for (int i = 0; i < 3; ++i) put_f(kCellb + 4 * i, 90.0f);
  put_i(kMapc, 1);
  put_i(kMapr, 2);
  put_i(kMaps, 3);
  put_f(kDmin, lo);
  put_f(kDmax, hi);
  put_f(kDmean, float(mean));
  put_i(kIspg, m.ispg);
  put_i(kNsymbt, 0);
  std::memcpy(header.data() + kExttyp, "    ", 4);
  put_i(kNversion, 20140);
  // Origin (Å) of voxel (0,0,0), so viewers place the volume-centre frame's
  // origin at the centre voxel (nx/2, ny/2, nz/2) as docs/conventions.md says.
  put_f(kOrigin, float(-(m.nx / 2) * voxel));
  put_f(kOrigin + 4, float(-(m.ny / 2) * voxel));
  put_f(kOrigin + 8, float(-(m.nz / 2) * voxel));
  std::memcpy(header.data() + kMap, "MAP ", 4);
  const unsigned char stamp[4] = {0x44, 0x44, 0x00, 0x00};
  std::memcpy(header.data() + kMachst, stamp, 4);
  put_f(kRms, float(rms));

  std::vector<std::string> labels{"aetbench"};
  for (const auto& [k, v] : m.metadata) {
    if (int(labels.size()) >= kLabelCount) break;
    std::string label = k + "=" + v;
    if (label.size() <= std::size_t(kLabelBytes) && k.find(' ') == std::string::npos) labels.push_back(label);
  }
  put_i(kNlabl, int(labels.size()));
  for (std::size_t l = 0; l < labels.size(); ++l) {
    char* p = reinterpret_cast<char*>(header.data()) + kLabels + l * kLabelBytes;
    std::memset(p, ' ', kLabelBytes);
    std::memcpy(p, labels[l].data(), labels[l].size());
  }

  write_stream_atomically(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(header.data()), std::streamsize(header.size()));
    out.write(reinterpret_cast<const char*>(m.data.data()), std::streamsize(count * sizeof(float)));
  });
}

namespace {
double voxel_or_throw(const MrcData& m, std::optional<double> override_A, const std::string& name) {
  if (override_A) {
    if (!(*override_A >= limits::kMinPixel_A && *override_A <= limits::kMaxPixel_A))
      throw Error(fmt::format("{}: pixel size {} Å is outside {:g} to {:g} Å", name, *override_A,
                              limits::kMinPixel_A, limits::kMaxPixel_A));
    return *override_A;
  }
  if (!m.voxel_A) throw Error(fmt::format("{}: header holds no pixel size (its cell is zero); give one with --pixel", name));
  return *m.voxel_A;
}

void check_finite(const MrcData& m, const std::string& name) {
  for (std::size_t i = 0; i < m.data.size(); ++i)
    if (!std::isfinite(m.data[i]))
      throw Error(fmt::format("{}: value {} (section {}) is not finite", name, i,
                              i / (std::size_t(m.nx) * std::size_t(m.ny))));
}
}  // namespace

Volume read_mrc_volume(const std::filesystem::path& path, std::optional<double> voxel_A) {
  MrcData m = read_mrc(path);
  check_finite(m, path.string());
  const double v = voxel_or_throw(m, voxel_A, path.string());
  Volume vol(VolumeGeometry{m.nz, m.ny, m.nx, v}, std::move(m.data));
  vol.metadata() = m.metadata;
  return vol;
}

void write_mrc_volume(const std::filesystem::path& path, const Volume& volume) {
  MrcData m;
  m.nx = volume.nx();
  m.ny = volume.ny();
  m.nz = volume.nz();
  m.ispg = 1;
  m.voxel_A = volume.voxel_A();
  m.data = volume.data();
  m.metadata = volume.metadata();
  write_mrc(path, m);
}

TiltSeries read_mrc_tilt_series(const std::filesystem::path& mrc, const std::filesystem::path& tlt,
                                std::optional<double> pixel_A) {
  MrcData m = read_mrc(mrc);
  check_finite(m, mrc.string());
  const double p = voxel_or_throw(m, pixel_A, mrc.string());
  const auto angles = read_tlt(tlt, std::size_t(m.nz));
  TiltSeries s(m.ny, m.nx, p, TiltGeometry::from_tilts(angles), std::move(m.data));
  s.metadata() = m.metadata;
  return s;
}

void write_mrc_tilt_series(const std::filesystem::path& mrc, const std::filesystem::path& tlt,
                           const TiltSeries& series) {
  MrcData m;
  m.nx = series.nx();
  m.ny = series.ny();
  m.nz = series.nt();
  m.ispg = 0;
  m.voxel_A = series.pixel_A();
  m.data = series.data();
  m.metadata = series.metadata();
  // Both or neither: the MRC first (it validates the data), then the .tlt;
  // if the .tlt fails, the new MRC is removed again.
  write_mrc(mrc, m);
  try {
    write_tlt(tlt, series.geometry().tilts_deg());
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(mrc, ec);
    throw;
  }
}

}  // namespace aet
