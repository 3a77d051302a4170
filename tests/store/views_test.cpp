// The views people query: board_items, item_values, tracking_task_refs, tracking_progress, on the
// hand-built sample roadmap.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sample_board.hpp"
#include "store/mirror.hpp"
#include "store_fixture.hpp"

namespace roadmapd::store {
namespace {

using ::testing::ElementsAre;
using testing::open_or_fail;
using testing::rows;
using testing::scalar;

class views_test : public ::testing::Test {
 protected:
  void SetUp() override { testing::populate(db_); }
  database db_ = open_or_fail(":memory:");
};

TEST_F(views_test, board_items_shows_the_roadmap_columns) {
  EXPECT_THAT(
      rows(db_, "SELECT board_owner, board_number, board, title, type, archived, status, quarter, "
                "priority, theme, owners, ref, state FROM board_items ORDER BY position"),
      ElementsAre(
          "acme|1|Global roadmap|RFC: faster builds|ISSUE|0|Q2 2026|Q2 2026|P0|Speed|alice, bob, carol|acme/rfcs#10|OPEN",
          "acme|1|Global roadmap|Idea: plugin API|DRAFT_ISSUE|0|Backlog|NULL|P2|NULL|dave|NULL|NULL",
          "acme|1|Global roadmap|Cache compiler output|PULL_REQUEST|0|Q3 2026|Q3 2026|NULL|Speed|alice|acme/app#7|MERGED",
          "acme|1|Global roadmap|NULL|REDACTED|1|NULL|NULL|NULL|NULL|NULL|NULL|NULL"));
}

TEST_F(views_test, board_items_has_labels_url_and_milestone) {
  EXPECT_THAT(rows(db_, "SELECT labels, url, milestone FROM board_items WHERE type = 'ISSUE'"),
              ElementsAre("rfc, build|https://github.com/acme/rfcs/issues/10|2026"));
}

TEST_F(views_test, quarter_prefers_the_field_named_quarter_over_other_iterations) {
  mirror m(db_);
  transaction tx(db_);
  auto project = testing::sample_project();
  project.fields.push_back({"F_sprint", "Sprint", "ITERATION", {}, {{"s1", "Sprint 1", "2026-01-01", 14, false}}});
  m.upsert_project(project);
  auto item = testing::sample_items()[0];
  model::field_value sprint;
  sprint.field_id = "F_sprint";
  sprint.kind = "iteration";
  sprint.iteration_id = "s1";
  sprint.text = "Sprint 1";
  item.values.insert(item.values.begin(), sprint);
  m.upsert_item(item, 2);
  tx.commit();
  EXPECT_EQ(scalar(db_, "SELECT quarter FROM board_items WHERE type = 'ISSUE'"), "Q2 2026");
}

TEST_F(views_test, item_values_renders_every_kind_of_value) {
  EXPECT_THAT(rows(db_, "SELECT field, kind, value FROM item_values WHERE item_id = 'PVTI_rfc' "
                        "ORDER BY field_position"),
              ElementsAre("Title|text|RFC: faster builds", "Status|single_select|Q2 2026",
                          "Quarter|iteration|Q2 2026", "Priority|single_select|P0",
                          "Theme|text|Speed", "Owner|text|@carol", "Estimate|number|3",
                          "Due|date|2026-06-30"));
  EXPECT_EQ(scalar(db_, "SELECT value FROM item_values WHERE item_id = 'PVTI_draft' "
                        "AND field = 'Estimate'"),
            "0.5");
}

TEST_F(views_test, tracking_progress_counts_entries_and_reference_states) {
  EXPECT_THAT(rows(db_, "SELECT ref, title, state, done, total, refs, refs_open, refs_closed, "
                        "refs_merged, refs_unresolved FROM tracking_progress"),
              ElementsAre("acme/rfcs#10|Tracking: faster builds|OPEN|2|6|5|1|1|2|1"));
}

TEST_F(views_test, tracking_task_refs_resolves_each_entry) {
  EXPECT_THAT(rows(db_, "SELECT position, resolved, ref_is_pull_request, ref_state, ref_title "
                        "FROM tracking_task_refs ORDER BY position"),
              ElementsAre("0|1|0|CLOSED|Design doc", "1|1|1|MERGED|Prototype",
                          "2|1|1|MERGED|Cache compiler output", "3|0|NULL|NULL|NULL",
                          "4|NULL|NULL|NULL|NULL", "5|1|0|OPEN|Roll out"));
}

TEST_F(views_test, a_reference_resolves_once_the_issue_is_mirrored_whatever_its_case) {
  mirror m(db_);
  transaction tx(db_);
  model::issue upstream;
  upstream.id = "I_upstream5";
  upstream.repo = "Other/Repo";  // the task list wrote other/repo#5
  upstream.number = 5;
  upstream.title = "Upstream fix";
  upstream.body = "";
  upstream.state = "CLOSED";
  upstream.url = "https://github.com/Other/Repo/issues/5";
  m.upsert_issue(upstream, 1);
  tx.commit();
  EXPECT_EQ(scalar(db_, "SELECT refs_closed || '/' || refs_unresolved FROM tracking_progress"), "2/0");
}

TEST_F(views_test, only_issues_marked_as_tracking_are_listed) {
  mirror m(db_);
  m.set_tracking("I_rfc10", false);
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM tracking_progress"), "0");
  m.set_tracking("I_rfc13", true);  // no task list: listed with zero counts
  EXPECT_THAT(rows(db_, "SELECT ref, done, total, refs FROM tracking_progress"),
              ElementsAre("acme/rfcs#13|0|0|0"));
}

}  // namespace
}  // namespace roadmapd::store
