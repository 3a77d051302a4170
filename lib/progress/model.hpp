// The progress model: one result (progress.hpp) per board item or tracking issue, from every signal
// the mirror holds. What counts, in this order of preference:
//   - the task list of a tracking issue: an entry that references an issue or pull request counts as
//     done when that one is closed as completed or merged, whatever its checkbox says (a mismatch is
//     reported as an inconsistency); other entries count as done when ticked;
//   - its GitHub sub-issues (closed ones count as completed, as GitHub counts them), beside the tasks
//     (a sub-issue also listed as a task counts once);
//   - failing both, the pull requests GitHub links to it as closing it (merged ones are done; closed
//     unmerged ones are left out).
// docs/progress.md explains the states, the forecast and every reason a reader may see.
#pragma once

#include <chrono>
#include <string>

#include "config/config.hpp"
#include "progress/progress.hpp"
#include "progress/signals.hpp"
#include "rules/facts.hpp"
#include "store/database.hpp"

namespace roadmapd::progress {

struct options {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  std::chrono::seconds stale_after{42 * 86400};      // [progress] stale_after
  std::chrono::seconds forecast_window{84 * 86400};  // [progress] forecast_window
};

options options_from(const config::settings& s);

class model {
 public:
  // db must outlive the model.
  model(store::database& db, options o);

  // Reads every signal of the mirror at once, before asking about many items (lint, a report, a
  // pass): one scan per table rather than a few lookups per item. What the mirror holds must not
  // change while the model is used after this.
  void read_all();
  void read_all(store::database& from);  // through another connection (signals.hpp)

  // The progress of one board item, judged by its board's rule set (field names, done columns,
  // dependency phrases).
  result of_item(const rules::board_facts& board, const rules::item_facts& item, const config::rule_set& rules);

  // The progress of a mirrored issue outside any board (a tracking issue): no target, no columns.
  result of_issue(const std::string& issue_id);

 private:
  store::database& db_;
  options options_;
  signals signals_;
};

}  // namespace roadmapd::progress
