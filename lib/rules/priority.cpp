// priority: the seeds ask for each item's priority to be "determined by consensus, then displayed
// prominently": the board's Priority field is set.
#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool priority_enabled(const config::rule_set& settings) { return settings.priority.enabled; }

void judge_priority(const judge_context& ctx, std::vector<finding>& out) {
  const std::string& field = ctx.settings.priority.field;
  if (field.empty() || field_is_set(ctx.item, field)) return;
  out.push_back({.rule = "priority",
                 .code = "missing-priority",
                 .message = "This item has no priority, so nobody can tell how it ranks against the rest of the roadmap.",
                 .fix = "Set the board's `" + field + "` field; if you are unsure, pick your best guess and say so in a comment.",
                 .label = ctx.settings.priority.label});
}

}  // namespace roadmapd::rules
