// The change-log rows a "what changed" report reads: the window's rows in time order, and what it
// needs to tell why an issue was closed (each issue's state_reason now, and its changes after the
// window). Plain SQL, no judgement: report.cpp reads them on a second connection while the first
// judges the roadmap, as both take about as long (docs/performance.md, section 5).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"

namespace roadmapd::report {

struct window_row {
  std::string at, board, project_id, item_id, content_id, content_ref, kind, attribute;
  std::optional<std::string> old_value, new_value;
};

struct window {
  std::vector<window_row> rows;  // at in [since, until] (or seen by until), in time order
  std::unordered_map<std::string, std::string> reasons_now;  // issue -> its state_reason now
  struct reason_change {
    std::string content_id, at, before;
  };
  std::vector<reason_change> later_reasons;  // state_reason changes after until, in time order
};

window read_window(store::database& db, const std::string& since, const std::string& until);

}  // namespace roadmapd::report
