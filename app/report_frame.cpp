// The pipeline's report.json frame applied to its atoms (app/report_frame.hpp).
#include "app/report_frame.hpp"

#include <fmt/format.h>

#include <Eigen/LU>
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/text_input.hpp"
#include "pipeline/pipeline.hpp"

namespace aet::cli {

// A report without "rotation" (an older one) is read as unturned. The
// input's frame is that of the images as given; a simulated series' truth is off it by the 3D
// mean of its simulated shifts, which no image shows (docs/conventions.md):
// `note` says so, with that mean when the report is a demo's.
AtomModel atoms_in_report_input_frame(AtomModel atoms, const std::string& report_path, std::string& note) {
  if (report_path.empty()) return atoms;
  check_input_file(report_path);
  std::ifstream in(report_path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open", report_path));
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(fmt::format("{}: not valid JSON", report_path));
  const auto f = j.find("frame");
  if (f == j.end() || !f->is_object() || !f->contains("offset_A") || !(*f)["offset_A"].is_array() ||
      (*f)["offset_A"].size() != 3)
    throw Error(fmt::format("{}: no frame.offset_A (three numbers) in the report", report_path));
  pipeline::AtomFrame frame;
  for (int k = 0; k < 3; ++k) {
    const auto& v = (*f)["offset_A"][std::size_t(k)];
    if (!v.is_number()) throw Error(fmt::format("{}: frame.offset_A[{}] is not a number", report_path, k));
    frame.offset_A[k] = v.get<double>();
  }
  if (f->contains("rotation")) {
    const auto& q = (*f)["rotation"];
    const bool shaped = q.is_array() && q.size() == 3 &&
                        std::all_of(q.begin(), q.end(), [](const auto& row) { return row.is_array() && row.size() == 3; });
    if (!shaped) throw Error(fmt::format("{}: frame.rotation is not a 3 x 3 matrix (three rows of three)", report_path));
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 3; ++k) {
        const auto& v = q[std::size_t(i)][std::size_t(k)];
        if (!v.is_number()) throw Error(fmt::format("{}: frame.rotation[{}][{}] is not a number", report_path, i, k));
        frame.rotation(i, k) = v.get<double>();
      }
    // A rotation: orthonormal with determinant +1 (to the precision JSON keeps).
    if (!((frame.rotation.transpose() * frame.rotation - Mat3::Identity()).norm() <= 1e-6) ||
        !(frame.rotation.determinant() > 0))
      throw Error(fmt::format("{}: frame.rotation is not a rotation matrix", report_path));
  }
  note = fmt::format("frame: the atoms mapped by the report's frame (offset ({:.3f}, {:.3f}, {:.3f}) Å{}) into the "
                     "input images' frame; a simulated series' truth is off that frame by the 3D mean of its "
                     "simulated shifts, which no image shows",
                     frame.offset_A.x(), frame.offset_A.y(), frame.offset_A.z(),
                     frame.rotation == Mat3::Identity() ? "" : ", turned back from the tilt axis's frame");
  const auto d = j.find("demo");
  if (d != j.end() && d->is_object() && d->contains("images_frame_offset_A")) {
    const auto& e = (*d)["images_frame_offset_A"];
    if (e.is_array() && e.size() == 3 && std::all_of(e.begin(), e.end(), [](const auto& v) { return v.is_number(); }))
      note += fmt::format(" (this demo's: ({:.3f}, {:.3f}, {:.3f}) Å, expected in the mean shift below)",
                          e[0].get<double>(), e[1].get<double>(), e[2].get<double>());
  }
  return pipeline::in_input_frame(std::move(atoms), frame);
}

}  // namespace aet::cli
