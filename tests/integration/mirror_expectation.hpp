// What the mirror must contain for a given fake GitHub state, derived from the state JSON alone (not
// from roadmapd's code), and the same rows read back from a mirror database, so a test can say
// "the mirror equals GitHub" and print exactly which rows differ.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace roadmapd::test {

struct board_ref {
  std::string owner;
  int number;
};

struct mirror_scope {
  std::vector<board_ref> boards;
  std::vector<std::string> repositories;            // owner/name
  std::string tracking_label = "type:rfc-tracking";  // issues with it are tracking issues
};

// table name -> set of rows, each row one "|"-joined string.
using table_rows = std::map<std::string, std::set<std::string>>;

table_rows expected_rows(const rapidjson::Document& state, const mirror_scope& scope);
table_rows mirror_rows(const std::filesystem::path& database);

// Empty when equal; otherwise one line per missing ("- table: row") or extra ("+ table: row") row.
std::string diff(const table_rows& expected, const table_rows& actual);

mirror_scope fixture_scope();

}  // namespace roadmapd::test
