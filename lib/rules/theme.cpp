// theme: an item serves one of the themes its board defines (the titles of the cards in the
// Background & Motivations column, or a configured list), set in the board's Theme field.
#include <algorithm>

#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool theme_enabled(const config::rule_set& settings) { return settings.theme.enabled; }

void judge_theme(const judge_context& ctx, std::vector<finding>& out) {
  const std::string& field = ctx.settings.theme.field;
  if (field.empty()) return;
  const auto& themes = ctx.board.themes;
  const std::string choose = themes.empty() ? std::string(".") : " to one of " + quoted_list(themes) + ".";

  const field_value* value = first_set(ctx.item, {field});
  if (value == nullptr) {
    out.push_back({.rule = "theme",
                   .code = "missing-theme",
                   .message = "This item is not tied to any of the board's themes, so readers cannot see which goal it serves.",
                   .fix = "Set the board's `" + field + "` field" + choose,
                   .label = ctx.settings.theme.label});
    return;
  }
  // A board that defines no themes cannot make any value unknown.
  const std::string chosen = value->text.value_or(value->iteration_title.value_or(""));
  if (themes.empty() ||
      std::any_of(themes.begin(), themes.end(), [&](const std::string& t) { return iequals(t, chosen); }))
    return;
  out.push_back({.rule = "theme",
                 .code = "unknown-theme",
                 .message = "The theme `" + chosen + "` is not one of this board's themes (" + quoted_list(themes) + ").",
                 .fix = "Change the `" + field + "` field" + choose + " If `" + chosen +
                        "` should be a theme, ask a maintainer to add a card for it to the `" +
                        ctx.settings.theme.themes_column + "` column.",
                 .label = ctx.settings.theme.label});
}

}  // namespace roadmapd::rules
