#pragma once
// The paper's measurements (analysis/analyze.hpp) on the truth and on the
// traced model, side by side: how far the whole pipeline moves each number
// the paper reports (mean bond length, interface thickness by both
// definitions, grains, the five-fold axis, strain spread). Scoring atoms
// (score.hpp) says whether the atoms are right; this says whether the
// conclusions drawn from them are.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analyze.hpp"
#include "core/atom_model.hpp"

namespace aet::validation {

/// One measurement on both models; NaN where a model does not have it (no
/// five-fold axis, no interface, no grain to fit a lattice to).
struct ComparedQuantity {
  std::string key;  ///< analysis.json path, e.g. "interface/thickness_true_A"
  double truth = 0.0, traced = 0.0;
  double difference() const { return traced - truth; }
};

struct AnalysisComparison {
  std::vector<ComparedQuantity> quantities;
  std::vector<std::string> notes;  ///< the analyses' notes (skipped steps), prefixed by the model
};

/// The analysis.json paths compared, in order.
const std::vector<std::string>& compared_keys();

/// Runs analysis::analyze on both models (same options).
AnalysisComparison compare_analyses(const AtomModel& truth, const AtomModel& traced,
                                    const analysis::AnalysisOptions& options = {});

/// {"key": {"truth": x, "traced": y, "difference": y - x}, ..., "notes": [...]};
/// NaN as null.
nlohmann::json to_json(const AnalysisComparison& comparison);

/// A table for the terminal, a line per quantity: key, truth, traced, difference.
std::string format_comparison(const AnalysisComparison& comparison);

}  // namespace aet::validation
