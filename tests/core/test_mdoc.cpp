#include "core/mdoc.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/tlt.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

// The shape SerialEM writes: globals, a title section, then one section per
// image (here out of order, as a bidirectional scheme may record them).
const char* kMdoc =
    "PixelSpacing = 0.343\r\n"
    "ImageFile = s.mrc\r\n"
    "ImageSize = 256 256\r\n"
    "DataMode = 1\r\n"
    "\r\n"
    "[T = SerialEM: Digitized on EMBL Krios   01-Dec-26  10:00:00]\r\n"
    "\r\n"
    "[ZValue = 0]\r\n"
    "TiltAngle = -0.0015\r\n"
    "StagePosition = 12.3 -4.5\r\n"
    "Magnification = 2500000\r\n"
    "[ZValue = 2]\r\n"
    "TiltAngle = -3.00\r\n"
    "RotationAngle = 86.3\r\n"
    "[ZValue = 1]\r\n"
    "ExposureDose = 0.5\r\n"
    "TiltAngle = 3.0012\r\n";

TEST(Mdoc, TakesTheTiltAngleOfEachZValueInIndexOrder) {
  EXPECT_EQ(parse_mdoc(kMdoc, "s.mrc.mdoc"), (std::vector<double>{-0.0015, 3.0012, -3.0}));
}

TEST(Mdoc, FaultsNameTheFileAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"[ZValue = 0]\nTiltAngle = 1\n[ZValue = 2]\nTiltAngle = 2\n", "ZValue 1 is missing"},
      {"[ZValue = 0]\nTiltAngle = 1\n[ZValue = 0]\nTiltAngle = 2\n", "line 3: ZValue 0 appears twice"},
      {"[ZValue = 0]\nTiltAngle = 1\n[ZValue = 1]\nStagePosition = 0 0\n", "line 3: [ZValue = 1] has no TiltAngle"},
      {"[ZValue = 0]\nTiltAngle = nan\n", "line 2: TiltAngle nan"},
      {"[ZValue = 0]\nTiltAngle = 200\n", "within ±180°"},
      {"[ZValue = 0]\nTiltAngle = 1 2\n", "line 2: TiltAngle '1 2' is not one angle"},
      {"[ZValue = 0]\nTiltAngle = 1\nTiltAngle = 2\n", "a second TiltAngle"},
      {"[ZValue = -1]\nTiltAngle = 1\n", "ZValue '-1' is not an image index"},
      {"[ZValue = 0\nTiltAngle = 1\n", "line 1: '[ZValue = 0' is not a [section]"},
      {"[MontSection = 0]\n[ZValue = 0]\nTiltAngle = 1\n", "a montage"},
      {"PixelSpacing = 1\n", "no [ZValue = N] section"},
      {"", "no [ZValue = N] section"},
      {"[ZValue = 0]\njust words\n", "line 2: 'just words' is not a 'key = value' line"},
      {std::string("[ZValue = 0]\nTiltAngle = 1\0\n", 28), "NUL byte"},
  };
  for (const auto& [text, fault] : cases) {
    try {
      parse_mdoc(text, "x.mdoc");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const Error& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("x.mdoc: ", 0), 0u) << what;
      EXPECT_NE(what.find(fault), std::string::npos) << "expected '" << fault << "' in: " << what;
    }
  }
}

TEST(Mdoc, ReadBesideTheStackAfterTltAndRawtlt) {
  test::TempDir dir;
  test::write_text(dir / "s.mrc.mdoc", kMdoc);
  EXPECT_EQ(sibling_tlt(dir / "s.mrc"), dir / "s.mrc.mdoc");
  EXPECT_EQ(file_kind(dir / "s.mrc.mdoc"), FileKind::Tlt);
  EXPECT_EQ(read_tlt(dir / "s.mrc.mdoc", 3), (std::vector<double>{-0.0015, 3.0012, -3.0}));
  EXPECT_THROW(read_tlt(dir / "s.mrc.mdoc", 4), Error);  // the count is the stack's
  write_tlt(dir / "s.rawtlt", {-3, 0, 3});
  EXPECT_EQ(sibling_tlt(dir / "s.mrc"), dir / "s.rawtlt");  // IMOD's files first
  EXPECT_THROW(write_tlt(dir / "t.mdoc", {1.0}), Error);    // never written as a .tlt
}

}  // namespace
}  // namespace aet
