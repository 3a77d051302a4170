// timeline (see timeline.hpp).
#include "history/timeline.hpp"

namespace roadmapd::history {

std::optional<std::string> timeline::item_value_at(const std::string& item_id, const std::string& kind,
                                                   const std::string& attribute, const std::string& at,
                                                   const std::optional<std::string>& now) {
  auto& q = db_.prepare(
      "SELECT old_value FROM changes WHERE item_id = ?1 AND kind = ?2 AND attribute = ?3 AND at > ?4 ORDER BY at, seq LIMIT 1");
  q.query(item_id, kind, attribute, at);
  std::optional<std::string> value = now;
  if (q.step()) value = q.column_optional_text(0);
  q.reset();
  return value;
}

std::optional<std::string> timeline::issue_value_at(const std::string& content_id, const std::string& attribute,
                                                    const std::string& at, const std::optional<std::string>& now) {
  auto& q = db_.prepare(
      "SELECT old_value FROM changes WHERE content_id = ?1 AND kind = 'issue' AND attribute = ?2 AND at > ?3 "
      "ORDER BY at, seq LIMIT 1");
  q.query(content_id, attribute, at);
  std::optional<std::string> value = now;
  if (q.step()) value = q.column_optional_text(0);
  q.reset();
  return value;
}

bool timeline::on_board_at(const std::string& item_id, const std::string& at, bool on_board_now,
                           const std::string& added_at) {
  // The first add or removal after `at` says what it was before: an 'added' after means it was not
  // there, a 'removed' after means it was.
  auto& q = db_.prepare(
      "SELECT attribute FROM changes WHERE item_id = ?1 AND kind = 'item' AND attribute IN ('added', 'removed') "
      "AND at > ?2 ORDER BY at, seq LIMIT 1");
  q.query(item_id, at);
  std::optional<std::string> next;
  if (q.step()) next = q.column_text(0);
  q.reset();
  if (next) return *next == "removed";
  return on_board_now && (added_at.empty() || added_at <= at);
}

std::vector<change> timeline::item_changes(const std::string& item_id, const std::string& content_id,
                                           const std::string& from, const std::string& to) {
  auto& q = db_.prepare(
      "SELECT at, kind, attribute, source, old_value, new_value FROM changes "
      "WHERE (item_id = ?1 OR (content_id = ?2 AND ?2 <> '')) AND at >= ?3 AND at < ?4 AND attribute <> 'history-start' "
      "ORDER BY at, seq");
  q.query(item_id, content_id, from, to);
  std::vector<change> out;
  while (q.step()) {
    out.push_back({q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3), q.column_optional_text(4),
                   q.column_optional_text(5)});
  }
  return out;
}

std::string timeline::board_start(const std::string& project_id) {
  auto& q = db_.prepare("SELECT min(at) FROM changes WHERE kind = 'board' AND attribute = 'history-start' AND project_id = ?1");
  q.query(project_id);
  std::string out = q.step() ? q.column_text(0) : std::string();
  q.reset();
  return out;
}

}  // namespace roadmapd::history
