#include "core/mrc.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <limits>

#include "core/error.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

// Builds an MRC file by hand (independently of write_mrc) so the reader is
// tested against the MRC2014 layout itself.
struct MrcBuilder {
  int nx = 3, ny = 2, nz = 2, mode = 2;
  float cella_x = 3 * 0.5f, cella_y = 2 * 0.5f;
  int nsymbt = 0;
  bool big_endian = false;
  std::vector<std::byte> payload;  // already in file byte order

  std::vector<std::byte> bytes() const {
    std::vector<std::byte> b(1024 + nsymbt, std::byte{0});
    auto put = [&](std::size_t off, std::uint32_t w) {
      if (big_endian) w = __builtin_bswap32(w);
      std::memcpy(b.data() + off, &w, 4);
    };
    put(0, nx);
    put(4, ny);
    put(8, nz);
    put(12, mode);
    put(28, nx);
    put(32, ny);
    put(36, nz);
    put(40, std::bit_cast<std::uint32_t>(cella_x));
    put(44, std::bit_cast<std::uint32_t>(cella_y));
    put(64, 1);
    put(68, 2);
    put(72, 3);
    put(92, nsymbt);
    std::memcpy(b.data() + 208, "MAP ", 4);
    const unsigned char le[4] = {0x44, 0x44, 0, 0}, be[4] = {0x11, 0x11, 0, 0};
    std::memcpy(b.data() + 212, big_endian ? be : le, 4);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
  }
};

template <class T>
std::vector<std::byte> raw(const std::vector<T>& values, bool swap = false) {
  std::vector<std::byte> out(values.size() * sizeof(T));
  for (std::size_t i = 0; i < values.size(); ++i) {
    T v = values[i];
    if (swap) {
      if constexpr (sizeof(T) == 2) v = std::bit_cast<T>(__builtin_bswap16(std::bit_cast<std::uint16_t>(v)));
      if constexpr (sizeof(T) == 4) v = std::bit_cast<T>(__builtin_bswap32(std::bit_cast<std::uint32_t>(v)));
    }
    std::memcpy(out.data() + i * sizeof(T), &v, sizeof(T));
  }
  return out;
}

const std::vector<float> kValues{0, 1, -2, 3, 4, 5, 6, -7, 8, 9, 10, 11};

TEST(Mrc, ReadsEveryModeInBothByteOrders) {
  for (bool be : {false, true}) {
    MrcBuilder b;
    b.big_endian = be;
    b.mode = 0;
    b.payload = raw(std::vector<std::int8_t>(kValues.begin(), kValues.end()), be);
    EXPECT_EQ(parse_mrc(b.bytes(), "m0").data, kValues);
    b.mode = 1;
    b.payload = raw(std::vector<std::int16_t>(kValues.begin(), kValues.end()), be);
    EXPECT_EQ(parse_mrc(b.bytes(), "m1").data, kValues);
    b.mode = 2;
    b.payload = raw(kValues, be);
    EXPECT_EQ(parse_mrc(b.bytes(), "m2").data, kValues);
    b.mode = 6;
    std::vector<std::uint16_t> u{0, 1, 65535, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    b.payload = raw(u, be);
    const auto m6 = parse_mrc(b.bytes(), "m6");
    EXPECT_EQ(m6.data[2], 65535.0f);  // unsigned, not -1
    // Mode 12 (IEEE half): 0x3c00 = 1, 0xc000 = -2, 0x3555 ~ 0.333, 0x0001 = 2^-24
    // (smallest subnormal), 0x7c00 = inf.
    b.mode = 12;
    b.payload = raw(std::vector<std::uint16_t>{0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff, 0, 0, 0, 0, 0, 0, 0}, be);
    const auto m12 = parse_mrc(b.bytes(), "m12");
    EXPECT_EQ(m12.data[0], 1.0f);
    EXPECT_EQ(m12.data[1], -2.0f);
    EXPECT_TRUE(test::near(m12.data[2], 1.0 / 3.0, 1e-3));
    EXPECT_EQ(m12.data[3], std::ldexp(1.0f, -24));
    EXPECT_EQ(m12.data[4], 65504.0f);  // largest half
    EXPECT_EQ(m12.nx, 3);
    EXPECT_EQ(m12.nz, 2);
    ASSERT_TRUE(m12.voxel_A.has_value());
    EXPECT_TRUE(test::near(*m12.voxel_A, 0.5, 1e-7));
  }
}

TEST(Mrc, SkipsTheExtendedHeader) {
  MrcBuilder b;
  b.nsymbt = 100;
  b.payload = raw(kValues);
  EXPECT_EQ(parse_mrc(b.bytes(), "ext").data, kValues);
}

void expect_error(const std::vector<std::byte>& bytes, const std::string& fragment) {
  try {
    parse_mrc(bytes, "bad.mrc");
    ADD_FAILURE() << "no error for " << fragment;
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("bad.mrc"), std::string::npos) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
  }
}

TEST(Mrc, RejectsBadHeaders) {
  MrcBuilder good;
  good.payload = raw(kValues);
  auto bytes = good.bytes();

  auto truncated = bytes;
  truncated.resize(bytes.size() - 4);
  expect_error(truncated, "truncated");
  expect_error(std::vector<std::byte>(bytes.begin(), bytes.begin() + 500), "shorter than the 1024-byte");

  auto longer = bytes;
  longer.push_back(std::byte{0});
  expect_error(longer, "needs");

  MrcBuilder mode = good;
  mode.mode = 4;  // complex float: not supported
  expect_error(mode.bytes(), "mode 4");

  auto no_tag = bytes;
  std::memcpy(no_tag.data() + 208, "PAM ", 4);
  expect_error(no_tag, "MAP");

  auto stamp = bytes;
  stamp[212] = std::byte{0x99};
  expect_error(stamp, "machine stamp");

  MrcBuilder dims = good;
  dims.nx = -3;
  expect_error(dims.bytes(), "not positive");

  MrcBuilder huge = good;
  huge.nx = huge.ny = huge.nz = 1 << 20;
  expect_error(huge.bytes(), "absurd");

  auto axes = bytes;
  const std::uint32_t three = 3;
  std::memcpy(axes.data() + 64, &three, 4);
  expect_error(axes, "axis order");

  MrcBuilder sym = good;
  sym.nsymbt = 16;  // declared but not present: size mismatch
  auto sym_bytes = sym.bytes();
  sym_bytes.resize(1024 + 48);
  std::memcpy(sym_bytes.data() + 1024, kValues.data(), 48);
  expect_error(sym_bytes, "NSYMBT 16");
}

TEST(Mrc, VolumeRoundTrip) {
  test::TempDir dir;
  Volume v(VolumeGeometry{2, 2, 3, 0.3434});
  for (std::size_t i = 0; i < v.size(); ++i) v.data()[i] = float(i) * 0.25f - 1.0f;
  v.metadata().set("seed", 42);
  write_mrc_volume(dir / "v.mrc", v);
  const Volume w = read_mrc_volume(dir / "v.mrc");
  EXPECT_EQ(w.geometry().nz, 2);
  EXPECT_EQ(w.geometry().nx, 3);
  EXPECT_TRUE(test::near(w.voxel_A(), 0.3434, 1e-6));  // header stores float32 cell lengths
  EXPECT_EQ(w.data(), v.data());
  EXPECT_EQ(*w.metadata().get("seed"), "42");
  const auto m = read_mrc(dir / "v.mrc");
  EXPECT_EQ(m.ispg, 1);
  EXPECT_EQ(m.mode, 2);
}

TEST(Mrc, TiltSeriesRoundTripWithAngles) {
  test::TempDir dir;
  TiltSeries s(4, 5, 0.4, TiltGeometry::from_tilts({-30, 0, 30}));
  for (std::size_t i = 0; i < s.data().size(); ++i) s.data()[i] = float(i);
  write_mrc_tilt_series(dir / "s.mrc", dir / "s.tlt", s);
  const TiltSeries t = read_mrc_tilt_series(dir / "s.mrc", dir / "s.tlt");
  EXPECT_EQ(t.nt(), 3);
  EXPECT_EQ(t.ny(), 4);
  EXPECT_EQ(t.nx(), 5);
  EXPECT_EQ(t.geometry().tilts_deg(), (std::vector<double>{-30, 0, 30}));
  EXPECT_EQ(t.data(), s.data());
  EXPECT_EQ(t.at(2, 3, 4), s.at(2, 3, 4));
}

TEST(Mrc, AngleCountMismatchIsAnError) {
  test::TempDir dir;
  TiltSeries s(4, 5, 0.4, TiltGeometry::from_tilts({-30, 0, 30}));
  write_mrc_tilt_series(dir / "s.mrc", dir / "s.tlt", s);
  test::write_text(dir / "s.tlt", "-30\n0\n");
  EXPECT_THROW(read_mrc_tilt_series(dir / "s.mrc", dir / "s.tlt"), Error);
}

TEST(Mrc, NonFiniteDataIsAnErrorAndWritesNothing) {
  test::TempDir dir;
  Volume v(VolumeGeometry{1, 2, 2, 1.0});
  v.data()[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(write_mrc_volume(dir / "v.mrc", v), Error);
  EXPECT_EQ(dir.file_count(), 0u);
  MrcBuilder b;
  auto vals = kValues;
  vals[5] = std::numeric_limits<float>::infinity();
  b.payload = raw(vals);
  test::write_text(dir / "inf.mrc", std::string(reinterpret_cast<const char*>(b.bytes().data()), b.bytes().size()));
  EXPECT_THROW(read_mrc_volume(dir / "inf.mrc"), Error);
}

TEST(Mrc, TiltSeriesIsWrittenWholeOrNotAtAll) {
  test::TempDir dir;
  TiltSeries s(4, 5, 0.4, TiltGeometry::from_tilts({-30, 0, 30}));
  EXPECT_THROW(write_mrc_tilt_series(dir / "s.mrc", dir / "missing/s.tlt", s), Error);
  EXPECT_EQ(dir.file_count(), 0u);
  s.data()[7] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(write_mrc_tilt_series(dir / "s.mrc", dir / "s.tlt", s), Error);
  EXPECT_EQ(dir.file_count(), 0u);
}

TEST(Mrc, MissingFileIsAnError) { EXPECT_THROW(read_mrc("/nonexistent/x.mrc"), Error); }

TEST(Mrc, ReadsTheSharedTinyCase) {
  const auto mrc = test::data_dir() / "conventions/tiny.mrc";
  AET_REQUIRE_DATA(mrc);
  const TiltSeries s = read_mrc_tilt_series(mrc, test::data_dir() / "conventions/tiny.tlt");
  EXPECT_EQ(s.nt(), 41);
  EXPECT_EQ(s.ny(), 64);
  EXPECT_EQ(s.nx(), 64);
  EXPECT_TRUE(test::near(s.pixel_A(), 0.4, 1e-6));
}

}  // namespace
}  // namespace aet
