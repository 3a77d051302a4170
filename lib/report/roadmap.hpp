// The roadmap as reports see it now: every configured board in the mirror with its items' facts,
// the rule set that reads them, and each item's progress. Loaded once per report.
#pragma once

#include <chrono>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "progress/progress.hpp"
#include "rules/facts.hpp"
#include "store/database.hpp"
#include "util/result.hpp"

namespace roadmapd::report {

struct roadmap_item {
  const rules::board_facts* board = nullptr;
  const config::rule_set* rules = nullptr;
  rules::item_facts facts;
  progress::result progress;
  std::string quarter;               // its quarterly column or Quarter iteration ("" when none)
  std::string theme, priority;       // the rule set's theme and priority fields
  std::vector<std::string> owners;   // assignees, then the owner fields' text
};

struct roadmap {
  std::vector<rules::board_facts> boards;  // the ones asked for, in configuration order
  std::vector<roadmap_item> items;         // their items, cards of the layout left out
  std::unordered_map<std::string, std::size_t> by_id;
  std::unordered_multimap<std::string, std::size_t> by_content;  // issue or pull request node id -> items

  const roadmap_item* find(const std::string& item_id) const;
  // Items showing this issue or pull request (on any of the boards).
  std::vector<const roadmap_item*> showing(const std::string& content_id) const;
};

// `board`: one board ("owner/number" or its title), else all. An unknown board is an error that
// names the boards there are.
result<roadmap> load_roadmap(store::database& db, const config::settings& settings, const std::optional<std::string>& board,
                             std::chrono::system_clock::time_point now);

}  // namespace roadmapd::report
