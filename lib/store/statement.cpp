// statement: a thin RAII layer over sqlite3_stmt.
#include "store/statement.hpp"

#include <sqlite3.h>

namespace roadmapd::store {

statement::statement(sqlite3* db, std::string_view sql) : db_(db), sql_(sql) {
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql_.data(), static_cast<int>(sql_.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, &tail);
  if (rc != SQLITE_OK) throw sqlite_error(rc, sqlite3_errmsg(db_), sql_);
  if (stmt_ == nullptr) throw sqlite_error(SQLITE_MISUSE, "no statement in the SQL text", sql_);
  // A second statement in the text would silently never run; comments after the first are fine.
  if (tail != nullptr && *tail != '\0') {
    sqlite3_stmt* next = nullptr;
    int next_rc = sqlite3_prepare_v2(db_, tail, -1, &next, nullptr);
    sqlite3_finalize(next);
    if (next_rc != SQLITE_OK || next != nullptr) {
      sqlite3_finalize(stmt_);
      throw sqlite_error(SQLITE_MISUSE, "more than one statement in the SQL text; use database::exec",
                         sql_);
    }
  }
}

statement::~statement() { sqlite3_finalize(stmt_); }

void statement::fail(int rc) const { throw sqlite_error(rc, sqlite3_errmsg(db_), sql_); }

void statement::check_bind(int rc) const {
  if (rc != SQLITE_OK) fail(rc);
}

void statement::bind(int index, std::nullptr_t) { check_bind(sqlite3_bind_null(stmt_, index)); }

void statement::bind_int64(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value));
}

void statement::bind(int index, double value) {
  check_bind(sqlite3_bind_double(stmt_, index, value));
}

void statement::bind(int index, std::string_view value) {
  check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                                 copy_strings_ ? SQLITE_TRANSIENT : SQLITE_STATIC, SQLITE_UTF8));
}

int statement::parameter_index(std::string_view name) const {
  std::string z(name);
  int index = sqlite3_bind_parameter_index(stmt_, z.c_str());
  if (index == 0) throw sqlite_error(SQLITE_RANGE, "no parameter named " + z, sql_);
  return index;
}

bool statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    sqlite3_reset(stmt_);
    return false;
  }
  std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw sqlite_error(sqlite3_extended_errcode(db_), message, sql_);
}

int statement::run_to_completion() {
  while (step()) {
  }
  return sqlite3_changes(db_);
}

void statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string statement::column_text(int column) const {
  auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view statement::column_view(int column) const {
  auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::optional<std::string> statement::column_optional_text(int column) const {
  if (column_is_null(column)) return std::nullopt;
  return column_text(column);
}

std::string statement::column_name(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name ? name : "";
}

int statement::column_count() const { return sqlite3_column_count(stmt_); }

}  // namespace roadmapd::store
