// enforcement_state and enforcement_audit (migration 6): what roadmapd did on each issue, pull
// request or draft, and the audit of every decision and mutation. Callers hold the transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "enforce/plan.hpp"
#include "store/database.hpp"

namespace roadmapd::enforce {

class records {
 public:
  explicit records(store::database& db);

  // The row for a content id; an empty record when roadmapd never acted on it.
  content_record load(const std::string& content_id);
  void save(const content_record& r);

  struct audit_entry {
    std::string board, item_id, content_id;
    std::string rule, finding;   // decisions
    std::string action;          // found, fixed, or an action_kind's name
    std::string outcome;         // decided, dry-run, sent, failed, deferred
    std::string detail;
  };
  void audit(const audit_entry& e);

 private:
  store::database& db_;
};

// "a\nb" <-> {"a", "b"}: lists kept in one TEXT column, readable with sqlite3.
std::string join_lines(const std::vector<std::string>& items);
std::vector<std::string> split_lines(const std::string& text);

}  // namespace roadmapd::enforce
