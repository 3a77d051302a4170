// Migrations: an old mirror is upgraded in place with its data; a failing migration leaves the
// database at the last good version.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/migrations.hpp"
#include "store_fixture.hpp"

namespace roadmapd::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::open_or_fail;
using testing::rows;
using testing::scalar;
using testing::temp_dir;

TEST(migrations, are_numbered_from_one_and_named_after_their_files) {
  auto list = migrations();
  ASSERT_FALSE(list.empty());
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].version, static_cast<int>(i) + 1);
    EXPECT_TRUE(list[i].name.ends_with(".sql")) << list[i].name;
    EXPECT_FALSE(list[i].sql.empty());
  }
  EXPECT_THAT(std::string(list[0].sql), HasSubstr("CREATE TABLE projects"));
}

TEST(migrations, a_version_1_mirror_is_upgraded_and_keeps_its_data) {
  temp_dir dir;
  auto path = dir / "roadmapd.db";
  {
    // What roadmapd of schema 1 left behind: its tables, some rows, user_version 1.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    std::string sql = std::string(migrations()[0].sql) + R"(
      PRAGMA user_version = 1;
      INSERT INTO projects VALUES ('P', 'acme', 1, 'Global roadmap', NULL,
                                   'https://github.com/orgs/acme/projects/1', 0, NULL, 'then');
      INSERT INTO project_fields VALUES ('F', 'P', 'Status', 'SINGLE_SELECT', 0);
      INSERT INTO field_options VALUES ('F', 'o1', 'Q1 2026', 0);
      INSERT INTO items (id, project_id, type, position, title, seen_pass)
        VALUES ('I', 'P', 'DRAFT_ISSUE', 0, 'Old draft', 4);
      INSERT INTO item_field_values (item_id, field_id, kind, text, option_id)
        VALUES ('I', 'F', 'single_select', 'Q1 2026', 'o1');
      INSERT INTO sync_state VALUES ('sync.pass', '4', 'then');
    )";
    char* error = nullptr;
    int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(raw);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  auto db = open_or_fail(path);
  EXPECT_EQ(db.schema_version(), latest_schema_version());
  EXPECT_THAT(rows(db, "SELECT board, title, status, quarter FROM board_items"),
              ElementsAre("Global roadmap|Old draft|Q1 2026|Q1 2026"));
  EXPECT_EQ(scalar(db, "SELECT value FROM sync_state WHERE key = 'sync.pass'"), "4");
}

TEST(migrations, a_failing_migration_is_rolled_back_and_reported_by_name) {
  auto db = open_or_fail(":memory:");
  const int base = db.schema_version();
  const migration extra[] = {
      {base + 1, "9001_good.sql", "CREATE TABLE extra_good (x)"},
      {base + 2, "9002_bad.sql", "CREATE TABLE extra_bad (x); INSERT INTO no_such_table VALUES (1)"},
  };
  try {
    migrate(db, extra);
    FAIL() << "the bad migration must throw";
  } catch (const sqlite_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("migration 9002_bad.sql failed"));
    EXPECT_THAT(e.what(), HasSubstr("no such table: no_such_table"));
  }
  EXPECT_EQ(db.schema_version(), base + 1);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'extra_good'"), "1");
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'extra_bad'"), "0");
  EXPECT_EQ(scalar(db, "PRAGMA foreign_keys"), "1");
}

TEST(migrations, are_not_applied_twice) {
  auto db = open_or_fail(":memory:");
  const int base = db.schema_version();
  const migration extra[] = {{base + 1, "9001_once.sql", "CREATE TABLE once (x)"}};
  migrate(db, extra);
  migrate(db, extra);  // would fail with "table once already exists"
  EXPECT_EQ(db.schema_version(), base + 1);
}

}  // namespace
}  // namespace roadmapd::store
