// priority, theme and label: what the board's fields and the issue's labels must say.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "facts_builder.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class field_rules : public ::testing::Test {
 protected:
  board_facts board = seeds_board();
  item_facts item = good_item();
  config::rule_set settings;
};

TEST_F(field_rules, priority_must_be_set) {
  EXPECT_THAT(codes(judge_priority, item, board, settings), IsEmpty());
  item.fields.erase("Priority");
  const auto found = findings(judge_priority, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "missing-priority");
  EXPECT_EQ(found[0].label, "roadmap:needs-priority");
  EXPECT_THAT(found[0].fix, HasSubstr("`Priority`"));
}

TEST_F(field_rules, priority_field_name_is_configurable) {
  settings.priority.field = "Importance";
  EXPECT_THAT(codes(judge_priority, item, board, settings), ElementsAre("missing-priority"));
  item.fields["importance"] = option("High");
  EXPECT_THAT(codes(judge_priority, item, board, settings), IsEmpty());
}

TEST_F(field_rules, theme_must_be_set_and_be_one_of_the_boards_themes) {
  EXPECT_THAT(codes(judge_theme, item, board, settings), IsEmpty());
  item.fields["Theme"] = option("performance");
  EXPECT_THAT(codes(judge_theme, item, board, settings), IsEmpty()) << "compared case-insensitively";

  item.fields["Theme"] = option("Stability");
  auto found = findings(judge_theme, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "unknown-theme");
  EXPECT_THAT(found[0].message, HasSubstr("`Stability`"));
  EXPECT_THAT(found[0].message, HasSubstr("`Performance` or `Usability`"));

  item.fields.erase("Theme");
  found = findings(judge_theme, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "missing-theme");
  EXPECT_THAT(found[0].fix, HasSubstr("`Performance` or `Usability`"));
  EXPECT_EQ(found[0].label, "roadmap:needs-theme");
}

TEST_F(field_rules, a_board_without_themes_accepts_any_theme_but_not_none) {
  board.themes.clear();
  item.fields["Theme"] = option("Anything");
  EXPECT_THAT(codes(judge_theme, item, board, settings), IsEmpty());
  item.fields.erase("Theme");
  EXPECT_THAT(codes(judge_theme, item, board, settings), ElementsAre("missing-theme"));
}

TEST_F(field_rules, label_rule_wants_the_roadmap_label_on_issues_and_prs_only) {
  EXPECT_THAT(codes(judge_label, item, board, settings), IsEmpty());
  settings.label.roadmap_label = "tvm:roadmap";
  auto found = findings(judge_label, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "missing-roadmap-label");
  EXPECT_THAT(found[0].fix, HasSubstr("`tvm:roadmap`"));
  EXPECT_EQ(found[0].label, "") << "the label rule marks nothing by default: the fix is the label itself";

  item.labels = {"area:relax", "TVM:Roadmap"};
  EXPECT_THAT(codes(judge_label, item, board, settings), IsEmpty()) << "GitHub compares labels case-insensitively";

  item.labels.clear();
  item.type = "PULL_REQUEST";
  EXPECT_THAT(codes(judge_label, item, board, settings), ElementsAre("missing-roadmap-label"));
  item.type = "DRAFT_ISSUE";
  EXPECT_THAT(codes(judge_label, item, board, settings), IsEmpty()) << "drafts cannot carry labels";
}

}  // namespace
}  // namespace roadmapd::rules::test
