// read_item, read_issue (see snapshot.hpp).
#include "history/snapshot.hpp"

namespace roadmapd::history {
namespace {

// Sorted and joined, so that the same set reads the same whatever GitHub's order.
std::string joined(store::statement& q, std::string_view separator) {
  std::string out;
  while (q.step()) {
    if (!out.empty()) out += separator;
    out += q.column_text(0);
  }
  return out;
}

}  // namespace

std::optional<item_state> read_item(store::database& db, const std::string& item_id) {
  auto& row = db.prepare(R"(
    SELECT i.project_id, p.owner || '/' || p.number, i.archived, coalesce(i.content_id, ''), i.type,
           coalesce(i.updated_at, ''), coalesce(i.title, ''), coalesce(i.content_state, ''), coalesce(i.milestone, ''),
           coalesce(i.content_repo || '#' || i.content_number, ''),
           EXISTS (SELECT 1 FROM issues s WHERE s.id = i.content_id)
    FROM items i JOIN projects p ON p.id = i.project_id WHERE i.id = ?1)");
  row.query(item_id);
  if (!row.step()) return std::nullopt;
  item_state s;
  s.project_id = row.column_text(0);
  s.board = row.column_text(1);
  s.archived = row.column_int(2) != 0;
  s.content_id = row.column_text(3);
  s.type = row.column_text(4);
  s.updated_at = row.column_text(5);
  s.title = row.column_text(6);
  s.state = row.column_text(7);
  s.milestone = row.column_text(8);
  s.content_ref = row.column_text(9);
  s.content_mirrored = row.column_int(10) != 0;
  row.reset();

  auto& values = db.prepare("SELECT field, value FROM item_values WHERE item_id = ?1 AND data_type <> 'TITLE'");
  values.query(item_id);
  while (values.step()) {
    if (!values.column_is_null(1)) s.fields.emplace(values.column_text(0), values.column_text(1));
  }
  if (!s.content_mirrored) {
    auto& assignees = db.prepare("SELECT login FROM item_assignees WHERE item_id = ?1 ORDER BY lower(login)");
    assignees.query(item_id);
    s.assignees = joined(assignees, ", ");
    auto& labels = db.prepare("SELECT name FROM item_labels WHERE item_id = ?1 ORDER BY lower(name)");
    labels.query(item_id);
    s.labels = joined(labels, "\n");
  }
  return s;
}

std::optional<issue_state> read_issue(store::database& db, const std::string& issue_id) {
  auto& row = db.prepare(R"(
    SELECT repo, repo || '#' || number, coalesce(updated_at, ''), is_pull_request, state, coalesce(state_reason, ''),
           title, coalesce(milestone, ''), is_tracking, sub_issues_total, sub_issues_completed
    FROM issues WHERE id = ?1)");
  row.query(issue_id);
  if (!row.step()) return std::nullopt;
  issue_state s;
  s.repo = row.column_text(0);
  s.ref = row.column_text(1);
  s.updated_at = row.column_text(2);
  s.is_pull_request = row.column_int(3) != 0;
  s.state = row.column_text(4);
  s.state_reason = row.column_text(5);
  s.title = row.column_text(6);
  s.milestone = row.column_text(7);
  const bool tracking = row.column_int(8) != 0;
  if (const int total = row.column_int(9); total > 0) {
    s.sub_issues = std::to_string(row.column_int(10)) + "/" + std::to_string(total);
  }
  row.reset();

  auto& assignees = db.prepare("SELECT login FROM issue_assignees WHERE issue_id = ?1 ORDER BY lower(login)");
  assignees.query(issue_id);
  s.assignees = joined(assignees, ", ");
  auto& labels = db.prepare("SELECT name FROM issue_labels WHERE issue_id = ?1 ORDER BY lower(name)");
  labels.query(issue_id);
  s.labels = joined(labels, "\n");
  if (tracking) {
    auto& tasks = db.prepare("SELECT count(*), coalesce(sum(checked), 0) FROM tracking_tasks WHERE issue_id = ?1");
    tasks.query(issue_id);
    tasks.step();
    s.progress = std::to_string(tasks.column_int(1)) + "/" + std::to_string(tasks.column_int(0));
    tasks.reset();
  }
  return s;
}

}  // namespace roadmapd::history
