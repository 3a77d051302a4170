// Hand-built facts for the rule tests: a seeds-shaped board and a compliant item that each test
// then breaks in one way.
#pragma once

#include <string>
#include <vector>

#include "rules/facts.hpp"
#include "rules/item_tests.hpp"
#include "rules/rule.hpp"

namespace roadmapd::rules::test {

inline field_value text(std::string s) { return {.kind = "TEXT", .text = std::move(s)}; }
inline field_value option(std::string s) { return {.kind = "SINGLE_SELECT", .text = std::move(s)}; }
inline field_value date(std::string s) { return {.kind = "DATE", .date = std::move(s)}; }
inline field_value iteration(std::string title, std::string start, std::string end) {
  return {.kind = "ITERATION", .iteration_title = std::move(title), .iteration_start = std::move(start),
          .iteration_end = std::move(end)};
}

inline board_facts seeds_board() {
  board_facts b;
  b.project_id = "PVT_1";
  b.owner = "acme";
  b.number = 1;
  b.name = "acme/1";
  b.title = "Acme Roadmap";
  b.statuses = {"Background & Motivations", "Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027", "Backlog"};
  for (const auto& s : b.statuses)
    if (auto q = parse_quarter(s)) b.quarters.push_back(*q);
  b.theme_cards = {{"PVTI_t1", "Performance", "**Performance**: fast", "Background & Motivations"},
                   {"PVTI_t2", "Usability", "**Usability**: easy", "Background & Motivations"}};
  b.themes = {"Performance", "Usability"};
  for (const auto& q : b.quarters)
    b.goals_cards.push_back({"PVTI_g" + q.column, "Themes & Goals", "### Themes\n\n- Performance\n\n### Goals\n\nFast.\n",
                             q.column});
  return b;
}

inline const char* complete_body =
    "## Motivation\n\nUsers need it.\n\n## Goals\n\n- It works\n\n## Deliverables\n\n- [ ] Code\n\n"
    "## Scope\n\nThe core only.\n";

// An item that passes every rule with the default settings.
inline item_facts good_item() {
  item_facts i;
  i.item_id = "PVTI_1";
  i.type = "ISSUE";
  i.title = "[Roadmap] Faster builds";
  i.body = complete_body;
  i.content_id = "I_1";
  i.repo = "acme/app";
  i.number = 10;
  i.state = "OPEN";
  i.author = "alice";
  i.assignees = {"alice"};
  i.labels = {"roadmap"};
  i.status = "Q2 2027";
  i.fields = {{"Status", option("Q2 2027")},       {"Theme", option("Performance")}, {"Priority", option("P1")},
              {"Owner", text("@alice")},            {"SME", text("@bob")},            {"Target date", date("2027-06-01")},
              {"Quarter", iteration("Q2 2027", "2027-04-01", "2027-07-01")}};
  return i;
}

inline issue_status no_issue(const std::string&, int) { return {}; }

// The codes of what one rule (or all enabled rules, with judge) finds.
template <class Judge>
std::vector<std::string> codes(Judge judge_fn, const item_facts& item, const board_facts& board,
                               const config::rule_set& settings,
                               std::function<issue_status(const std::string&, int)> lookup = no_issue) {
  std::vector<finding> out;
  judge_fn(judge_context{item, board, settings, std::move(lookup)}, out);
  std::vector<std::string> result;
  for (const auto& f : out) result.push_back(f.code);
  return result;
}

inline std::vector<finding> findings(void (*judge_fn)(const judge_context&, std::vector<finding>&),
                                     const item_facts& item, const board_facts& board, const config::rule_set& settings,
                                     std::function<issue_status(const std::string&, int)> lookup = no_issue) {
  std::vector<finding> out;
  judge_fn(judge_context{item, board, settings, std::move(lookup)}, out);
  return out;
}

}  // namespace roadmapd::rules::test
