// `roadmapd report`: what changed, a quarter review, or a release roadmap, from the mirror and its
// change log alone (no GitHub request). build() gives the report as JSON (the canonical form, its
// schema in docs/report.schema.json); render() turns it into Markdown (for GitHub and Discourse),
// one self-contained HTML file, or the JSON itself. docs/reports.md shows each kind.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "config/config.hpp"
#include "store/database.hpp"
#include "util/result.hpp"

namespace roadmapd::report {

enum class kind {
  changes,  // what changed in [since, now)
  quarter,  // a quarter's review: planned at its start against done, slipped, dropped
  release,  // everything in a milestone, or planned for some quarters, for a release thread
};

struct request {
  report::kind kind = kind::changes;
  std::chrono::system_clock::time_point since;  // changes
  std::vector<std::string> quarters;            // quarter: exactly one; release: the quarters it spans
  std::string milestone;                        // release
  std::optional<std::string> board;             // one board ("owner/number" or its title), else all
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

// An error names what is wrong: an unknown board or milestone (with the ones there are), a quarter
// that is not one ("Q3 2027"), a since after now.
result<rapidjson::Document> build(store::database& db, const config::settings& settings, const request& r);

enum class format { markdown, html, json };
std::string render(const rapidjson::Document& report, format f);

}  // namespace roadmapd::report
