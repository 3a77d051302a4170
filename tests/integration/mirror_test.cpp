// The mirror equals GitHub: after a full pass, after a pass where nothing changed (which must cost
// one request), and after edits on GitHub's side (fields, columns, removals, closes, merges,
// deletions and transfers).
#include <csignal>
#include <thread>

#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "mirror_expectation.hpp"
#include "roadmapd_runner.hpp"
#include "schema_doc.hpp"

namespace roadmapd::test {
namespace {

class mirror_sync : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path config = write_config(dir, fake);
  std::filesystem::path db = dir / "mirror.db";

  run_result sync(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"sync", "--once", "--config", config.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return roadmapd(args, dir);
  }

  void expect_mirror_equals_github() {
    const auto want = expected_rows(fake.state(), fixture_scope());
    const auto have = mirror_rows(db);
    EXPECT_EQ(diff(want, have), "");
  }
};

TEST_F(mirror_sync, a_full_pass_mirrors_the_fixture_exactly) {
  auto r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_mirror_equals_github();
  // The fixture is not trivial: every kind of item and the large board are there.
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM items WHERE project_id = (SELECT id FROM projects WHERE number = 2)"), "130");
  EXPECT_EQ(scalar(db, "SELECT group_concat(DISTINCT type) FROM (SELECT type FROM items ORDER BY type)"),
            "DRAFT_ISSUE,ISSUE,PULL_REQUEST,REDACTED");
  EXPECT_NE(scalar(db, "SELECT count(*) FROM items WHERE archived"), "0");
  EXPECT_NE(scalar(db, "SELECT count(*) FROM tracking_tasks WHERE ref_number IS NOT NULL"), "0");
  EXPECT_EQ(scalar(db, "PRAGMA journal_mode"), "wal");

  // The comparison is not vacuous: it covers every table and notices a single changed value.
  const auto want = expected_rows(fake.state(), fixture_scope());
  EXPECT_GT(want.at("item_values").size(), 500u);
  EXPECT_GT(want.at("issues").size(), 100u);
  EXPECT_EQ(want.at("tracking").size(), 6u);
  execute(db, "UPDATE item_field_values SET text = text || ' (tampered)' WHERE kind = 'text' AND item_id = "
              "(SELECT min(item_id) FROM item_field_values WHERE kind = 'text')");
  const auto tampered = diff(want, mirror_rows(db));
  EXPECT_NE(tampered.find("- item_values: "), std::string::npos) << tampered;
}

TEST_F(mirror_sync, a_pass_where_nothing_changed_costs_one_request_and_changes_nothing) {
  ASSERT_EQ(sync().exit_code, 0);
  const auto before = mirror_rows(db);
  fake.clear_requests();
  auto r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(fake.graphql_request_count(), 1);
  EXPECT_EQ(diff(before, mirror_rows(db)), "");
  EXPECT_NE(r.err.find("incremental pass"), std::string::npos) << r.err;
}

TEST_F(mirror_sync, edits_on_github_are_reflected_by_the_next_pass) {
  ASSERT_EQ(sync().exit_code, 0);
  const auto state = fake.state();
  // An item on the second page of the large board, and one on the global board.
  const std::string deep_item = state["projects"][1]["items"][120]["id"].GetString();
  const std::string global_item = state["projects"][0]["items"][7]["id"].GetString();
  const std::string removed_item = state["projects"][0]["items"][8]["id"].GetString();
  fake.edit(R"({"ops":[
    {"op":"set_field","item":")" + deep_item + R"(","field":"Priority","value":"P0"},
    {"op":"set_field","item":")" + deep_item + R"(","field":"Estimate","value":13},
    {"op":"move_item","item":")" + global_item + R"(","status":"Q4 2027"},
    {"op":"set_field","item":")" + global_item + R"(","field":"Quarter","value":null},
    {"op":"remove_item","item":")" + removed_item + R"("},
    {"op":"close_issue","repo":"apache/tvm","number":1},
    {"op":"edit_issue","repo":"apache/tvm","number":2,"labels":["tvm:roadmap","help wanted"],"assignees":["areusch"],
     "title":"[Roadmap] A renamed roadmap item"},
    {"op":"edit_issue","repo":"apache/tvm","number":51,"body":"- [x] #3\n- [x] apache/tvm#4\n- [ ] write docs\n"}
  ]})");
  const auto open_pr = std::string(scalar(db, "SELECT number FROM issues WHERE is_pull_request AND state = 'OPEN' ORDER BY number LIMIT 1"));
  fake.edit(R"({"ops":[{"op":"merge_pr","repo":"apache/tvm","number":)" + open_pr + "}]}");

  fake.clear_requests();
  auto r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_mirror_equals_github();
  EXPECT_EQ(scalar(db, "SELECT priority FROM board_items WHERE item_id = '" + deep_item + "'"), "P0");
  EXPECT_EQ(scalar(db, "SELECT status FROM board_items WHERE item_id = '" + global_item + "'"), "Q4 2027");
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM items WHERE id = '" + removed_item + "'"), "0");
  EXPECT_EQ(scalar(db, "SELECT merged FROM issues WHERE repo = 'apache/tvm' AND number = " + open_pr), "1");
  EXPECT_EQ(scalar(db, "SELECT total || '/' || done FROM tracking_progress WHERE number = 51"), "3/2");
  // The untouched boards were not re-read: one probe, the changed boards' pages, the changed repository.
  EXPECT_LT(fake.graphql_request_count(), 9);
}

// GitHub's times have second precision: a second edit in the second of the last one mirrored has
// the same updatedAt as the first. The pass after it must still see it, for issues, pull requests
// and board items; once a read has come after that second, a quiet pass is one request again.
TEST_F(mirror_sync, a_second_edit_in_the_same_second_is_seen_by_the_next_pass) {
  ASSERT_EQ(sync().exit_code, 0);
  const auto state = fake.state();
  const std::string item = state["projects"][0]["items"][7]["id"].GetString();
  const auto pr = std::string(scalar(db, "SELECT number FROM issues WHERE is_pull_request AND repo = 'apache/tvm' "
                                         "ORDER BY number LIMIT 1"));
  auto edit = [&](const std::string& suffix, const std::string& status) {
    fake.edit(R"({"ops":[
      {"op":"edit_issue","repo":"apache/tvm","number":2,"title":"[Roadmap] Renamed )" + suffix + R"("},
      {"op":"edit_issue","repo":"apache/tvm","number":)" + pr + R"(,"title":"A renamed pull request )" + suffix + R"("},
      {"op":"move_item","item":")" + item + R"(","status":")" + status + R"("}]})");
  };
  auto mirrored = [&] {
    return scalar(db, "SELECT title FROM issues WHERE repo = 'apache/tvm' AND number = 2") + " | " +
           scalar(db, "SELECT title FROM issues WHERE repo = 'apache/tvm' AND number = " + pr) + " | " +
           scalar(db, "SELECT status FROM board_items WHERE item_id = '" + item + "'");
  };

  // Everything below happens within one second on GitHub's clock.
  fake.clock("2030-01-01T00:00:00Z");
  edit("once", "Q4 2027");
  ASSERT_EQ(sync().exit_code, 0);
  EXPECT_EQ(mirrored(), "[Roadmap] Renamed once | A renamed pull request once | Q4 2027");
  edit("twice", "Q1 2027");
  auto r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(mirrored(), "[Roadmap] Renamed twice | A renamed pull request twice | Q1 2027");
  expect_mirror_equals_github();

  // Later seconds: one more read settles that second; after it, a quiet pass is the probe alone.
  fake.clock("2030-01-01T00:00:05Z");
  ASSERT_EQ(sync().exit_code, 0);
  fake.clear_requests();
  ASSERT_EQ(sync().exit_code, 0);
  EXPECT_EQ(fake.graphql_request_count(), 1);
  fake.clock("");
  expect_mirror_equals_github();
}

TEST_F(mirror_sync, deleted_and_transferred_issues_leave_the_mirror_on_the_full_pass) {
  ASSERT_EQ(sync().exit_code, 0);
  fake.edit(R"({"ops":[
    {"op":"delete_issue","repo":"apache/tvm","number":5},
    {"op":"transfer_issue","repo":"apache/tvm","number":6,"to":"apache/tvm-rfcs"}
  ]})");
  auto r = sync({"--full"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_mirror_equals_github();
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM issues WHERE repo = 'apache/tvm' AND number IN (5, 6)"), "0");
  EXPECT_NE(r.err.find("full pass"), std::string::npos);
}

// Two daemons on one mirror would double every GitHub write: the second is refused at start with
// the first one's pid, while readers (lint, sqlite3) go on working.
TEST_F(mirror_sync, a_second_daemon_on_the_same_database_is_refused_and_readers_keep_working) {
  process first({ROADMAPD_BINARY, "run", "--config", config.string()}, dir.path());
  for (int i = 0; i < 500 && first.err().find(" pass: ") == std::string::npos && first.running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(first.err().find(" pass: "), std::string::npos) << first.err();

  const std::string holder = "used by another roadmapd (pid " + std::to_string(first.pid()) + ")";
  auto second = roadmapd({"run", "--config", config.string()}, dir, std::chrono::seconds(30));
  EXPECT_EQ(second.exit_code, 1) << second.err;
  EXPECT_NE(second.err.find(holder), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("mirror.db.lock"), std::string::npos) << second.err;
  for (const char* command : {"sync", "enforce"}) {
    auto once = roadmapd({command, "--once", "--config", config.string()}, dir, std::chrono::seconds(30));
    EXPECT_EQ(once.exit_code, 1) << command << ": " << once.err;
    EXPECT_NE(once.err.find(holder), std::string::npos) << once.err;
  }
  auto lint = roadmapd({"lint", "--config", config.string()}, dir, std::chrono::seconds(30));
  EXPECT_TRUE(lint.exit_code == 0 || lint.exit_code == 1) << lint.exit_code << " " << lint.err;
  EXPECT_NE(scalar(db, "SELECT count(*) FROM items"), "0");

  first.signal(SIGTERM);
  ASSERT_EQ(first.wait(std::chrono::seconds(20)), 0) << first.err();
  // Stopped: the next one starts.
  auto after = sync();
  EXPECT_EQ(after.exit_code, 0) << after.err;
}

// docs/schema.md's example queries are written for the demo's data (this fixture, and for the change
// log two edits on it): each one shows a reader who tries it on the demo something.
TEST_F(mirror_sync, every_example_query_of_the_schema_docs_finds_rows_in_the_demo_mirror) {
  ASSERT_EQ(sync().exit_code, 0);
  // A little history for the change-log examples: an item moves out of Q1 2027, an issue is closed.
  fake.edit(R"({"ops":[{"op":"move_item","item":"PVTI_kwDOAFx00008","status":"Q2 2027"},
                      {"op":"close_issue","repo":"apache/tvm","number":1}]})");
  ASSERT_EQ(sync().exit_code, 0);
  const auto blocks = schema_doc_queries();
  ASSERT_GE(blocks.size(), 8u);
  for (const auto& block : blocks) {
    SCOPED_TRACE("docs/schema.md:" + std::to_string(block.line));
    EXPECT_FALSE(query(db, block.sql).empty()) << "finds nothing on the demo's mirror:\n" << block.sql;
  }
}

TEST_F(mirror_sync, check_config_validates_without_syncing) {
  auto ok = roadmapd({"check-config", config.string()}, dir);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("OK (4 boards, 2 repositories"), std::string::npos) << ok.out;
  EXPECT_FALSE(std::filesystem::exists(db));

  auto bad_file = dir.write("bad.toml", "[github]\napi_url = \"https://api.github.com\"\ntoken_file = \"github-token\"\n"
                                        "[storage]\ndatabase = \"x.db\"\n[sync]\nintervall = \"5m\"\n");
  auto bad = roadmapd({"check-config", bad_file.string()}, dir);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(bad_file.string() + ":7: sync.intervall: unknown key"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace roadmapd::test
