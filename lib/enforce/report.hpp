// `roadmapd lint`'s output: every finding with the action that would follow, as a table for people
// or as JSON for scripts.
#pragma once

#include <string>
#include <vector>

#include "enforce/evaluation.hpp"

namespace roadmapd::enforce {

struct report_totals {
  int boards = 0;
  int judged = 0;          // items the rules looked at
  int with_findings = 0;
  int skipped = 0;
  int board_checks = 0;    // board-level findings
};

report_totals totals(const std::vector<board_verdict>& verdicts);

// A table: per board its checks, then each item with findings (or skipped, with `verbose`).
std::string render_table(const std::vector<board_verdict>& verdicts, bool verbose = false);

// JSON: {"boards": [{"board", "title", "rule_set", "dry_run", "checks": [...], "items": [{"item_id",
// "type", "title", "repo", "number", "url"?, "status", "skipped"?, "waiting"?, "findings": [{"rule",
// "code", "message", "fix", "label"?, "move_to"?}], "actions": {"comment", "labels", "move_to"}}]}],
// "totals": {...}}. Every item is listed.
std::string render_json(const std::vector<board_verdict>& verdicts);

}  // namespace roadmapd::enforce
