// The enforcement plan: a comment, labels and moves for what the rules found; nothing at all when
// nothing changed since roadmapd last acted; never a label or a comment that is not roadmapd's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "enforce/comment.hpp"
#include "enforce/plan.hpp"

namespace roadmapd::enforce {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

rules::finding finding(std::string rule, std::string code, std::string label = {}, bool in_comment = true) {
  rules::finding f;
  f.rule = std::move(rule);
  f.code = code;
  f.message = "Message for " + code + ".";
  f.fix = "Fix for " + code + ".";
  f.label = std::move(label);
  f.in_comment = in_comment;
  return f;
}

class plan_test : public ::testing::Test {
 protected:
  board_verdict board;
  config::rules_settings settings;
  content_record record;

  plan_test() {
    board.board.name = "apache/1";
    board.board.title = "TVM Global Roadmap";
    board.dry_run = false;
    item_verdict v;
    v.item.item_id = "PVTI_1";
    v.item.content_id = "I_1";
    v.item.type = "ISSUE";
    v.item.repo = "apache/tvm";
    v.item.number = 9;
    v.item.status = "Q1 2027";
    v.item.labels = {"tvm:roadmap"};
    board.items.push_back(v);
    record.content_id = "I_1";
  }
  item_verdict& item() { return board.items[0]; }
  void found(std::vector<rules::finding> f) {
    item().findings = std::move(f);
  }

  // by_content() points into the verdicts, so they must outlive its result.
  std::vector<board_verdict> judged;

  std::vector<std::string> plan() {
    judged = {board};
    const auto contents = by_content(judged);
    if (contents.empty()) return {};
    std::vector<std::string> out;
    for (const auto& a : plan_content(contents[0], record, settings)) {
      out.push_back(std::string(to_string(a.kind)) + (a.label.empty() ? "" : " " + a.label) +
                    (a.column.empty() ? "" : " " + a.column + " on " + a.board + " " + a.item_id));
    }
    return out;
  }
  std::string body() {
    judged = {board};
    const auto contents = by_content(judged);
    for (const auto& a : plan_content(contents[0], record, settings)) {
      if (!a.body.empty()) return a.body;
    }
    return {};
  }
};

TEST_F(plan_test, a_first_finding_gets_the_comment_then_its_label) {
  found({finding("owner", "missing-owner", "roadmap:needs-owner"), finding("help_wanted", "help-wanted", "help wanted", false)});
  EXPECT_THAT(plan(), ElementsAre("comment", "add-label roadmap:needs-owner", "add-label help wanted"));
  const auto text = body();
  EXPECT_TRUE(text.starts_with(sticky_marker));
  EXPECT_THAT(text, HasSubstr("**TVM Global Roadmap**"));
  EXPECT_THAT(text, HasSubstr("- [ ] Message for missing-owner.<br>**How to fix:** Fix for missing-owner.\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("help-wanted"))) << "help wanted is a label, not a comment line";
  EXPECT_THAT(text, HasSubstr("`roadmap:exempt`"));
}

TEST_F(plan_test, the_same_findings_again_plan_nothing) {
  found({finding("owner", "missing-owner", "roadmap:needs-owner")});
  record.comment_id = "IC_1";
  record.comment_body = body();
  record.labels = {"roadmap:needs-owner"};
  item().item.labels.push_back("roadmap:needs-owner");
  EXPECT_THAT(plan(), IsEmpty());
}

TEST_F(plan_test, changed_findings_edit_the_comment_and_swap_the_labels_roadmapd_owns) {
  record.comment_id = "IC_1";
  record.comment_body = "old body";
  record.labels = {"roadmap:needs-owner"};
  item().item.labels = {"tvm:roadmap", "roadmap:needs-owner"};
  found({finding("priority", "missing-priority", "roadmap:needs-priority")});
  EXPECT_THAT(plan(), ElementsAre("edit-comment", "add-label roadmap:needs-priority", "remove-label roadmap:needs-owner"));
}

TEST_F(plan_test, a_label_a_person_added_is_never_removed) {
  item().item.labels = {"tvm:roadmap", "help wanted"};  // there before roadmapd: not in record.labels
  found({});
  EXPECT_THAT(plan(), IsEmpty());
}

TEST_F(plan_test, when_everything_is_fixed_the_comment_says_so_once_or_is_minimized) {
  record.comment_id = "IC_1";
  record.comment_body = "old body";
  EXPECT_THAT(plan(), ElementsAre("resolve-comment"));
  EXPECT_THAT(body(), HasSubstr("Everything the roadmap guidelines ask for is in place"));
  record.resolved = true;
  EXPECT_THAT(plan(), IsEmpty());

  record.resolved = false;
  settings.when_resolved = config::resolved_comment::minimize;
  EXPECT_THAT(plan(), ElementsAre("minimize-comment"));
  record.resolved = true;
  found({finding("owner", "missing-owner")});
  EXPECT_THAT(plan(), ElementsAre("unminimize-comment", "edit-comment"));
}

TEST_F(plan_test, a_move_is_planned_only_when_the_item_is_elsewhere) {
  item().actions.move_to = "Backlog";
  EXPECT_THAT(plan(), ElementsAre("move Backlog on apache/1 PVTI_1"));
  item().item.status = "backlog";
  EXPECT_THAT(plan(), IsEmpty());
}

TEST_F(plan_test, a_draft_takes_no_comment_and_no_label_but_can_move) {
  item().item.type = "DRAFT_ISSUE";
  found({finding("owner", "missing-owner", "roadmap:needs-owner")});
  item().actions.move_to = "Backlog";
  EXPECT_THAT(plan(), ElementsAre("move Backlog on apache/1 PVTI_1"));
}

TEST_F(plan_test, nothing_happens_while_an_item_waits_or_after_it_was_skipped) {
  found({finding("owner", "missing-owner", "roadmap:needs-owner")});
  item().waiting = "added less than the grace period ago";
  EXPECT_THAT(plan(), IsEmpty());
  item().waiting.clear();
  item().skipped = "exempt (label roadmap:exempt)";
  EXPECT_THAT(plan(), IsEmpty());
}

TEST_F(plan_test, an_issue_on_two_boards_gets_one_comment_listing_each_finding_once) {
  found({finding("owner", "missing-owner", "roadmap:needs-owner")});
  board_verdict second = board;
  second.board.name = "apache/2";
  second.board.title = "CI Roadmap";
  second.items[0].item.item_id = "PVTI_2";
  second.items[0].findings.push_back(finding("theme", "missing-theme", "roadmap:needs-theme"));
  judged = {board, second};
  const auto contents = by_content(judged);
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_THAT(finding_codes(contents[0].findings), ElementsAre("missing-owner", "missing-theme"));
  const auto actions = plan_content(contents[0], record, settings);
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_THAT(actions[0].body, HasSubstr("**TVM Global Roadmap** and **CI Roadmap**"));
  EXPECT_EQ(actions[0].body.find("Message for missing-owner"), actions[0].body.rfind("Message for missing-owner"))
      << "listed once";
}

TEST(comment_test, the_same_findings_render_the_same_body_and_lines_stay_in_their_list_item) {
  rules::finding f = finding("sections", "missing-section:Goals");
  f.message = "Two\nlines";
  const auto a = render_findings({f}, {"B"}, "roadmap:exempt");
  EXPECT_EQ(a, render_findings({f}, {"B"}, "roadmap:exempt"));
  EXPECT_THAT(a, HasSubstr("- [ ] Two lines<br>"));
  EXPECT_THAT(render_findings({f}, {"B"}, ""), ::testing::Not(HasSubstr("label to opt an item out")));
}

}  // namespace
}  // namespace roadmapd::enforce
