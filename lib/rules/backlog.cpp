// backlog: the seeds make Backlog the default place for new items and the home of items "which
// don't have an owner or a proposed development timeline". Moves cards, so maintainers opt in.
#include <algorithm>

#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool backlog_enabled(const config::rule_set& settings) {
  return settings.backlog.enabled && !settings.backlog.column.empty();
}

void judge_backlog(const judge_context& ctx, std::vector<finding>& out) {
  const auto& s = ctx.settings;
  const auto& statuses = ctx.board.statuses;
  const auto column = std::find_if(statuses.begin(), statuses.end(),
                                   [&](const std::string& c) { return iequals(c, s.backlog.column); });
  // A board without that column has nowhere to move the item to.
  if (column == statuses.end()) return;
  const std::string& backlog = *column;

  if (ctx.item.status.empty()) {
    out.push_back({.rule = "backlog",
                   .code = "move-to-backlog:no-status",
                   .message = "This item is not in any column of the board yet, so roadmapd moves it to `" + backlog +
                              "`, where new roadmap items start.",
                   .fix = "Nothing to do now; once it has an owner and a target, move it to the quarter it is planned for.",
                   .label = s.backlog.label,
                   .move_to = backlog});
    return;
  }
  const quarter* q = quarter_of(ctx.board, ctx.item.status);
  if (q == nullptr) return;
  const bool owner = has_owner(ctx.item, s);
  const bool target = s.schedule.target_fields.empty() || first_set(ctx.item, s.schedule.target_fields) != nullptr;
  if (owner && target) return;
  const std::string lacks = !owner && !target ? "an owner and a target" : !owner ? "an owner" : "a target";
  out.push_back({.rule = "backlog",
                 .code = "move-to-backlog:unscheduled",
                 .message = "This item is in the " + q->column + " column without " + lacks + ", so roadmapd moves it to `" +
                            backlog + "`, where items wait until someone owns and schedules them.",
                 .fix = "Give it an owner and a target, then move it back to " + q->column + ".",
                 .label = s.backlog.label,
                 .move_to = backlog});
}

}  // namespace roadmapd::rules
