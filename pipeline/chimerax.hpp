#pragma once
// The pipeline's run in UCSF ChimeraX: DIR/atoms.cmm (the traced atoms as
// markers, coloured by species) and DIR/atoms.cxc (a command script that
// opens volume.mrc and the markers; `open DIR/atoms.cxc` in ChimeraX).
// volume.mrc's header origin puts the volume-centre frame's origin at the
// centre voxel, so markers written in Å in the reconstruction's frame sit on
// their peaks.
#include <array>
#include <filesystem>
#include <string>

#include "core/atom_model.hpp"

namespace aet::pipeline {

/// Marker colour of a species, RGB in [0, 1] (the usual Jmol element colours
/// for the metals of this project, grey otherwise).
std::array<double, 3> species_colour(const std::string& symbol);

/// The markers file (ChimeraX/Chimera .cmm XML): one marker per atom, radius
/// `radius_A`, its species as the marker's note.
std::string chimerax_markers(const AtomModel& atoms, double radius_A = 0.8);

/// The command script: opens `volume_file` and `markers_file` (paths relative
/// to the script's folder) and shows the volume as a transparent surface at
/// `level` (volume units; none when not positive).
std::string chimerax_script(const std::string& volume_file, const std::string& markers_file, double level);

/// Writes DIR/atoms.cmm and DIR/atoms.cxc, each atomically.
void write_chimerax_files(const std::filesystem::path& dir, const AtomModel& atoms, double level);

}  // namespace aet::pipeline
