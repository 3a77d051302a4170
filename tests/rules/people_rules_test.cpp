// owner, experts and help_wanted: who drives an item and who knows about it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "facts_builder.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class people_rules : public ::testing::Test {
 protected:
  board_facts board = seeds_board();
  item_facts item = good_item();
  config::rule_set settings;
};

TEST_F(people_rules, an_assignee_or_the_owner_field_is_an_owner) {
  EXPECT_THAT(codes(judge_owner, item, board, settings), IsEmpty());
  item.assignees.clear();
  EXPECT_THAT(codes(judge_owner, item, board, settings), IsEmpty()) << "the Owner field still names alice";
  item.assignees = {"alice"};
  item.fields.erase("Owner");
  EXPECT_THAT(codes(judge_owner, item, board, settings), IsEmpty()) << "the assignee is enough";
}

TEST_F(people_rules, no_assignee_and_a_blank_owner_field_is_missing_owner) {
  item.assignees.clear();
  item.fields["Owner"] = text("  @ ");
  const auto found = findings(judge_owner, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "missing-owner");
  EXPECT_EQ(found[0].rule, "owner");
  EXPECT_EQ(found[0].label, "roadmap:needs-owner");
  EXPECT_TRUE(found[0].in_comment);
  EXPECT_THAT(found[0].fix, HasSubstr("`Owner`"));
}

TEST_F(people_rules, owner_fields_are_configurable_and_matched_case_insensitively) {
  item.assignees.clear();
  item.fields.erase("Owner");
  item.fields["lead"] = {.kind = "USERS", .text = "carol"};
  EXPECT_THAT(codes(judge_owner, item, board, settings), ElementsAre("missing-owner"));
  settings.owner.fields = {"Lead"};
  EXPECT_THAT(codes(judge_owner, item, board, settings), IsEmpty());
  settings.owner.label = "needs-lead";
  item.fields.erase("lead");
  EXPECT_EQ(findings(judge_owner, item, board, settings).at(0).label, "needs-lead");
}

TEST_F(people_rules, experts_are_off_by_default_and_need_a_named_person) {
  EXPECT_FALSE(experts_enabled(settings));
  settings.experts.enabled = true;
  EXPECT_TRUE(experts_enabled(settings));
  EXPECT_THAT(codes(judge_experts, item, board, settings), IsEmpty());
  item.fields["SME"] = text("");
  EXPECT_THAT(codes(judge_experts, item, board, settings), ElementsAre("missing-experts"));
  item.fields.erase("SME");
  const auto found = findings(judge_experts, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_THAT(found[0].fix, HasSubstr("`SME`"));
  EXPECT_EQ(found[0].label, "roadmap:needs-experts");
  // An assignee is an owner, not an expert.
  EXPECT_FALSE(item.assignees.empty());
}

TEST_F(people_rules, help_wanted_marks_open_items_without_owner_by_label_only) {
  EXPECT_THAT(codes(judge_help_wanted, item, board, settings), IsEmpty());
  item.assignees.clear();
  item.fields.erase("Owner");
  const auto found = findings(judge_help_wanted, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "help-wanted");
  EXPECT_EQ(found[0].label, "help wanted");
  EXPECT_FALSE(found[0].in_comment);
  item.state = "CLOSED";
  EXPECT_THAT(codes(judge_help_wanted, item, board, settings), IsEmpty());
}

TEST_F(people_rules, help_wanted_label_is_configurable_and_an_empty_label_turns_it_off) {
  item.assignees.clear();
  item.fields.erase("Owner");
  settings.help_wanted.label = "good first issue";
  EXPECT_EQ(findings(judge_help_wanted, item, board, settings).at(0).label, "good first issue");
  settings.help_wanted.label.clear();
  EXPECT_FALSE(help_wanted_enabled(settings));
  settings.help_wanted.label = "help wanted";
  settings.help_wanted.enabled = false;
  EXPECT_FALSE(help_wanted_enabled(settings));
}

}  // namespace
}  // namespace roadmapd::rules::test
