// libFuzzer harness: the MRC reader must reject any byte string with
// aet::Error, never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.hpp"
#include "core/mrc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto m = aet::parse_mrc(std::span(reinterpret_cast<const std::byte*>(data), size), "fuzz.mrc");
    (void)m;
  } catch (const aet::Error&) {
  }
  return 0;
}
