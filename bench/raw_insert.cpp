// Bare-SQLite bulk insert for the ingest benchmark (see raw_insert.hpp). Values are bound with
// SQLITE_STATIC (no copy) since the rows outlive the statement: the cheapest way SQLite offers.
#include "raw_insert.hpp"

#include <optional>
#include <stdexcept>
#include <string>

#include <sqlite3.h>

namespace roadmapd::bench {

namespace {

class raw_statement {
 public:
  raw_statement(sqlite3* db, const char* sql) : db_(db) {
    check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr));
  }
  ~raw_statement() { sqlite3_finalize(stmt_); }
  raw_statement(const raw_statement&) = delete;
  raw_statement& operator=(const raw_statement&) = delete;

  // Empty strings are stored as NULL, as the mirror does.
  void text(int i, const std::string& s) {
    check(s.empty() ? sqlite3_bind_null(stmt_, i)
                    : sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC));
  }
  void text(int i, const std::optional<std::string>& s) {
    check(s ? sqlite3_bind_text(stmt_, i, s->data(), static_cast<int>(s->size()), SQLITE_STATIC)
            : sqlite3_bind_null(stmt_, i));
  }
  void integer(int i, long long v) { check(sqlite3_bind_int64(stmt_, i, v)); }
  void real(int i, const std::optional<double>& v) {
    check(v ? sqlite3_bind_double(stmt_, i, *v) : sqlite3_bind_null(stmt_, i));
  }
  void null(int i) { check(sqlite3_bind_null(stmt_, i)); }
  void run() {
    if (sqlite3_step(stmt_) != SQLITE_DONE) check(sqlite3_errcode(db_));
    sqlite3_reset(stmt_);
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK && rc != SQLITE_DONE)
      throw std::runtime_error(std::string("raw insert: ") + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("raw insert: ") + sqlite3_errmsg(db));
}

}  // namespace

void raw_insert(sqlite3* db, const std::vector<model::item>& items, long pass, std::size_t items_per_transaction) {
  raw_statement item_row(db, R"(
    INSERT INTO items (id, project_id, type, archived, position, content_id, title, body, content_repo,
                       content_number, content_state, content_url, milestone, updated_at, seen_pass)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15))");
  raw_statement value_row(db, R"(
    INSERT INTO item_field_values (item_id, field_id, kind, text, number, date, option_id, iteration_id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))");
  raw_statement assignee_row(db, "INSERT INTO item_assignees (item_id, position, login) VALUES (?1, ?2, ?3)");
  raw_statement label_row(db, "INSERT INTO item_labels (item_id, position, name) VALUES (?1, ?2, ?3)");

  exec(db, "BEGIN IMMEDIATE");
  std::size_t in_transaction = 0;
  for (const auto& it : items) {
    if (items_per_transaction != 0 && in_transaction++ == items_per_transaction) {
      exec(db, "COMMIT");
      exec(db, "BEGIN IMMEDIATE");
      in_transaction = 1;
    }
    item_row.text(1, it.id);
    item_row.text(2, it.project_id);
    item_row.text(3, it.type);
    item_row.integer(4, it.archived);
    item_row.integer(5, it.position);
    item_row.text(6, it.content_id);
    item_row.text(7, it.title);
    item_row.text(8, it.body);
    item_row.text(9, it.content_repo);
    if (it.content_number == 0) item_row.null(10); else item_row.integer(10, it.content_number);
    item_row.text(11, it.content_state);
    item_row.text(12, it.content_url);
    item_row.text(13, it.milestone);
    item_row.text(14, it.updated_at);
    item_row.integer(15, pass);
    item_row.run();
    for (const auto& v : it.values) {
      value_row.text(1, it.id);
      value_row.text(2, v.field_id);
      value_row.text(3, v.kind);
      value_row.text(4, v.text);
      value_row.real(5, v.number);
      value_row.text(6, v.date);
      value_row.text(7, v.option_id);
      value_row.text(8, v.iteration_id);
      value_row.run();
    }
    for (std::size_t k = 0; k < it.assignees.size(); ++k) {
      assignee_row.text(1, it.id);
      assignee_row.integer(2, static_cast<long long>(k));
      assignee_row.text(3, it.assignees[k]);
      assignee_row.run();
    }
    for (std::size_t k = 0; k < it.labels.size(); ++k) {
      label_row.text(1, it.id);
      label_row.integer(2, static_cast<long long>(k));
      label_row.text(3, it.labels[k]);
      label_row.run();
    }
  }
  exec(db, "COMMIT");
}

}  // namespace roadmapd::bench
