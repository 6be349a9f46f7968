// The reconstruction entry point: the input it refuses, one line naming the fault.
#include "recon/reconstruct.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "core/error.hpp"
#include "test_util.hpp"
#include "toy_particle.hpp"

namespace aet::recon {
namespace {

TEST(Reconstruct, BadInputIsAnError) {
  TiltSeries s = test::toy_series();
  ReconstructConfig c;
  c.stop.iterations = 1;
  c.stop.log = false;
  TiltSeries nan = s;
  nan.at(3, 5, 7) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(reconstruct(nan, c), Error);
  TiltSeries inf = s;
  inf.at(0, 0, 0) = std::numeric_limits<float>::infinity();
  EXPECT_THROW(reconstruct(inf, c), Error);
  TiltSeries zero = s;
  for (auto& x : zero.image(4)) x = 0.0f;
  try {
    reconstruct(zero, c);
    ADD_FAILURE() << "all-zero image accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("image 4"), std::string::npos) << e.what();
  }
  c.nz = -3;
  EXPECT_THROW(reconstruct(s, c), Error);
  EXPECT_THROW(parse_algorithm("art"), Error);
}

}  // namespace
}  // namespace aet::recon
