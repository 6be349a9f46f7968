#pragma once
// What a study found, from its folder alone (DIR/manifest.json and the
// finished DIR/points/*.json): DIR/study.csv (a line per finished point),
// DIR/study.json (per cell, i.e. per point without its seed: mean, sd, min
// and max over the seeds of every score and collected measurement), the
// plots in DIR/plots/ (gnuplot, PNG and SVG) and DIR/report.html, one
// self-contained page with the plots, the tables, the study file and the
// versions.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aet::validation {

struct StudyReportSummary {
  std::size_t points = 0, finished = 0;
  std::vector<std::string> unfinished;  ///< ids
  /// Finished points whose run failed (status "suspect"), ids; points
  /// written before the status existed count as not failed.
  std::vector<std::string> failed;
  std::size_t plots = 0;                ///< figures drawn
};

/// Mean, sample sd (null below two values), min, max and n of the finite values.
nlohmann::json summary_statistics(const std::vector<double>& values);

/// Writes every output above (each atomically). Throws aet::Error when DIR
/// holds no manifest.json (not a study folder).
StudyReportSummary write_study_report(const std::filesystem::path& dir);

}  // namespace aet::validation
