// One item's progress as the progress model (model.hpp) judges it: how much of it is done, from
// which signal, and the state a reader can trust, with the reason for it. Used by lint, reports and
// the site, so they never disagree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roadmapd::progress {

// In the order they win: a done item is done even if it once slipped; a blocked one is blocked
// even if it is also stale.
enum class state {
  done,      // closed as completed, merged, or in a done column
  dropped,   // closed as not planned (or as a duplicate)
  slipped,   // its quarter (or target date) passed and it is not done, or it moved to a later quarter
  blocked,   // an issue it depends on is still open
  stale,     // no progress, no linked pull request activity and no comment for [progress] stale_after
  at_risk,   // at its current pace it is done after its target
  on_track,  // something to count, and nothing above
  unknown,   // nothing to count: no task list, sub-issues or linked pull requests
};
std::string_view to_string(state s);  // "done", "on-track", "at-risk", ...

struct result {
  int done = 0, total = 0;
  std::optional<int> percent;            // done * 100 / total, rounded down; none when total is 0
  std::string source;                    // "task list", "sub-issues", "task list and sub-issues",
                                         // "linked pull requests", or "" when nothing counts
  progress::state state = state::unknown;
  std::string reason;                    // one sentence a reader can check
  std::optional<std::string> target;     // YYYY-MM-DD: the last day it is planned for
  std::optional<std::string> forecast;   // YYYY-MM-DD: when it is done at its pace so far
  std::string last_activity;             // ISO-8601: the newest sign of work ("" when none is known)
  std::vector<std::string> dependencies;  // every issue its text says it depends on, "owner/name#N"
                                         // (not read for done and dropped items)
  std::vector<std::string> blockers;     // the dependencies still open
  std::vector<std::string> inconsistencies;  // ticked tasks whose issue is open, and the like
};

// "3/8 (37%, task list)" or "nothing to count".
std::string describe_count(const result& r);

}  // namespace roadmapd::progress
