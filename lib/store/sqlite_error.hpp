// The exception for SQLite failures that mean a bug or broken infrastructure (a constraint a
// caller violated, a full disk, a locked database). It carries SQLite's message and the SQL.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace roadmapd::store {

class sqlite_error : public std::runtime_error {
 public:
  // code is SQLite's extended result code.
  sqlite_error(int code, std::string_view message, std::string_view sql);

  int code() const noexcept { return code_; }
  int primary_code() const noexcept { return code_ & 0xff; }
  const std::string& sql() const noexcept { return sql_; }

 private:
  int code_;
  std::string sql_;
};

}  // namespace roadmapd::store
