// Reads what the rules judge from the mirror: the configured boards with their layout, the items of
// a board, and a lookup of issues for the dependency rule. One query per table per board.
// SQLite failures throw store::sqlite_error (broken infrastructure); a board not yet in the mirror
// is simply absent.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/facts.hpp"
#include "store/database.hpp"

namespace roadmapd::rules {

// The configured boards that are in the mirror, in config order. name = "owner/number"; statuses
// are the options of the rule set's status field; quarters the options named "Q<n> <YYYY>" (or
// "<YYYY> Q<n>"); theme_cards the unarchived cards of the theme rule's column; goals_cards the
// unarchived items of quarterly columns titled "Themes & Goals..."; themes the rule set's list, or
// else the theme card titles.
std::vector<board_facts> load_boards(store::database& db, const config::settings& settings);

// Every item of the board except REDACTED ones, archived ones included (flagged), in board order.
// Fields are keyed by field name; status is the value of the rule set's status field. Bodies of
// issues and PRs come from the mirrored issue ("" when its repository is not mirrored).
std::vector<item_facts> load_items(store::database& db, const board_facts& board, const config::rule_set& rules);

// What the mirror knows about ("owner/repo", number): known if it is a mirrored issue or PR or an
// item on one of `boards` shows it; scheduled = the earliest quarterly column such an item sits in.
// The answer is a snapshot taken now; repository names compare case-insensitively.
std::function<issue_status(const std::string& repo, int number)> issue_lookup(store::database& db,
                                                                               const std::vector<board_facts>& boards);

// The rule set a board is judged by: its [[project]]'s rule_set, "default" when that is absent, and
// the built-in defaults when the settings hold no rule sets at all.
const config::rule_set& rule_set_for(const config::settings& settings, const board_facts& board);

}  // namespace roadmapd::rules
