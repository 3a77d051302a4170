// check_board: the layout the seeds prescribe for a board, beyond single items: each quarterly
// column opens with a "Themes & Goals" card, whose themes come from the board's own themes.
#include <algorithm>

#include "markdown/sections.hpp"
#include "rules/item_tests.hpp"
#include "rules/rule.hpp"

namespace roadmapd::rules {
namespace {

// The themes a Themes & Goals card names: the lines of its "Themes" section, list bullets and
// commas separating them.
std::vector<std::string> named_themes(const card& c) {
  std::vector<std::string> names;
  for (const auto& s : markdown::parse_sections(c.body)) {
    if (!markdown::heading_matches(s.heading, {"Themes", "Theme"})) continue;
    std::string current;
    auto flush = [&] {
      const auto first = current.find_first_not_of(" \t\r");
      if (first != std::string::npos) {
        const auto last = current.find_last_not_of(" \t\r.");
        names.push_back(current.substr(first, last - first + 1));
      }
      current.clear();
    };
    for (char ch : s.content) {
      if (ch == '\n' || ch == ',') flush();
      else current += ch;
    }
    flush();
  }
  return names;
}

}  // namespace

std::vector<board_finding> check_board(const board_facts& board, const config::rule_set& settings) {
  std::vector<board_finding> out;
  for (const auto& q : board.quarters) {
    const auto found = std::find_if(board.goals_cards.begin(), board.goals_cards.end(),
                                    [&](const card& c) { return iequals(c.column, q.column); });
    if (found == board.goals_cards.end()) {
      out.push_back({"goals-card", q.column,
                     "The " + q.column + " column has no \"Themes & Goals\" card at its top, so readers cannot see "
                     "what the quarter is about; add a draft titled \"Themes & Goals\" with a `### Themes` list and a "
                     "`### Goals` paragraph."});
      continue;
    }
    if (!settings.theme.enabled || board.themes.empty()) continue;
    const auto named = named_themes(*found);
    if (named.empty()) {
      out.push_back({"goals-themes", q.column,
                     "The \"Themes & Goals\" card of " + q.column + " names no theme; list this quarter's themes under a "
                     "`### Themes` heading, chosen from " + quoted_list(board.themes) + "."});
      continue;
    }
    for (const auto& theme : named) {
      const bool known = std::any_of(board.themes.begin(), board.themes.end(),
                                     [&](const std::string& t) { return iequals(t, theme); });
      if (known) continue;
      out.push_back({"goals-themes", q.column,
                     "The \"Themes & Goals\" card of " + q.column + " names the theme `" + theme +
                         "`, which is not one of the board's themes (" + quoted_list(board.themes) + ")."});
    }
  }
  return out;
}

}  // namespace roadmapd::rules
