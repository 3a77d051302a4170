// Helpers for the store tests: query results rendered as text rows ("a|b|NULL") so expectations
// read like sqlite3's output.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "temp_dir.hpp"

namespace roadmapd::store::testing {

using roadmapd::test::temp_dir;

// Every row of the query, columns joined with '|', NULL shown as "NULL".
std::vector<std::string> rows(database& db, std::string_view sql);
// The single value of a one-row, one-column query.
std::string scalar(database& db, std::string_view sql);
// Opens the database or fails the test with the error message.
database open_or_fail(const std::filesystem::path& path);

}  // namespace roadmapd::store::testing
