// The one table of rules: the order here is the order findings are listed in a sticky comment.
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

const std::vector<rule>& all_rules() {
  static const std::vector<rule> rules{
      {"owner", &owner_enabled, &judge_owner},
      {"experts", &experts_enabled, &judge_experts},
      {"sections", &sections_enabled, &judge_sections},
      {"priority", &priority_enabled, &judge_priority},
      {"theme", &theme_enabled, &judge_theme},
      {"schedule", &schedule_enabled, &judge_schedule},
      {"dependencies", &dependencies_enabled, &judge_dependencies},
      {"label", &label_enabled, &judge_label},
      {"backlog", &backlog_enabled, &judge_backlog},
      {"help_wanted", &help_wanted_enabled, &judge_help_wanted},
      {"stale", &stale_enabled, &judge_stale},
  };
  return rules;
}

std::vector<finding> judge(const judge_context& ctx) {
  std::vector<finding> out;
  for (const rule& r : all_rules())
    if (r.enabled(ctx.settings)) r.judge(ctx, out);
  return out;
}

}  // namespace roadmapd::rules
