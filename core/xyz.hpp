#pragma once
// Extended XYZ (ASE/OVITO): line 1 the atom count, line 2
// `Properties=species:S:1:pos:R:3[:name:T:n...] key=value ...`, then one atom
// per line. Extra per-atom columns are declared in the Properties line
// (T = R real, I integer, L logical T/F, S string). Free key=value pairs of
// the comment line become the model's metadata. A plain XYZ comment line
// (no Properties) is read as species + position.
#include <filesystem>
#include <istream>
#include <ostream>
#include <string>

#include "core/atom_model.hpp"

namespace aet {

/// Parses one frame. Errors (count mismatch, bad number, NaN, missing
/// columns, truncation) name `name` and the line.
AtomModel parse_xyz(std::istream& in, const std::string& name);
AtomModel read_xyz(const std::filesystem::path& path);
/// Positions with 6 decimals (1e-6 Å), real columns with round-trip precision.
void format_xyz(std::ostream& out, const AtomModel& model);
/// Atomic write; validates the model first.
void write_xyz(const std::filesystem::path& path, const AtomModel& model);

}  // namespace aet
