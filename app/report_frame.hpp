#pragma once
// --report (score, analyze): the pipeline's report.json says which frame its
// atoms are in ("frame": {"name", "offset_A", "rotation"}); input = rotation
// atoms + offset_A puts them back in the input images' frame, the truth's.
#include <string>

#include "core/atom_model.hpp"

namespace aet::cli {

/// The atoms in the input images' frame by the report at report_path (no
/// change when it is empty); `note` says what was done. Throws aet::Error,
/// naming the report, when it is unreadable or its frame malformed.
AtomModel atoms_in_report_input_frame(AtomModel atoms, const std::string& report_path, std::string& note);

}  // namespace aet::cli
