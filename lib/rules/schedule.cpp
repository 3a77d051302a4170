// schedule: an item planned for a quarter has someone driving it and a target (an iteration or a
// date) that lies in or before that quarter; otherwise the plan on the board is a wish.
#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool schedule_enabled(const config::rule_set& settings) { return settings.schedule.enabled; }

void judge_schedule(const judge_context& ctx, std::vector<finding>& out) {
  const quarter* q = quarter_of(ctx.board, ctx.item.status);
  if (q == nullptr) return;
  const auto& s = ctx.settings;
  const std::string backlog = s.backlog.column.empty() ? std::string("Backlog") : s.backlog.column;

  if (!has_owner(ctx.item, s)) {
    std::string how = "Assign the issue to whoever will deliver it";
    if (!s.owner.fields.empty()) how += " or fill in the " + quoted_list(s.owner.fields) + " field";
    out.push_back({.rule = "schedule",
                   .code = "no-owner-in-quarter",
                   .message = "This item is planned for " + q->column + " but nobody owns it.",
                   .fix = how + "; if nobody can take it on yet, move it to `" + backlog + "`.",
                   .label = s.schedule.label});
  }

  const auto& targets = s.schedule.target_fields;
  if (targets.empty()) return;
  const field_value* target = first_set(ctx.item, targets);
  if (target == nullptr) {
    out.push_back({.rule = "schedule",
                   .code = "no-target",
                   .message = "This item is planned for " + q->column + " but has no target date or iteration.",
                   .fix = "Set the " + quoted_list(targets) + " field to when it should be delivered, in or before " +
                          q->column + ".",
                   .label = s.schedule.label});
    return;
  }
  // Dates are YYYY-MM-DD, so text order is date order; the quarter's end is exclusive.
  std::string late;
  if (target->iteration_start && !target->iteration_start->empty()) {
    if (*target->iteration_start >= q->end)
      late = "its iteration `" + target->iteration_title.value_or(*target->iteration_start) + "` starts after " +
             q->column + " ends";
  } else if (target->date && !target->date->empty()) {
    if (*target->date >= q->end) late = "its target date " + *target->date + " is after " + q->column + " ends";
  }
  if (late.empty()) return;
  out.push_back({.rule = "schedule",
                 .code = "target-after-quarter",
                 .message = "This item sits in the " + q->column + " column, but " + late + ".",
                 .fix = "Move the item to the column of the quarter it will be delivered in, or bring its target "
                        "forward to before " + q->end + ".",
                 .label = s.schedule.label});
}

}  // namespace roadmapd::rules
