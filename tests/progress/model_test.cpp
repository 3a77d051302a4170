// The progress model on a planted mirror: each state with its reason, each signal alone (task list,
// sub-issues, linked pull requests), nothing to count, and the inconsistencies it reports.
#include "progress/model.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/time.hpp"

namespace roadmapd::progress {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class progress_model : public ::testing::Test {
 protected:
  store::database db = std::move(store::database::open(":memory:").value());
  rules::board_facts board;
  config::rule_set rules;
  options opts;

  void SetUp() override {
    opts.now = *util::parse_iso8601("2027-02-01T00:00:00Z");
    board.name = "apache/1";
    board.quarters = {{"Q1 2027", "2027-01-01", "2027-04-01"}, {"Q2 2027", "2027-04-01", "2027-07-01"},
                      {"Q4 2026", "2026-10-01", "2027-01-01"}};
    db.exec("INSERT INTO projects (id, owner, number, title, url, closed, synced_at) VALUES ('P', 'apache', 1, 'Roadmap', 'u', 0, 'x')");
  }

  // An issue of apache/tvm, updated recently, with its last comment a week ago.
  void issue(int number, const std::string& state = "OPEN", const std::string& reason = "", const std::string& extra = "") {
    db.exec("INSERT INTO issues (id, repo, number, is_pull_request, title, body, state, url, created_at, updated_at, "
            "seen_pass, state_reason, last_comment_at) VALUES ('I" + std::to_string(number) + "', 'apache/tvm', " +
            std::to_string(number) + ", 0, 'Issue " + std::to_string(number) + "', '', '" + state +
            "', 'u', '2026-12-01T00:00:00Z', '2027-01-25T00:00:00Z', 1, " + (reason.empty() ? "NULL" : "'" + reason + "'") +
            ", '2027-01-25T00:00:00Z')");
    if (!extra.empty()) db.exec("UPDATE issues SET " + extra + " WHERE number = " + std::to_string(number));
  }
  void pull_request(int number, const std::string& state) {
    db.exec("INSERT INTO issues (id, repo, number, is_pull_request, title, body, state, url, updated_at, seen_pass) "
            "VALUES ('PR" + std::to_string(number) + "', 'apache/tvm', " + std::to_string(number) + ", 1, 'PR', '', '" +
            state + "', 'u', '2027-01-30T00:00:00Z', 1)");
  }
  void task(int issue_number, int position, bool checked, const std::string& text, int ref = 0) {
    db.exec("INSERT INTO tracking_tasks (issue_id, position, checked, text, ref_repo, ref_number) VALUES ('I" +
            std::to_string(issue_number) + "', " + std::to_string(position) + ", " + (checked ? "1" : "0") + ", '" +
            text + "', " + (ref ? "'apache/tvm', " + std::to_string(ref) : std::string("NULL, NULL")) + ")");
    db.exec("UPDATE issues SET is_tracking = 1 WHERE number = " + std::to_string(issue_number));
  }
  void change(const std::string& at, const std::string& kind, const std::string& attribute, const std::string& from,
              const std::string& to, const std::string& item = "PVTI", const std::string& content = "I1") {
    db.exec("INSERT INTO changes (at, seen_at, item_id, content_id, kind, attribute, old_value, new_value, source) VALUES ('" +
            at + "', '" + at + "', '" + item + "', '" + content + "', '" + kind + "', '" + attribute + "', '" + from +
            "', '" + to + "', 'poll')");
  }

  rules::item_facts item(int number, const std::string& status = "Q1 2027") {
    rules::item_facts i;
    i.item_id = "PVTI";
    i.type = "ISSUE";
    i.content_id = "I" + std::to_string(number);
    i.repo = "apache/tvm";
    i.number = number;
    i.state = "OPEN";
    i.status = status;
    i.created_at = "2026-12-01T00:00:00Z";
    return i;
  }

  // Both ways of reading the mirror (a few lookups for one item; one scan per table for many) must
  // judge alike: every test below checks both.
  result judge(const rules::item_facts& i) {
    const result on_demand = model(db, opts).of_item(board, i, rules);
    model bulk(db, opts);
    bulk.read_all();
    EXPECT_EQ(summary(bulk.of_item(board, i, rules)), summary(on_demand)) << "read_all() judged otherwise";
    return on_demand;
  }

  static std::string summary(const result& r) {
    std::string out = std::string(to_string(r.state)) + " | " + r.reason + " | " + std::to_string(r.done) + "/" +
                      std::to_string(r.total) + " " + r.source + " | " + r.target.value_or("-") + " | " +
                      r.forecast.value_or("-") + " | " + r.last_activity + " |";
    for (const auto& list : {r.dependencies, r.blockers, r.inconsistencies}) {
      for (const auto& x : list) out += " " + x;
      out += " |";
    }
    return out;
  }
};

TEST_F(progress_model, a_task_list_counts_its_entries_by_the_state_of_what_they_reference) {
  issue(1);
  issue(2, "CLOSED", "COMPLETED");
  pull_request(3, "MERGED");
  issue(4);
  task(1, 0, true, "Parser", 2);
  task(1, 1, false, "Printer", 3);    // not ticked, but merged: done, and said
  task(1, 2, true, "Docs", 4);        // ticked, but open: not done, and said
  task(1, 3, true, "Announce");       // no reference: the tick counts
  task(1, 4, false, "Release");
  const auto r = judge(item(1));
  EXPECT_EQ(r.done, 3);
  EXPECT_EQ(r.total, 5);
  EXPECT_EQ(r.percent, 60);
  EXPECT_EQ(r.source, "task list");
  EXPECT_EQ(describe_count(r), "3/5 (60%, task list)");
  EXPECT_THAT(r.inconsistencies, ElementsAre("the task \"Printer\" is not ticked, but apache/tvm#3 is merged",
                                             "the task \"Docs\" is ticked, but apache/tvm#4 is still open"));
  EXPECT_EQ(r.state, state::on_track);
  EXPECT_EQ(r.target, "2027-03-31") << "the end of its quarterly column";
}

TEST_F(progress_model, sub_issues_alone_count_from_their_own_states_when_all_are_mirrored) {
  issue(1, "OPEN", "", "sub_issues_total = 3, sub_issues_completed = 0");  // a stale summary
  issue(11, "CLOSED", "COMPLETED", "parent_id = 'I1'");
  issue(12, "CLOSED", "NOT_PLANNED", "parent_id = 'I1'");  // closed counts as completed, as GitHub counts it
  issue(13, "OPEN", "", "parent_id = 'I1'");
  const auto r = judge(item(1));
  EXPECT_EQ(describe_count(r), "2/3 (66%, sub-issues)");
  EXPECT_EQ(r.state, state::on_track);
}

TEST_F(progress_model, sub_issues_outside_the_mirror_count_from_githubs_summary) {
  issue(1, "OPEN", "", "sub_issues_total = 4, sub_issues_completed = 1");
  issue(11, "OPEN", "", "parent_id = 'I1'");  // one of four mirrored
  EXPECT_EQ(describe_count(judge(item(1))), "1/4 (25%, sub-issues)");
}

TEST_F(progress_model, linked_pull_requests_count_when_nothing_else_does) {
  issue(1);
  pull_request(20, "MERGED");
  pull_request(21, "OPEN");
  pull_request(22, "CLOSED");  // abandoned: left out
  for (int pr : {20, 21, 22}) {
    db.exec("INSERT INTO linked_pull_requests (issue_id, position, pr_id, pr_repo, pr_number, pr_state) SELECT 'I1', " +
            std::to_string(pr) + ", id, repo, number, state FROM issues WHERE number = " + std::to_string(pr));
  }
  const auto r = judge(item(1));
  EXPECT_EQ(describe_count(r), "1/2 (50%, linked pull requests)");
  EXPECT_EQ(r.last_activity, "2027-01-30T00:00:00Z") << "the pull requests' activity is the item's";
}

TEST_F(progress_model, nothing_to_count_is_unknown_and_says_so_rather_than_zero) {
  issue(1);
  const auto r = judge(item(1));
  EXPECT_EQ(r.state, state::unknown);
  EXPECT_EQ(r.total, 0);
  EXPECT_EQ(r.percent, std::nullopt);
  EXPECT_EQ(describe_count(r), "nothing to count");
  EXPECT_EQ(r.reason, "nothing to count: no task list, sub-issues or linked pull requests");
}

TEST_F(progress_model, done_dropped_and_done_columns) {
  issue(1, "CLOSED", "COMPLETED");
  EXPECT_EQ(judge(item(1)).state, state::done);
  issue(2, "CLOSED", "NOT_PLANNED");
  auto dropped = judge(item(2));
  EXPECT_EQ(dropped.state, state::dropped);
  EXPECT_EQ(dropped.reason, "closed as not planned");
  issue(3);
  auto in_done = item(3, "Done");
  const auto r = judge(in_done);
  EXPECT_EQ(r.state, state::done);
  EXPECT_EQ(r.reason, "in the done column Done");
}

TEST_F(progress_model, a_quarter_that_ended_or_a_move_to_a_later_one_is_slipped) {
  issue(1);
  const auto ended = judge(item(1, "Q4 2026"));
  EXPECT_EQ(ended.state, state::slipped);
  EXPECT_EQ(ended.reason, "planned until 2026-12-31, and it is not done");

  change("2027-01-15T10:00:00Z", "field", "Status", "Q1 2027", "Q2 2027");
  const auto moved = judge(item(1, "Q2 2027"));
  EXPECT_EQ(moved.state, state::slipped);
  EXPECT_EQ(moved.reason, "moved from Q1 2027 to Q2 2027 on 2027-01-15");
}

TEST_F(progress_model, an_open_dependency_blocks) {
  issue(1);
  issue(5);
  issue(6, "CLOSED", "COMPLETED");
  auto i = item(1);
  i.body = "Depends on #5 and #6.";
  const auto r = judge(i);
  EXPECT_EQ(r.state, state::blocked);
  EXPECT_THAT(r.blockers, ElementsAre("apache/tvm#5"));
  EXPECT_EQ(r.reason, "waits for apache/tvm#5, which is still open");
}

TEST_F(progress_model, no_activity_for_the_stale_time_is_stale) {
  issue(1, "OPEN", "", "last_comment_at = '2026-11-01T00:00:00Z', created_at = '2026-10-01T00:00:00Z'");
  auto i = item(1);
  i.created_at = "2026-10-01T00:00:00Z";
  const auto r = judge(i);
  EXPECT_EQ(r.state, state::stale);
  EXPECT_EQ(r.reason, "no progress, pull request activity or comment since 2026-11-01 (13 weeks)");
  // roadmapd's own label is no activity.
  change("2027-01-20T00:00:00Z", "issue", "label", "", "roadmap:needs-owner");
  db.exec("UPDATE changes SET source = 'roadmapd'");
  EXPECT_EQ(judge(i).state, state::stale);
  // A task ticked last week is.
  change("2027-01-25T00:00:00Z", "tracking", "progress", "1/4", "2/4");
  EXPECT_NE(judge(i).state, state::stale);
}

TEST_F(progress_model, a_pace_that_ends_after_the_target_is_at_risk_with_the_projected_date) {
  issue(1);
  for (int p = 0; p < 10; ++p) task(1, p, p < 2, "Task " + std::to_string(p));
  // 1 of 10 on Dec 3, 2 now (60 days later): 8 left at 1 per 60 days.
  change("2026-12-03T00:00:00Z", "tracking", "progress", "0/10", "1/10");
  const auto r = judge(item(1));
  EXPECT_EQ(r.state, state::at_risk);
  ASSERT_TRUE(r.forecast);
  EXPECT_GT(*r.forecast, "2027-03-31");
  EXPECT_THAT(r.reason, HasSubstr("after its target 2027-03-31"));

  // The same pace with a later target is on track, with the date said.
  rules::item_facts later = item(1);
  later.fields["Target date"] = rules::field_value{.kind = "DATE", .date = std::string("2029-01-01")};
  const auto fine = judge(later);
  EXPECT_EQ(fine.state, state::on_track);
  EXPECT_EQ(fine.target, "2029-01-01");
  EXPECT_THAT(fine.reason, HasSubstr("done around " + *fine.forecast));
}

TEST_F(progress_model, a_closed_tracking_issue_with_open_tasks_is_inconsistent) {
  issue(1, "CLOSED", "COMPLETED");
  task(1, 0, true, "Parser");
  task(1, 1, false, "Printer");
  const auto r = judge(item(1));
  EXPECT_EQ(r.state, state::done);
  EXPECT_THAT(r.inconsistencies, ElementsAre("it is closed, but 1 of its 2 tasks are still open"));
}

}  // namespace
}  // namespace roadmapd::progress
