// sections: every item explains itself with the seeds' "clearly defined motivations, end goals,
// deliverables, and scope": one heading or bold lead-in per configured section, with real content.
#include <algorithm>

#include "markdown/sections.hpp"
#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules {
namespace {

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

std::string other_names(const config::section_spec& spec) {
  if (spec.aliases.empty()) return {};
  std::vector<std::string> headings;
  for (const auto& a : spec.aliases) headings.push_back("## " + a);
  return " (" + quoted_list(headings) + " also work)";
}

}  // namespace

bool sections_enabled(const config::rule_set& settings) {
  return settings.sections.enabled && !settings.sections.sections.empty();
}

void judge_sections(const judge_context& ctx, std::vector<finding>& out) {
  const auto& rule = ctx.settings.sections;
  // An issue of a repository that is not mirrored: its body is unknown, not empty.
  if (!ctx.item.body_known) return;
  // Every required section is judged by its own text: one nested under another is not the other's content.
  std::vector<std::string> required;
  for (const auto& spec : rule.sections) {
    required.push_back(spec.name);
    required.insert(required.end(), spec.aliases.begin(), spec.aliases.end());
  }
  const auto sections = markdown::parse_sections(ctx.item.body, required);

  for (const auto& spec : rule.sections) {
    std::vector<std::string> names{spec.name};
    names.insert(names.end(), spec.aliases.begin(), spec.aliases.end());
    const markdown::section* found = nullptr;  // the first one with content, else the first one
    for (const auto& s : sections) {
      if (!markdown::heading_matches(s.heading, names)) continue;
      if (!markdown::is_placeholder(s.content, rule.placeholders)) {
        found = &s;
        break;
      }
      if (found == nullptr) found = &s;
    }
    const std::string heading = "`## " + spec.name + "`";
    if (found == nullptr) {
      out.push_back({.rule = "sections",
                     .code = "missing-section:" + spec.name,
                     .message = "The description has no \"" + spec.name + "\" section.",
                     .fix = "Edit the description and add a " + heading + " heading with a few lines under it" +
                            other_names(spec) + ".",
                     .label = rule.label});
    } else if (markdown::is_placeholder(found->content, rule.placeholders)) {
      const std::string says = trimmed(found->content);
      out.push_back({.rule = "sections",
                     .code = "empty-section:" + spec.name,
                     .message = "The \"" + found->heading + "\" section of the description is " +
                                (says.empty() ? std::string("empty.") : "only a placeholder (`" + says + "`)."),
                     .fix = "Write a few real lines under the \"" + found->heading + "\" heading (line " +
                            std::to_string(found->line) + " of the description).",
                     .label = rule.label});
    }
  }
}

}  // namespace roadmapd::rules
