// mirror: what the sync engine's writes leave in the tables.
#include "store/mirror.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sample_board.hpp"
#include "store_fixture.hpp"

namespace roadmapd::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using testing::open_or_fail;
using testing::rows;
using testing::sample_issues;
using testing::sample_items;
using testing::sample_project;
using testing::scalar;
using testing::select_value;
using testing::text_value;

class mirror_test : public ::testing::Test {
 protected:
  database db_ = open_or_fail(":memory:");
  mirror m_{db_};

  void write(auto&& fn) {
    transaction tx(db_);
    fn();
    tx.commit();
  }

  model::item item_by_id(const std::string& id) {
    for (auto& item : sample_items())
      if (item.id == id) return item;
    throw std::logic_error("no sample item " + id);
  }
};

TEST_F(mirror_test, upsert_project_stores_board_fields_options_and_iterations) {
  write([&] { m_.upsert_project(sample_project()); });
  EXPECT_THAT(rows(db_, "SELECT owner, number, title, short_description, closed FROM projects"),
              ElementsAre("acme|1|Global roadmap|What acme builds this year|0"));
  EXPECT_EQ(scalar(db_, R"(SELECT synced_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z' FROM projects)"), "1");
  EXPECT_THAT(rows(db_, "SELECT name || ':' || data_type FROM project_fields ORDER BY position "
                        "LIMIT 4"),
              ElementsAre("Title:TITLE", "Status:SINGLE_SELECT", "Quarter:ITERATION",
                          "Priority:SINGLE_SELECT"));
  EXPECT_THAT(rows(db_, "SELECT name FROM field_options WHERE field_id = 'F_priority' "
                        "ORDER BY position"),
              ElementsAre("P0", "P1", "P2"));
  EXPECT_THAT(rows(db_, "SELECT title, start_date, end_date, completed FROM iterations "
                        "ORDER BY start_date"),
              ElementsAre("Q1 2026|2026-01-01|2026-04-01|1", "Q2 2026|2026-04-01|2026-07-01|0"));
}

TEST_F(mirror_test, upsert_project_replaces_fields_and_drops_values_of_removed_fields) {
  write([&] {
    m_.upsert_project(sample_project());
    m_.upsert_item(item_by_id("PVTI_rfc"), 1);
  });
  auto changed = sample_project();
  changed.title = "Global roadmap 2026";
  std::erase_if(changed.fields, [](const model::field& f) { return f.id == "F_theme"; });
  for (auto& f : changed.fields)
    if (f.id == "F_priority") f.options = {{"o_p0", "Urgent"}, {"o_p9", "Someday"}};
  write([&] { m_.upsert_project(changed); });

  EXPECT_EQ(scalar(db_, "SELECT title FROM projects"), "Global roadmap 2026");
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM project_fields WHERE name = 'Theme'"), "0");
  EXPECT_THAT(rows(db_, "SELECT name FROM field_options WHERE field_id = 'F_priority' "
                        "ORDER BY position"),
              ElementsAre("Urgent", "Someday"));
  // The item keeps its other values; the renamed option shows its new name.
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM item_field_values WHERE field_id = 'F_theme'"), "0");
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM item_field_values WHERE item_id = 'PVTI_rfc'"), "7");
  EXPECT_EQ(scalar(db_, "SELECT value FROM item_values WHERE field = 'Priority'"), "Urgent");
}

TEST_F(mirror_test, upsert_item_replaces_values_assignees_and_labels) {
  write([&] {
    m_.upsert_project(sample_project());
    m_.upsert_item(item_by_id("PVTI_rfc"), 1);
  });
  auto item = item_by_id("PVTI_rfc");
  item.title = "RFC: much faster builds";
  item.content_state = "CLOSED";
  item.assignees = {"erin"};
  item.labels = {};
  item.milestone.reset();
  item.values = {select_value("F_status", "o_q3", "Q3 2026"), text_value("F_theme", "Speed")};
  write([&] { m_.upsert_item(item, 2); });

  EXPECT_THAT(rows(db_, "SELECT title, content_state, milestone, seen_pass FROM items"),
              ElementsAre("RFC: much faster builds|CLOSED|NULL|2"));
  EXPECT_THAT(rows(db_, "SELECT field || '=' || value FROM item_values ORDER BY field"),
              ElementsAre("Status=Q3 2026", "Theme=Speed"));
  EXPECT_THAT(rows(db_, "SELECT login FROM item_assignees"), ElementsAre("erin"));
  EXPECT_THAT(rows(db_, "SELECT name FROM item_labels"), IsEmpty());
}

TEST_F(mirror_test, drafts_and_redacted_items_store_null_for_absent_content) {
  write([&] {
    m_.upsert_project(sample_project());
    m_.upsert_item(item_by_id("PVTI_draft"), 1);
    m_.upsert_item(item_by_id("PVTI_hidden"), 1);
  });
  EXPECT_THAT(rows(db_, "SELECT type, content_repo, content_number, content_url, body "
                        "FROM items ORDER BY position"),
              ElementsAre("DRAFT_ISSUE|NULL|NULL|NULL|Someone should write this up.",
                          "REDACTED|NULL|NULL|NULL|NULL"));
}

TEST_F(mirror_test, values_of_fields_the_board_does_not_know_are_skipped) {
  write([&] { m_.upsert_project(sample_project()); });
  auto item = item_by_id("PVTI_rfc");
  item.values.push_back(text_value("F_created_after_the_board_was_read", "x"));
  write([&] { m_.upsert_item(item, 1); });
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM item_field_values"), "8");
}

TEST_F(mirror_test, an_item_of_an_unknown_board_is_a_bug_and_throws) {
  transaction tx(db_);
  EXPECT_THROW(m_.upsert_item(item_by_id("PVTI_rfc"), 1), sqlite_error);
}

TEST_F(mirror_test, sweep_deletes_the_boards_items_not_seen_in_the_pass) {
  auto other = sample_project();
  other.id = "PVT_other";
  other.number = 2;
  for (auto& f : other.fields) f.id += "_2";
  auto foreign = item_by_id("PVTI_draft");
  foreign.id = "PVTI_other_board";
  foreign.project_id = "PVT_other";
  foreign.values.clear();
  write([&] {
    m_.upsert_project(sample_project());
    m_.upsert_project(other);
    for (const auto& item : sample_items()) m_.upsert_item(item, 1);
    m_.upsert_item(foreign, 1);
  });
  write([&] {
    m_.upsert_item(item_by_id("PVTI_rfc"), 2);
    m_.upsert_item(item_by_id("PVTI_pr"), 2);
    EXPECT_EQ(m_.sweep_items("PVT_roadmap", 2), 2);
  });
  EXPECT_THAT(rows(db_, "SELECT id FROM items ORDER BY id"),
              ElementsAre("PVTI_other_board", "PVTI_pr", "PVTI_rfc"));
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM item_field_values WHERE item_id = 'PVTI_draft'"), "0");
}

TEST_F(mirror_test, a_touched_item_survives_the_sweep_unchanged) {
  write([&] {
    m_.upsert_project(sample_project());
    for (const auto& item : sample_items()) m_.upsert_item(item, 1);
  });
  write([&] {
    m_.touch_item("PVTI_rfc", 2);
    EXPECT_EQ(m_.sweep_items("PVT_roadmap", 2), 3);
  });
  EXPECT_THAT(rows(db_, "SELECT id, title, seen_pass FROM items"),
              ElementsAre("PVTI_rfc|RFC: faster builds|2"));
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM item_field_values"), "8");
}

TEST_F(mirror_test, a_fresh_issue_is_copied_onto_the_board_items_showing_it) {
  write([&] {
    m_.upsert_project(sample_project());
    for (const auto& item : sample_items()) m_.upsert_item(item, 1);
  });
  auto rfc = sample_issues().front();  // shown by PVTI_rfc
  rfc.title = "Tracking: faster builds (renamed)";
  rfc.state = "CLOSED";
  rfc.assignees = {"zoe"};
  rfc.labels = {"tracking"};
  rfc.milestone.reset();
  auto elsewhere = sample_issues()[1];  // on no board
  write([&] {
    m_.upsert_issue(rfc, 2);
    m_.refresh_item_content(rfc);
    m_.upsert_issue(elsewhere, 2);
    m_.refresh_item_content(elsewhere);
  });
  EXPECT_THAT(rows(db_, "SELECT title, state, owners, labels, milestone FROM board_items "
                        "ORDER BY position"),
              ElementsAre("Tracking: faster builds (renamed)|CLOSED|zoe, carol|tracking|NULL",
                          "Idea: plugin API|NULL|dave|NULL|NULL",
                          "Cache compiler output|MERGED|alice|NULL|NULL",
                          "NULL|NULL|NULL|NULL|NULL"));
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM items"), "4");
}

TEST_F(mirror_test, removing_a_project_removes_everything_of_its_board) {
  write([&] {
    m_.upsert_project(sample_project());
    for (const auto& item : sample_items()) m_.upsert_item(item, 1);
  });
  write([&] { m_.remove_project("PVT_roadmap"); });
  for (auto table : {"projects", "project_fields", "field_options", "iterations", "items",
                     "item_field_values", "item_assignees", "item_labels"})
    EXPECT_EQ(scalar(db_, std::string("SELECT count(*) FROM ") + table), "0") << table;
}

TEST_F(mirror_test, removing_an_item_removes_its_values_assignees_and_labels) {
  write([&] {
    m_.upsert_project(sample_project());
    for (const auto& item : sample_items()) m_.upsert_item(item, 1);
  });
  write([&] { m_.remove_item("PVTI_rfc"); });
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM items"), "3");
  for (auto table : {"item_field_values", "item_assignees", "item_labels"})
    EXPECT_EQ(scalar(db_, std::string("SELECT count(*) FROM ") + table +
                              " WHERE item_id = 'PVTI_rfc'"),
              "0")
        << table;
}

TEST_F(mirror_test, upsert_issue_keeps_tracking_flag_and_task_list) {
  auto rfc = sample_issues().front();
  write([&] {
    m_.upsert_issue(rfc, 1);
    m_.set_tracking(rfc.id, true);
    m_.replace_tasks(rfc.id, testing::sample_tasks());
  });
  rfc.title = "Tracking: faster builds (2026)";
  rfc.state = "CLOSED";
  rfc.closed_at = "2026-03-01T00:00:00Z";
  rfc.labels = {"tracking", "done"};
  write([&] { m_.upsert_issue(rfc, 2); });
  EXPECT_THAT(rows(db_, "SELECT title, state, closed_at, is_tracking, seen_pass FROM issues"),
              ElementsAre("Tracking: faster builds (2026)|CLOSED|2026-03-01T00:00:00Z|1|2"));
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM tracking_tasks"), "6");
  EXPECT_THAT(rows(db_, "SELECT name FROM issue_labels ORDER BY position"),
              ElementsAre("tracking", "done"));
}

TEST_F(mirror_test, an_older_read_of_an_issue_never_replaces_a_newer_one) {
  // A sync page read before a webhook arrived is written after the webhook's newer version.
  auto read_by_sync = sample_issues().front();
  auto from_webhook = read_by_sync;
  from_webhook.title = "Edited on GitHub";
  from_webhook.labels = {"tracking", "edited"};
  from_webhook.updated_at = "2026-11-20T10:00:00Z";
  read_by_sync.updated_at = "2026-11-20T09:59:00Z";
  bool newer_written = false, older_written = true;
  write([&] { newer_written = m_.upsert_issue(from_webhook, 1); });
  write([&] { older_written = m_.upsert_issue(read_by_sync, 2); });
  EXPECT_TRUE(newer_written);
  EXPECT_FALSE(older_written);
  // The newer row stays; only the pass that saw it moves, so a full pass does not sweep it away.
  EXPECT_THAT(rows(db_, "SELECT title, updated_at, seen_pass FROM issues"),
              ElementsAre("Edited on GitHub|2026-11-20T10:00:00Z|2"));
  EXPECT_THAT(rows(db_, "SELECT name FROM issue_labels ORDER BY position"), ElementsAre("tracking", "edited"));
  // The same version again is written (a full pass re-reads everything).
  write([&] { EXPECT_TRUE(m_.upsert_issue(from_webhook, 3)); });
}

TEST_F(mirror_test, replace_tasks_replaces_the_whole_list) {
  auto rfc = sample_issues().front();
  write([&] {
    m_.upsert_issue(rfc, 1);
    m_.replace_tasks(rfc.id, testing::sample_tasks());
    m_.replace_tasks(rfc.id, {{0, true, "Only one left", std::nullopt, std::nullopt}});
  });
  EXPECT_THAT(rows(db_, "SELECT position, checked, text, ref_repo FROM tracking_tasks"),
              ElementsAre("0|1|Only one left|NULL"));
}

TEST_F(mirror_test, sweep_issues_only_touches_the_repository_and_kind_given) {
  write([&] {
    for (const auto& issue : sample_issues()) m_.upsert_issue(issue, 1);
  });
  write([&] {
    for (const auto& issue : sample_issues())
      if (issue.number == 10) m_.upsert_issue(issue, 2);
    EXPECT_EQ(m_.sweep_issues("acme/rfcs", false, 2), 2);  // #11 and #13; not PR #12
  });
  EXPECT_THAT(rows(db_, "SELECT repo || '#' || number FROM issues ORDER BY repo, number"),
              ElementsAre("acme/app#7", "acme/rfcs#10", "acme/rfcs#12"));
}

TEST_F(mirror_test, removing_an_issue_removes_its_tasks_and_people) {
  auto rfc = sample_issues().front();
  write([&] {
    m_.upsert_issue(rfc, 1);
    m_.replace_tasks(rfc.id, testing::sample_tasks());
  });
  write([&] { m_.remove_issue(rfc.id); });
  for (auto table : {"issues", "tracking_tasks", "issue_assignees", "issue_labels"})
    EXPECT_EQ(scalar(db_, std::string("SELECT count(*) FROM ") + table), "0") << table;
}

TEST_F(mirror_test, an_issue_taking_over_a_number_replaces_the_stale_row) {
  auto old_issue = sample_issues()[1];
  auto new_issue = old_issue;
  new_issue.id = "I_recreated";
  new_issue.title = "Design doc, again";
  write([&] {
    m_.upsert_issue(old_issue, 1);
    m_.upsert_issue(new_issue, 1);
  });
  EXPECT_THAT(rows(db_, "SELECT id, title FROM issues"), ElementsAre("I_recreated|Design doc, again"));
}

TEST_F(mirror_test, sync_state_round_trips_and_overwrites) {
  EXPECT_EQ(m_.state("cursor.acme/rfcs"), std::nullopt);
  m_.set_state("cursor.acme/rfcs", "Y3Vyc29yOjE=");
  m_.set_state("cursor.acme/rfcs", "Y3Vyc29yOjI=");
  EXPECT_EQ(m_.state("cursor.acme/rfcs"), "Y3Vyc29yOjI=");
  EXPECT_EQ(scalar(db_, "SELECT count(*) FROM sync_state"), "1");
}

TEST(mirror, pass_numbers_increase_and_survive_a_restart) {
  testing::temp_dir dir;
  {
    auto db = open_or_fail(dir / "roadmapd.db");
    mirror m(db);
    EXPECT_EQ(m.next_pass(), 1);
    EXPECT_EQ(m.next_pass(), 2);
  }
  auto db = open_or_fail(dir / "roadmapd.db");
  mirror m(db);
  EXPECT_EQ(m.next_pass(), 3);
}

}  // namespace
}  // namespace roadmapd::store
