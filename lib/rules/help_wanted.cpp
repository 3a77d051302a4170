// help_wanted: the seeds want "tasks with help needed discoverable to new users": an open item
// without an owner carries the help-wanted label. The finding is the label and nothing else; when an
// owner appears the finding goes, and enforcement removes the label.
#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool help_wanted_enabled(const config::rule_set& settings) {
  return settings.help_wanted.enabled && !settings.help_wanted.label.empty();
}

void judge_help_wanted(const judge_context& ctx, std::vector<finding>& out) {
  if (ctx.item.state != "OPEN" || has_owner(ctx.item, ctx.settings)) return;
  out.push_back({.rule = "help_wanted",
                 .code = "help-wanted",
                 .message = "Nobody owns this item yet: the `" + ctx.settings.help_wanted.label +
                            "` label invites contributors to pick it up.",
                 .fix = "To take it on, assign the issue to yourself (or ask a maintainer to).",
                 .label = ctx.settings.help_wanted.label,
                 .in_comment = false});
}

}  // namespace roadmapd::rules
