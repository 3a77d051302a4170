// Helpers for the store tests.
#include "store_fixture.hpp"

#include <stdexcept>

namespace roadmapd::store::testing {

std::vector<std::string> rows(database& db, std::string_view sql) {
  statement st(db.handle(), sql);
  std::vector<std::string> out;
  while (st.step()) {
    std::string row;
    for (int c = 0; c < st.column_count(); ++c) {
      if (c > 0) row += '|';
      row += st.column_is_null(c) ? "NULL" : st.column_text(c);
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::string scalar(database& db, std::string_view sql) {
  auto all = rows(db, sql);
  if (all.size() != 1) throw std::runtime_error("expected one row from: " + std::string(sql));
  return all.front();
}

database open_or_fail(const std::filesystem::path& path) {
  auto db = database::open(path);
  if (!db) throw std::runtime_error("open failed: " + db.message());
  return std::move(db).value();
}

}  // namespace roadmapd::store::testing
