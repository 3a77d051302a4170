// database: opening files (and refusing the wrong ones), connection settings, statements and
// transactions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>

#include "store/migrations.hpp"
#include "store_fixture.hpp"

namespace roadmapd::store {
namespace {

using ::testing::HasSubstr;
using testing::open_or_fail;
using testing::rows;
using testing::scalar;
using testing::temp_dir;

// Creates a database file with raw SQLite, the way another program (or an older or newer
// roadmapd) would have left it.
void write_raw(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

TEST(database, in_memory_database_is_created_at_the_latest_schema) {
  auto db = open_or_fail(":memory:");
  EXPECT_EQ(db.schema_version(), latest_schema_version());
  EXPECT_GE(latest_schema_version(), 2);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM projects"), "0");
}

TEST(database, file_database_uses_wal_and_enforces_foreign_keys) {
  temp_dir dir;
  auto db = open_or_fail(dir / "roadmapd.db");
  EXPECT_EQ(db.journal_mode(), "wal");
  EXPECT_EQ(scalar(db, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(scalar(db, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(scalar(db, "PRAGMA busy_timeout"), "5000");
  EXPECT_THROW(db.exec("INSERT INTO items (id, project_id, type, position, seen_pass) "
                       "VALUES ('i', 'no such project', 'ISSUE', 0, 1)"),
               sqlite_error);
}

TEST(database, reopening_keeps_data_and_version) {
  temp_dir dir;
  {
    auto db = open_or_fail(dir / "roadmapd.db");
    db.exec("INSERT INTO sync_state VALUES ('k', 'kept', '2026-01-01T00:00:00Z')");
  }
  auto db = open_or_fail(dir / "roadmapd.db");
  EXPECT_EQ(scalar(db, "SELECT value FROM sync_state WHERE key = 'k'"), "kept");
  EXPECT_EQ(db.schema_version(), latest_schema_version());
}

TEST(database, a_reader_sees_what_the_writer_committed_and_cannot_write) {
  temp_dir dir;
  auto db = open_or_fail(dir / "roadmapd.db");
  db.exec("INSERT INTO sync_state VALUES ('k', 'committed', '2026-01-01T00:00:00Z')");
  auto reader = database::open_reader(dir / "roadmapd.db");
  ASSERT_TRUE(reader) << reader.message();
  EXPECT_EQ(scalar(*reader, "SELECT value FROM sync_state WHERE key = 'k'"), "committed");
  {
    transaction tx(db);  // not yet committed: the reader keeps the committed value
    db.exec("UPDATE sync_state SET value = 'pending' WHERE key = 'k'");
    EXPECT_EQ(scalar(*reader, "SELECT value FROM sync_state WHERE key = 'k'"), "committed");
  }
  EXPECT_THROW(reader->exec("DELETE FROM sync_state"), sqlite_error);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM sync_state"), "1");
}

TEST(database, a_reader_refuses_a_file_that_is_not_this_roadmapds_mirror) {
  temp_dir dir;
  auto missing = database::open_reader(dir / "none.db");
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.message(), HasSubstr("none.db"));
  write_raw(dir / "old.db", "PRAGMA journal_mode = WAL; PRAGMA application_id = " + std::to_string(application_id) +
                                "; CREATE TABLE t (x); PRAGMA user_version = 1");
  auto old = database::open_reader(dir / "old.db");
  ASSERT_FALSE(old);
  EXPECT_THAT(old.message(), HasSubstr("schema version 1"));
}

TEST(database, newer_schema_is_refused_with_both_versions_named) {
  temp_dir dir;
  auto path = dir / "roadmapd.db";
  const int newer = latest_schema_version() + 5;
  write_raw(path, "PRAGMA application_id = " + std::to_string(application_id) +
                      "; CREATE TABLE future (x); PRAGMA user_version = " + std::to_string(newer));
  auto db = database::open(path);
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.message(), path.string() + ": schema version " + std::to_string(newer) +
                              " is newer than this roadmapd (" +
                              std::to_string(latest_schema_version()) + "); upgrade roadmapd");
}

TEST(database, a_file_that_is_not_a_database_is_refused) {
  temp_dir dir;
  auto path = dir / "config.toml";
  std::ofstream(path) << "[github]\ntoken_file = \"/etc/roadmapd/token\"\n"
                      << std::string(4096, '#') << "\n";
  auto db = database::open(path);
  ASSERT_FALSE(db.has_value());
  EXPECT_THAT(db.message(), HasSubstr(path.string() + ": not a SQLite database"));
}

TEST(database, another_applications_database_is_left_alone) {
  temp_dir dir;
  auto path = dir / "other.db";
  write_raw(path, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance REAL)");
  auto db = database::open(path);
  ASSERT_FALSE(db.has_value());
  EXPECT_THAT(db.message(), HasSubstr("not a roadmapd mirror"));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw, "SELECT count(*) FROM sqlite_schema", -1, &st, nullptr);
  sqlite3_step(st);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1) << "no table may be added to a foreign database";
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

TEST(database, a_read_only_file_is_refused) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  temp_dir dir;
  auto path = dir / "roadmapd.db";
  { auto db = open_or_fail(path); }
  std::filesystem::permissions(path, std::filesystem::perms::owner_read);
  auto db = database::open(path);
  ASSERT_FALSE(db.has_value());
  EXPECT_THAT(db.message(), HasSubstr(path.string() + ": the database is read-only"));
}

TEST(database, a_missing_directory_is_an_error_naming_the_path) {
  temp_dir dir;
  auto path = dir / "no-such-dir" / "roadmapd.db";
  auto db = database::open(path);
  ASSERT_FALSE(db.has_value());
  EXPECT_THAT(db.message(), HasSubstr(path.string() + ": cannot open the database"));
}

TEST(database, transaction_rolls_back_unless_committed) {
  auto db = open_or_fail(":memory:");
  {
    transaction tx(db);
    db.exec("INSERT INTO sync_state VALUES ('dropped', 'x', 'now')");
  }
  {
    transaction tx(db);
    db.exec("INSERT INTO sync_state VALUES ('kept', 'y', 'now')");
    tx.commit();
  }
  EXPECT_THAT(rows(db, "SELECT key FROM sync_state"), ::testing::ElementsAre("kept"));
}

TEST(database, failing_statement_throws_with_sqlite_message_and_sql) {
  auto db = open_or_fail(":memory:");
  db.exec("INSERT INTO sync_state VALUES ('k', 'v', 'now')");
  auto& insert = db.prepare("INSERT INTO sync_state VALUES (?1, ?2, 'now')");
  try {
    insert.execute("k", "again");
    FAIL() << "a duplicate key must throw";
  } catch (const sqlite_error& e) {
    EXPECT_EQ(e.primary_code(), SQLITE_CONSTRAINT);
    EXPECT_THAT(e.what(), HasSubstr("UNIQUE constraint failed: sync_state.key"));
    EXPECT_EQ(e.sql(), "INSERT INTO sync_state VALUES (?1, ?2, 'now')");
  }
  EXPECT_THROW(db.prepare("SELECT nope FROM sync_state"), sqlite_error);
  // The statement is usable again after the failure.
  EXPECT_EQ(insert.execute("k2", "v2"), 1);
}

TEST(database, prepare_refuses_a_second_statement_that_would_never_run) {
  auto db = open_or_fail(":memory:");
  EXPECT_THROW(db.prepare("DELETE FROM sync_state; DELETE FROM projects"), sqlite_error);
  EXPECT_NO_THROW(db.prepare("SELECT count(*) FROM sync_state; -- how many keys"));
}

TEST(database, prepare_returns_the_cached_statement_ready_to_run) {
  auto db = open_or_fail(":memory:");
  db.exec("INSERT INTO sync_state VALUES ('a', '1', 'now'), ('b', '2', 'now')");
  auto& first = db.prepare("SELECT value FROM sync_state WHERE key = :key");
  first.bind(":key", "a");
  ASSERT_TRUE(first.step());
  EXPECT_EQ(first.column_text(0), "1");
  auto& again = db.prepare("SELECT value FROM sync_state WHERE key = :key");
  EXPECT_EQ(&first, &again);
  again.bind(":key", "b");
  ASSERT_TRUE(again.step());
  EXPECT_EQ(again.column_text(0), "2");
  EXPECT_FALSE(again.step());
}

}  // namespace
}  // namespace roadmapd::store
