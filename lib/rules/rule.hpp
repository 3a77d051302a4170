// The rule contract: one file per rule under lib/rules/, each a pure function from an item and its
// board to findings, listed once in registry.cpp (after triagebot's handlers/ table).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/rules_settings.hpp"
#include "rules/facts.hpp"

namespace roadmapd::rules {

// What a rule found missing or wrong on one item. Stable `code`s let enforcement compare findings
// across runs ("same findings, no new mutation") and tests assert them.
struct finding {
  std::string rule;      // the rule's name: "owner", "sections", ...
  std::string code;      // what exactly, stable: "missing-owner", "missing-section:Goals", "unknown-theme"
  std::string message;   // one sentence for the sticky comment, written for a newcomer
  std::string fix;       // how to fix it: which heading to add, which field to set
  std::string label;     // the label that marks this finding ("" = none), from the rule's settings
  bool in_comment = true;  // listed in the sticky comment (help-wanted is a label and nothing else)
  std::string move_to;   // a column (Status option) to move the item to, "" = none (the backlog rule)
};

// A problem with the board's layout, not with one item: reported by `lint` and in metrics, never
// commented. check: "goals-card" (a quarterly column lacks its Themes & Goals card),
// "goals-themes" (a Themes & Goals card names a theme the board does not define).
struct board_finding {
  std::string check;
  std::string column;
  std::string message;
};

// The context one item is judged in.
struct judge_context {
  const item_facts& item;
  const board_facts& board;
  const config::rule_set& settings;
  // Dependency lookups ("owner/repo", number) -> what the mirror knows; set by the caller.
  std::function<issue_status(const std::string& repo, int number)> lookup_issue;
  // Set when the progress model (lib/progress) calls the item stale: the reason it gives ("no
  // progress, pull request activity or comment since ..."). The caller computes it only when a rule
  // that needs it is on.
  std::optional<std::string> stale_reason = std::nullopt;
};

using judge_fn = void (*)(const judge_context& ctx, std::vector<finding>& out);

struct rule {
  std::string_view name;
  // Whether this rule is on in `settings` (each rule's own toggle).
  bool (*enabled)(const config::rule_set& settings);
  judge_fn judge;
};

// Every rule, in the order findings are listed.
const std::vector<rule>& all_rules();

// Runs every enabled rule on one item, in all_rules() order. Which items are judged at all (drafts,
// archived, closed, done, exempt, cards) is the caller's decision (evaluate.hpp).
std::vector<finding> judge(const judge_context& ctx);

// The board-level checks.
std::vector<board_finding> check_board(const board_facts& board, const config::rule_set& settings);

}  // namespace roadmapd::rules
