// experts: an item lists its subject-matter experts (feature authors, contributors who know the
// area) so that newcomers know whom to ask. Off by default.
#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool experts_enabled(const config::rule_set& settings) { return settings.experts.enabled; }

void judge_experts(const judge_context& ctx, std::vector<finding>& out) {
  const auto& fields = ctx.settings.experts.fields;
  if (fields.empty() || first_set(ctx.item, fields) != nullptr) return;
  out.push_back({.rule = "experts",
                 .code = "missing-experts",
                 .message = "No subject-matter expert is listed, so contributors do not know whom to ask about this item.",
                 .fix = "Put the @login of at least one subject-matter expert (a feature author or someone who knows "
                        "this area well) in the board's " + quoted_list(fields) + " field.",
                 .label = ctx.settings.experts.label});
}

}  // namespace roadmapd::rules
