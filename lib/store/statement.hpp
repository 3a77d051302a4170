// A prepared SQLite statement (RAII). Bind by 1-based index or by name, step through rows, read
// columns. Failures throw store::sqlite_error: at this level every SQLite error is a bug or broken
// infrastructure. Obtain hot statements from database::prepare, which caches them.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/sqlite_error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace roadmapd::store {

class statement {
 public:
  statement(sqlite3* db, std::string_view sql);
  ~statement();
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  void bind(int index, std::nullptr_t);
  void bind(int index, std::nullopt_t) { bind(index, nullptr); }
  void bind(int index, bool value) { bind_int64(index, value ? 1 : 0); }
  template <std::integral T>
  void bind(int index, T value) { bind_int64(index, static_cast<std::int64_t>(value)); }
  void bind(int index, double value);
  void bind(int index, std::string_view value);  // copied, except inside execute() (see there)
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  template <class T>
  void bind(int index, const std::optional<T>& value) {
    if (value) bind(index, *value); else bind(index, nullptr);
  }
  // Named parameters (":name", "@name", "$name", including the prefix). Throws if unknown.
  template <class T>
  void bind(std::string_view name, const T& value) { bind(parameter_index(name), value); }

  // Resets, binds the arguments to ?1, ?2, ... and steps until done. Returns the rows changed.
  // The arguments outlive the whole execution here, so strings are bound without a copy (a tenth
  // of the ingest time), and the bindings are cleared before the buffers can go away.
  template <class... A>
  int execute(const A&... args) {
    reset();
    copy_strings_ = false;
    int index = 0;
    try {
      (bind(++index, args), ...);
      const int changed = run_to_completion();
      copy_strings_ = true;
      reset();
      return changed;
    } catch (...) {
      copy_strings_ = true;
      reset();
      throw;
    }
  }

  // Resets and binds the arguments to ?1, ?2, ... for a query read with step().
  template <class... A>
  void query(const A&... args) {
    reset();
    int index = 0;
    (bind(++index, args), ...);
  }

  // Advances to the next row: true while a row is available. After the last row the statement is
  // reset (bindings kept), so it holds no read lock and can run again.
  bool step();

  bool column_is_null(int column) const;
  std::int64_t column_int64(int column) const;
  int column_int(int column) const { return static_cast<int>(column_int64(column)); }
  double column_double(int column) const;
  std::string column_text(int column) const;  // "" for NULL
  // The same without a copy: valid until the next step() or reset(), for text only compared.
  std::string_view column_view(int column) const;
  std::optional<std::string> column_optional_text(int column) const;
  std::string column_name(int column) const;
  int column_count() const;

  // Ends any pending execution and clears the bindings.
  void reset();
  int parameter_index(std::string_view name) const;
  std::string_view sql() const { return sql_; }

 private:
  void bind_int64(int index, std::int64_t value);
  int run_to_completion();
  [[noreturn]] void fail(int rc) const;
  void check_bind(int rc) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool copy_strings_ = true;
  std::string sql_;
};

}  // namespace roadmapd::store
