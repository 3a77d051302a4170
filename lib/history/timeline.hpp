// What the roadmap looked like at a past time, from the mirror now and the change log: the old value
// of an attribute's first change after that time, else its value now. Only as far back as the log
// goes (a board's first complete read); reports say so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace roadmapd::history {

struct change {
  std::string at, kind, attribute, source;
  std::optional<std::string> old_value, new_value;
};

class timeline {
 public:
  explicit timeline(store::database& db) : db_(db) {}

  // The item's `attribute` (a field name for kind "field"; "archived" for kind "item") at `at`, given
  // its value now (nullopt: none, or the item is gone).
  std::optional<std::string> item_value_at(const std::string& item_id, const std::string& kind,
                                           const std::string& attribute, const std::string& at,
                                           const std::optional<std::string>& now);
  // The same for an issue's attribute ("state", "state_reason", "milestone", ...).
  std::optional<std::string> issue_value_at(const std::string& content_id, const std::string& attribute,
                                            const std::string& at, const std::optional<std::string>& now);

  // Whether the item was on its board at `at`: added before (its 'added' row, else `added_at`, when it
  // was put on the board) and not removed since... before `at`.
  bool on_board_at(const std::string& item_id, const std::string& at, bool on_board_now, const std::string& added_at);

  // The item's (or its content's) changes in [from, to), oldest first.
  std::vector<change> item_changes(const std::string& item_id, const std::string& content_id, const std::string& from,
                                   const std::string& to);

  // When the history of the board starts ("" when it has not yet).
  std::string board_start(const std::string& project_id);

 private:
  store::database& db_;
};

}  // namespace roadmapd::history
