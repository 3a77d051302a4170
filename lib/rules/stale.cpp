// stale (off by default): the seeds want progress "updated as confidence increases"; an item with no
// progress, no linked pull request activity and no comment for [progress] stale_after gets asked for
// an update. Whether it is stale is the progress model's call (lib/progress), passed in the context.
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool stale_enabled(const config::rule_set& settings) { return settings.stale.enabled; }

void judge_stale(const judge_context& ctx, std::vector<finding>& out) {
  if (!ctx.stale_reason) return;
  out.push_back({.rule = "stale",
                 .code = "stale",
                 .message = "This item looks stalled: " + *ctx.stale_reason + ".",
                 .fix = "Post a short update on where it stands (what is done, what is next, what blocks it), or "
                        "move it to Backlog if nobody is working on it now.",
                 .label = ctx.settings.stale.label});
}

}  // namespace roadmapd::rules
