#pragma once
// SerialEM's .mdoc (the autodoc it writes beside a tilt series): global
// `key = value` lines, then one `[ZValue = N]` section per image with its
// `TiltAngle`. aetbench takes the angles from it, in section order, as it
// takes them from a .tlt.
#include <string>
#include <string_view>
#include <vector>

namespace aet {

/// The tilt angles (degrees) of a .mdoc's text, indexed by ZValue. Every
/// ZValue from 0 to N-1 must appear once with one finite TiltAngle within
/// ±180°; a montage (MontSection) or any other fault is an aet::Error naming
/// `name`, the line and the fault.
std::vector<double> parse_mdoc(std::string_view text, const std::string& name);

}  // namespace aet
