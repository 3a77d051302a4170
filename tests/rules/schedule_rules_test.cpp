// schedule and backlog: what an item in a quarterly column needs, and where it goes without it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "facts_builder.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class schedule_rules : public ::testing::Test {
 protected:
  board_facts board = seeds_board();
  item_facts item = good_item();
  config::rule_set settings;

  void drop_owner() {
    item.assignees.clear();
    item.fields.erase("Owner");
  }
  void drop_target() {
    item.fields.erase("Quarter");
    item.fields.erase("Target date");
  }
};

TEST(quarters, column_names_give_their_dates) {
  auto q = parse_quarter("Q1 2027");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->start, "2027-01-01");
  EXPECT_EQ(q->end, "2027-04-01");
  q = parse_quarter("2026 Q4");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->start, "2026-10-01");
  EXPECT_EQ(q->end, "2027-01-01");
  EXPECT_EQ(parse_quarter("2026-q3")->start, "2026-07-01");
  EXPECT_FALSE(parse_quarter("Backlog"));
  EXPECT_FALSE(parse_quarter("Q5 2027"));
  EXPECT_FALSE(parse_quarter("Q1 27"));
  EXPECT_FALSE(parse_quarter("Q1 2027 stretch"));
}

TEST_F(schedule_rules, a_planned_item_with_owner_and_target_in_its_quarter_passes) {
  EXPECT_THAT(codes(judge_schedule, item, board, settings), IsEmpty());
}

TEST_F(schedule_rules, items_outside_quarterly_columns_are_not_judged) {
  drop_owner();
  drop_target();
  for (const char* status : {"Backlog", "Background & Motivations", ""}) {
    item.status = status;
    EXPECT_THAT(codes(judge_schedule, item, board, settings), IsEmpty()) << status;
  }
}

TEST_F(schedule_rules, no_owner_and_no_target_are_two_findings) {
  drop_owner();
  drop_target();
  const auto found = findings(judge_schedule, item, board, settings);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].code, "no-owner-in-quarter");
  EXPECT_EQ(found[1].code, "no-target");
  EXPECT_THAT(found[0].message, HasSubstr("Q2 2027"));
  EXPECT_THAT(found[1].fix, HasSubstr("`Quarter` or `Target date`"));
  EXPECT_EQ(found[1].label, "roadmap:needs-schedule");
}

TEST_F(schedule_rules, the_first_set_target_field_decides) {
  // Quarter comes first: an iteration starting after Q2 2027 ends is late even with a good date.
  item.fields["Quarter"] = iteration("Q3 2027", "2027-07-01", "2027-10-01");
  EXPECT_THAT(codes(judge_schedule, item, board, settings), ElementsAre("target-after-quarter"));
  // An iteration that starts in the quarter (or before it) is fine.
  item.fields["Quarter"] = iteration("Q2 2027", "2027-03-29", "2027-06-28");
  EXPECT_THAT(codes(judge_schedule, item, board, settings), IsEmpty());
  // Without an iteration the date counts; the quarter's end is exclusive.
  item.fields.erase("Quarter");
  item.fields["Target date"] = date("2027-06-30");
  EXPECT_THAT(codes(judge_schedule, item, board, settings), IsEmpty());
  item.fields["Target date"] = date("2027-07-01");
  const auto found = findings(judge_schedule, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "target-after-quarter");
  EXPECT_THAT(found[0].message, HasSubstr("2027-07-01"));
}

TEST_F(schedule_rules, an_earlier_target_is_fine) {
  item.fields["Target date"] = date("2026-01-15");
  item.fields.erase("Quarter");
  EXPECT_THAT(codes(judge_schedule, item, board, settings), IsEmpty());
}

TEST_F(schedule_rules, target_fields_are_configurable) {
  settings.schedule.target_fields = {"Due"};
  EXPECT_THAT(codes(judge_schedule, item, board, settings), ElementsAre("no-target"));
  item.fields["Due"] = date("2027-05-05");
  EXPECT_THAT(codes(judge_schedule, item, board, settings), IsEmpty());
}

TEST_F(schedule_rules, backlog_is_off_by_default) {
  EXPECT_FALSE(backlog_enabled(settings));
  settings.backlog.enabled = true;
  EXPECT_TRUE(backlog_enabled(settings));
}

TEST_F(schedule_rules, backlog_moves_items_without_status) {
  item.status.clear();
  const auto found = findings(judge_backlog, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "move-to-backlog:no-status");
  EXPECT_EQ(found[0].move_to, "Backlog");
  EXPECT_TRUE(found[0].in_comment);
}

TEST_F(schedule_rules, backlog_moves_quarter_items_that_lack_an_owner_or_a_target) {
  EXPECT_THAT(codes(judge_backlog, item, board, settings), IsEmpty());
  drop_owner();
  auto found = findings(judge_backlog, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "move-to-backlog:unscheduled");
  EXPECT_EQ(found[0].move_to, "Backlog");
  EXPECT_THAT(found[0].message, HasSubstr("without an owner"));

  item = good_item();
  drop_target();
  found = findings(judge_backlog, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_THAT(found[0].message, HasSubstr("without a target"));

  // Items elsewhere stay where they are.
  item.status = "Background & Motivations";
  EXPECT_THAT(codes(judge_backlog, item, board, settings), IsEmpty());
  item.status = "Backlog";
  EXPECT_THAT(codes(judge_backlog, item, board, settings), IsEmpty());
}

TEST_F(schedule_rules, backlog_column_is_configurable_and_must_exist_on_the_board) {
  item.status.clear();
  settings.backlog.column = "icebox";
  EXPECT_THAT(codes(judge_backlog, item, board, settings), IsEmpty()) << "the board has no such column";
  board.statuses.push_back("Icebox");
  const auto found = findings(judge_backlog, item, board, settings);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].move_to, "Icebox") << "spelled as on the board";
}

}  // namespace
}  // namespace roadmapd::rules::test
