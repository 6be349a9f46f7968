// libFuzzer harness: the .tlt and .mdoc parsers must reject any text with
// aet::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "core/mdoc.hpp"
#include "core/tlt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)aet::parse_tlt(text, "fuzz.tlt");
  } catch (const aet::Error&) {
  }
  try {
    (void)aet::parse_mdoc(text, "fuzz.mdoc");
  } catch (const aet::Error&) {
  }
  return 0;
}
