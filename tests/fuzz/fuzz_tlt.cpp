// libFuzzer harness: the .tlt parser must reject any text with aet::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "core/tlt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto a = aet::parse_tlt(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.tlt");
    (void)a;
  } catch (const aet::Error&) {
  }
  return 0;
}
