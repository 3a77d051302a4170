// `roadmapd lint`'s output: every finding with the action that would follow, as a table for people
// or as JSON for scripts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "enforce/evaluation.hpp"
#include "enforce/plan.hpp"

namespace roadmapd::enforce {

struct report_totals {
  int boards = 0;
  int judged = 0;          // items the rules looked at
  int with_findings = 0;
  int skipped = 0;
  int board_checks = 0;    // board-level findings
};

report_totals totals(const std::vector<board_verdict>& verdicts);

struct report_options {
  bool verbose = false;        // table: also the items that are skipped, and why
  bool show_comments = false;  // the sticky comment's exact text, as roadmapd writes it
  // Per content id (see state_of): what is in place and what is still to send. Without it, every
  // action the findings call for is shown as still to do.
  const std::map<std::string, action_state>* states = nullptr;
};

// A table: per board its checks, then each item with findings (or skipped, with `verbose`), and
// what follows: "done: ..." for what is in place, "will: ..." (dry run: "would: ...") for the rest,
// as in "-> done: sticky comment | will: label 'roadmap:needs-owner'".
std::string render_table(const std::vector<board_verdict>& verdicts, const report_options& options = {});

// JSON: {"boards": [{"board", "title", "rule_set", "dry_run", "checks": [...], "items": [{"item_id",
// "type", "title", "repo", "number", "url"?, "status", "skipped"?, "waiting"?, "findings": [{"rule",
// "code", "message", "fix", "label"?, "move_to"?}], "actions": {"comment", "labels", "move_to",
// "done": [...], "pending": [...]}, "comment_body"?}]}], "totals": {...}}. Every item is listed.
std::string render_json(const std::vector<board_verdict>& verdicts, const report_options& options = {});

// The states for `verdicts` from enforcement_state (what roadmapd did before).
std::map<std::string, action_state> action_states(store::database& db, const std::vector<board_verdict>& verdicts,
                                                 const config::rules_settings& settings);

}  // namespace roadmapd::enforce
