// libFuzzer harness: the study file (TOML) as `aetbench study run` reads it.
// Any text must end in aet::Error (the one-line refusal) or give a study
// whose points are all valid demo runs (every axis finite and in range) with
// parameters that serialise. Never another exception, a crash or a hang.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "app/study_file.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "validation/study.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  aet::validation::Study study;
  try {
    // Truth files resolve under a folder that does not exist: a truth path
    // must be refused by name, not read.
    study = aet::cli::parse_study(text, "fuzz.toml", "/nonexistent-fuzz-dir");
  } catch (const aet::Error&) {
    return 0;
  }
  if (study.points.empty() || study.points.size() > aet::limits::kMaxStudyPoints) std::abort();
  for (std::size_t i = 0; i < study.points.size() && i < 64; ++i) {
    const auto& p = study.points[i];
    if (p.interface_width_A && !std::isfinite(*p.interface_width_A)) std::abort();
    // An accepted point is a valid demo run: the checks every point runs
    // must not refuse it later, hours into the study.
    try {
      aet::validation::demo_config(study, i).validate();
    } catch (const aet::Error&) {
      std::abort();
    }
    // Everything a point file records must serialise.
    (void)aet::validation::point_parameters(study, i).dump();
    (void)aet::validation::point_id(study, i);
  }
  return 0;
}
