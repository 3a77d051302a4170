// label: roadmap issues and pull requests carry the roadmap label (e.g. `tvm:roadmap`), so that
// triage can filter them out of the repository's other issues. Drafts cannot carry labels.
#include <algorithm>

#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {

bool label_enabled(const config::rule_set& settings) { return settings.label.enabled; }

void judge_label(const judge_context& ctx, std::vector<finding>& out) {
  const std::string& wanted = ctx.settings.label.roadmap_label;
  const auto& item = ctx.item;
  if (wanted.empty() || (item.type != "ISSUE" && item.type != "PULL_REQUEST")) return;
  if (std::any_of(item.labels.begin(), item.labels.end(), [&](const std::string& l) { return iequals(l, wanted); }))
    return;
  const std::string what = item.type == "ISSUE" ? "issue" : "pull request";
  out.push_back({.rule = "label",
                 .code = "missing-roadmap-label",
                 .message = "This " + what + " lacks the `" + wanted + "` label, so it is missing from roadmap searches and triage.",
                 .fix = "Add the `" + wanted + "` label to the " + what + ".",
                 .label = ctx.settings.label.label});
}

}  // namespace roadmapd::rules
