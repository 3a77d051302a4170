// The rule table, judge() and the board-level checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "facts_builder.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> all_codes(const item_facts& item, const board_facts& board, const config::rule_set& settings) {
  std::vector<std::string> out;
  for (const auto& f : judge(judge_context{item, board, settings, no_issue})) out.push_back(f.rule + ":" + f.code);
  return out;
}

TEST(registry, lists_every_rule_once_in_comment_order) {
  std::vector<std::string> names;
  for (const auto& r : all_rules()) names.emplace_back(r.name);
  EXPECT_THAT(names, ElementsAre("owner", "experts", "sections", "priority", "theme", "schedule", "dependencies",
                                 "label", "backlog", "help_wanted", "stale"));
}

TEST(registry, the_stale_rule_is_off_by_default_and_speaks_only_when_the_progress_model_says_stale) {
  config::rule_set settings;
  EXPECT_FALSE(stale_enabled(settings));
  settings.stale.enabled = true;
  const board_facts board = seeds_board();
  const item_facts item = good_item();
  judge_context quiet{item, board, settings, nullptr};
  EXPECT_THAT(all_codes(item, board, settings), IsEmpty());
  std::vector<finding> out;
  judge_stale(quiet, out);
  EXPECT_THAT(out, IsEmpty());
  judge_context stale{item, board, settings, nullptr, std::string("no progress, pull request activity or comment since 2026-11-01 (13 weeks)")};
  judge_stale(stale, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "stale");
  EXPECT_EQ(out[0].label, "roadmap:stale");
  EXPECT_EQ(out[0].message, "This item looks stalled: no progress, pull request activity or comment since 2026-11-01 (13 weeks).");
}

TEST(registry, a_compliant_item_has_no_findings) {
  EXPECT_THAT(all_codes(good_item(), seeds_board(), config::rule_set{}), IsEmpty());
}

TEST(registry, judge_runs_the_enabled_rules_in_table_order) {
  const board_facts board = seeds_board();
  item_facts item;
  item.item_id = "PVTI_x";
  item.type = "ISSUE";
  item.repo = "acme/app";
  item.number = 3;
  item.state = "OPEN";
  item.status = "Q1 2027";
  item.body = "Depends on #7";
  config::rule_set settings;
  EXPECT_THAT(all_codes(item, board, settings),
              ElementsAre("owner:missing-owner", "sections:missing-section:Motivation", "sections:missing-section:Goals",
                          "sections:missing-section:Deliverables", "sections:missing-section:Scope",
                          "priority:missing-priority", "theme:missing-theme", "schedule:no-owner-in-quarter",
                          "schedule:no-target", "dependencies:unknown-dependency:acme/app#7",
                          "label:missing-roadmap-label", "help_wanted:help-wanted"));

  settings.experts.enabled = true;
  settings.backlog.enabled = true;
  settings.sections.enabled = false;
  settings.schedule.enabled = false;
  settings.owner.enabled = false;
  settings.dependencies.enabled = false;
  settings.label.enabled = false;
  settings.help_wanted.enabled = false;
  settings.priority.enabled = false;
  settings.theme.enabled = false;
  EXPECT_THAT(all_codes(item, board, settings),
              ElementsAre("experts:missing-experts", "backlog:move-to-backlog:unscheduled"));
}

TEST(board_checks, a_seeds_shaped_board_is_fine) {
  EXPECT_THAT(check_board(seeds_board(), config::rule_set{}), IsEmpty());
}

TEST(board_checks, missing_goals_cards_and_foreign_themes_are_reported) {
  board_facts board = seeds_board();
  board.goals_cards.erase(board.goals_cards.begin() + 1);  // Q2 2027's
  board.goals_cards[0].body = "### Themes\n\n- Performance, Stability\n\n### Goals\n\nx\n";
  board.goals_cards[1].body = "### Goals\n\nOnly goals.\n";
  std::vector<std::string> out;
  for (const auto& f : check_board(board, config::rule_set{})) out.push_back(f.check + "|" + f.column);
  EXPECT_THAT(out, ElementsAre("goals-themes|Q1 2027", "goals-card|Q2 2027", "goals-themes|Q3 2027"));
  const auto found = check_board(board, config::rule_set{});
  EXPECT_NE(found[0].message.find("`Stability`"), std::string::npos) << found[0].message;
  EXPECT_NE(found[2].message.find("names no theme"), std::string::npos) << found[2].message;
}

}  // namespace
}  // namespace roadmapd::rules::test
