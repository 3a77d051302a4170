// read_window (see window.hpp).
#include "report/window.hpp"

namespace roadmapd::report {

window read_window(store::database& db, const std::string& since, const std::string& until) {
  window w;
  // A row written after `until` about a time before it (a late webhook) counts once it was seen.
  auto& q = db.prepare(
      "SELECT at, coalesce(board, ''), coalesce(project_id, ''), coalesce(item_id, ''), coalesce(content_id, ''), "
      "coalesce(content_ref, ''), kind, attribute, old_value, new_value FROM changes "
      "WHERE at >= ?1 AND (at <= ?2 OR seen_at <= ?2) AND attribute <> 'history-start' "
      "AND (kind IN ('item', 'field', 'tracking') OR (kind = 'issue' AND attribute IN ('state', 'state_reason', 'assignees'))) "
      "ORDER BY at, seq");
  q.query(since, until);
  while (q.step()) {
    w.rows.push_back({q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3), q.column_text(4),
                      q.column_text(5), q.column_text(6), q.column_text(7), q.column_optional_text(8),
                      q.column_optional_text(9)});
  }
  q.reset();
  auto& now = db.prepare("SELECT id, state_reason FROM issues WHERE state_reason IS NOT NULL");
  now.query();
  while (now.step()) w.reasons_now[now.column_text(0)] = now.column_text(1);
  now.reset();
  auto& later = db.prepare(
      "SELECT content_id, at, coalesce(old_value, '') FROM changes WHERE at > ?1 AND kind = 'issue' "
      "AND attribute = 'state_reason' ORDER BY at, seq");
  later.query(until);
  while (later.step()) w.later_reasons.push_back({later.column_text(0), later.column_text(1), later.column_text(2)});
  later.reset();
  return w;
}

}  // namespace roadmapd::report
