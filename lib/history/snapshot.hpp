// What the change log compares: the state of one board item or one issue as the mirror holds it,
// reduced to what a roadmap reader cares about. Read with a few indexed queries each.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace roadmapd::history {

struct item_state {
  std::string project_id, board;   // board: "owner/number"
  std::string content_id, content_ref, type, updated_at;
  bool archived = false;
  std::map<std::string, std::string> fields;  // a field's name -> its value (the option name, ...); Title excluded
  // Only for items whose content is not mirrored (drafts, issues of other repositories): the board's
  // copy of it. A mirrored issue's own changes are logged once, at the issue.
  bool content_mirrored = false;
  std::string title, state, milestone, assignees;
  std::string labels;  // sorted, "\n"-separated
};

struct issue_state {
  std::string repo, ref, updated_at;
  bool is_pull_request = false;
  std::string state, state_reason, title, milestone, assignees;
  std::string labels;  // sorted, "\n"-separated
  std::optional<std::string> progress;    // a tracking issue's "done/total"
  std::optional<std::string> sub_issues;  // "completed/total" of its sub-issues, when it has any
};

// nullopt: not in the mirror.
std::optional<item_state> read_item(store::database& db, const std::string& item_id);
std::optional<issue_state> read_issue(store::database& db, const std::string& issue_id);

}  // namespace roadmapd::history
