// mirror_snapshot (see mirror_snapshot.hpp).
#include "mirror_snapshot.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <sstream>

namespace roadmapd::test {

namespace {

constexpr std::array tables{"projects",       "project_fields", "field_options",   "iterations",
                            "items",          "item_field_values", "item_assignees", "item_labels",
                            "issues",         "issue_labels",   "issue_assignees", "tracking_tasks"};

// Bookkeeping that differs between two syncs of the same state: which pass saw a row, and when
// roadmapd (not GitHub) stored it.
const std::set<std::string> bookkeeping{"seen_pass", "synced_at"};

// Columns are read from the schema, so a column added by a later migration is compared too.
std::string select_content(const std::filesystem::path& database, const std::string& table) {
  std::string columns;
  int count = 0;
  for (const auto& col : query(database, "SELECT name FROM pragma_table_info('" + table + "')")) {
    if (bookkeeping.contains(col[0])) continue;
    columns += (count++ ? ", " : "") + col[0];
  }
  std::string order;
  for (int i = 1; i <= count; ++i) order += (i > 1 ? ", " : "") + std::to_string(i);
  return "SELECT " + columns + " FROM " + table + " ORDER BY " + order;
}

std::string show(const std::vector<std::string>& row) {
  std::string out = "(";
  for (std::size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + row[i].substr(0, 60);
  return out + ")";
}

}  // namespace

mirror_snapshot snapshot(const std::filesystem::path& database) {
  mirror_snapshot out;
  for (const std::string table : tables) out[table] = query(database, select_content(database, table));
  return out;
}

std::string difference(const mirror_snapshot& expected, const mirror_snapshot& actual) {
  std::ostringstream out;
  for (const auto& [table, want] : expected) {
    auto it = actual.find(table);
    const rows none;
    const rows& got = it == actual.end() ? none : it->second;
    if (want == got) continue;
    out << table << ": expected " << want.size() << " rows, got " << got.size() << "\n";
    rows missing, extra;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
    for (std::size_t i = 0; i < std::min<std::size_t>(missing.size(), 3); ++i) out << "  missing " << show(missing[i]) << "\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(extra.size(), 3); ++i) out << "  unexpected " << show(extra[i]) << "\n";
  }
  for (const auto& [table, got] : actual) {
    if (!expected.contains(table)) out << table << ": not expected\n";
  }
  return out.str();
}

}  // namespace roadmapd::test
