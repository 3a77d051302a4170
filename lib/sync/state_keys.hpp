// Names of the rows in the sync_state table. Kept in one place because users read them with sqlite3
// (docs/schema.md lists them) and a rename would orphan a stored watermark.
#pragma once

#include <string>

namespace roadmapd::sync::state_keys {

inline std::string board(const std::string& owner, int number, const char* what) {
  return "board/" + owner + "/" + std::to_string(number) + "/" + what;
}
inline std::string repository(const std::string& full_name, const char* what) {
  return "repository/" + full_name + "/" + what;
}
inline constexpr const char* last_full_sync = "last_full_sync";
inline constexpr const char* last_pass = "last_pass";
inline constexpr const char* last_success = "last_success";

}  // namespace roadmapd::sync::state_keys
