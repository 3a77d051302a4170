// owner: every roadmap item names who drives it (the seeds: "task-level ownership should be listed
// for each feature"): an assignee, or a configured people/text field such as "Owner".
#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool owner_enabled(const config::rule_set& settings) { return settings.owner.enabled; }

void judge_owner(const judge_context& ctx, std::vector<finding>& out) {
  if (has_owner(ctx.item, ctx.settings)) return;
  const auto& fields = ctx.settings.owner.fields;
  std::string fix = "Assign the issue to the person who will drive this item";
  if (!fields.empty()) fix += ", or put their @login in the board's " + quoted_list(fields) + " field";
  fix += ".";
  out.push_back({.rule = "owner",
                 .code = "missing-owner",
                 .message = "This roadmap item has no owner yet, so nobody knows who is driving it.",
                 .fix = std::move(fix),
                 .label = ctx.settings.owner.label});
}

}  // namespace roadmapd::rules
