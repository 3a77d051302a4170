// Judging the mirror: which items the rules look at, what they find, and what enforcement would do
// about it. Shared by `roadmapd lint` (which prints it) and the enforcer (which acts on it), so the
// two can never disagree about an item.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "progress/progress.hpp"
#include "rules/facts.hpp"
#include "rules/rule.hpp"
#include "store/database.hpp"

namespace roadmapd::enforce {

// What enforcement would do about one item's findings. Empty when nothing is to be done.
struct planned_actions {
  bool comment = false;                  // the sticky comment lists the in_comment findings
  std::vector<std::string> labels;       // labels the findings call for, in finding order, distinct
  std::string move_to;                   // a column to move the item to ("" = none)
  bool empty() const { return !comment && labels.empty() && move_to.empty(); }
};

struct item_verdict {
  rules::item_facts item;
  // Why the item is not judged ("" = it is): archived, closed, merged, in a done column, exempt,
  // or a card of the board's layout (a theme card, a Themes & Goals card).
  std::string skipped;
  std::vector<rules::finding> findings;
  // Why nothing is done about the findings yet ("" = act): a draft (no comments or labels on
  // drafts: reported only), or the grace period after the item was added.
  std::string waiting;
  planned_actions actions;               // what follows once `waiting` is empty
  // How far it is (lib/progress), when the evaluation was asked for it or a rule needed it; judged
  // items only.
  std::optional<progress::result> progress;
};

struct board_verdict {
  rules::board_facts board;
  std::string rule_set;
  bool dry_run = true;                   // [rules] dry_run, or the rule set's own
  std::vector<rules::board_finding> checks;
  std::vector<item_verdict> items;
};

struct evaluation_options {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  std::optional<std::string> board;      // only this board: "owner/number" or its title
  // Only these items, and only the boards that show them (the items a pass or a webhook changed).
  std::optional<std::vector<std::string>> item_ids;
  // The progress of every judged item (lint shows it); without it, only where the stale rule is on.
  bool progress = false;
};

// Judges the configured boards that are in the mirror. An unknown `board` is an error naming the
// boards there are; a configured board that is not in the mirror yet is left out (sync first).
result<std::vector<board_verdict>> evaluate(store::database& db, const config::settings& settings,
                                            const evaluation_options& options = {});

}  // namespace roadmapd::enforce
