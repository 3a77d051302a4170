// sqlite_error: the SQL is cut in what() so a failing migration does not flood the log.
#include "store/sqlite_error.hpp"

namespace roadmapd::store {
namespace {

std::string describe(std::string_view message, std::string_view sql) {
  constexpr std::size_t max_sql = 240;
  std::string text(message);
  if (!sql.empty()) {
    text += " [in: ";
    text += sql.substr(0, max_sql);
    if (sql.size() > max_sql) text += "...";
    text += "]";
  }
  return text;
}

}  // namespace

sqlite_error::sqlite_error(int code, std::string_view message, std::string_view sql)
    : std::runtime_error(describe(message, sql)), code_(code), sql_(sql) {}

}  // namespace roadmapd::store
