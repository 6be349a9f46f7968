#pragma once
// The study file (TOML): what `aetbench study run` reads. Top-level keys:
//   name, description        strings
//   image_px                 0 (from each particle) or 64..1024
//   acquisition              "paper" (default) or "ideal"
//   collect                  analysis numbers for the tables and plots (default: all compared)
//   keep                     big files per point: truth, series, atoms, volume, report
//   [axes]                   particle, interface_width_A, dose_factor, tilt_max_deg,
//                            n_tilts, misalignment_scale, seed: a value or a list each;
//                            the grid is their product (seeds outermost)
//   [[points]]               explicit points, the same keys with one value each
//   [pipeline]               any `aetbench pipeline` option, as --write-config writes it
// Every fault (unknown key, wrong type, empty axis, value out of range,
// unknown particle) is one aet::Error naming the file, line and key.
#include <filesystem>
#include <string>

#include "validation/study.hpp"

namespace aet::cli {

validation::Study read_study_file(const std::filesystem::path& path);
/// The same from the file's text; `name` names it in errors, truth files
/// are relative to `base_dir`.
validation::Study parse_study(const std::string& text, const std::string& name, const std::filesystem::path& base_dir);

}  // namespace aet::cli
