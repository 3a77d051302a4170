// The rules, one per file (lib/rules/<name>.cpp), declared for the registry and for tests that
// exercise one rule alone. Each judge_<name> appends its findings; <name>_enabled reads its toggle.
#pragma once

#include <vector>

#include "rules/rule.hpp"

namespace roadmapd::rules {

bool owner_enabled(const config::rule_set& settings);
void judge_owner(const judge_context& ctx, std::vector<finding>& out);

bool experts_enabled(const config::rule_set& settings);
void judge_experts(const judge_context& ctx, std::vector<finding>& out);

bool sections_enabled(const config::rule_set& settings);
void judge_sections(const judge_context& ctx, std::vector<finding>& out);

bool priority_enabled(const config::rule_set& settings);
void judge_priority(const judge_context& ctx, std::vector<finding>& out);

bool theme_enabled(const config::rule_set& settings);
void judge_theme(const judge_context& ctx, std::vector<finding>& out);

bool schedule_enabled(const config::rule_set& settings);
void judge_schedule(const judge_context& ctx, std::vector<finding>& out);

bool dependencies_enabled(const config::rule_set& settings);
void judge_dependencies(const judge_context& ctx, std::vector<finding>& out);

bool label_enabled(const config::rule_set& settings);
void judge_label(const judge_context& ctx, std::vector<finding>& out);

bool backlog_enabled(const config::rule_set& settings);
void judge_backlog(const judge_context& ctx, std::vector<finding>& out);

bool help_wanted_enabled(const config::rule_set& settings);
void judge_help_wanted(const judge_context& ctx, std::vector<finding>& out);

bool stale_enabled(const config::rule_set& settings);
void judge_stale(const judge_context& ctx, std::vector<finding>& out);

}  // namespace roadmapd::rules
