// signals (see signals.hpp). Each reader takes an optional filter: "" reads the whole table (read_all),
// otherwise the rows of one id, through the same indexes the on-demand lookups always used.
#include "progress/signals.hpp"

#include <algorithm>
#include <tuple>

#include "util/text.hpp"

namespace roadmapd::progress {
namespace {

std::string reference_key(const std::string& repo, int number) {
  std::string key = repo + "#" + std::to_string(number);
  for (char& c : key) c = util::ascii_lower(c);
  return key;
}

// Runs q with ?1 bound to id when there is a filter.
void run(store::statement& q, const std::string& id) {
  if (id.empty()) q.query();
  else q.query(id);
}

template <typename Table>
const typename Table::mapped_type& rows_of(Table& table, const std::string& id, bool all, auto read) {
  static const typename Table::mapped_type none;
  if (id.empty()) return none;
  auto it = table.find(id);
  if (it != table.end()) return it->second;
  if (all) return none;
  read();
  return table[id];  // empty when it has none, and not looked up again
}

}  // namespace

signals::signals(store::database& db) : db_(&db) {}

void signals::read_all(store::database& from) {
  store::database* const own = db_;
  db_ = &from;
  try {
    read_all();
  } catch (...) {
    db_ = own;
    throw;
  }
  db_ = own;
}

void signals::read_all() {
  if (all_) return;
  issues_.clear();
  states_.clear();
  tasks_.clear();
  children_.clear();
  linked_.clear();
  item_changes_.clear();
  content_changes_.clear();
  read_issues("", "");
  read_tasks("", "");
  read_children("", "");
  read_linked("", "");
  read_changes("", "");
  all_ = true;
}

void signals::read_issues(const std::string& where, const std::string& id) {
  auto& q = db_->prepare(
      "SELECT id, state, coalesce(state_reason, ''), is_tracking, sub_issues_total, sub_issues_completed, "
      "coalesce(last_comment_at, ''), coalesce(created_at, ''), repo, number FROM issues" + where);
  run(q, id);
  while (q.step()) {
    issue_row r;
    r.id = q.column_text(0);
    r.state = q.column_text(1);
    r.state_reason = q.column_text(2);
    r.tracking = q.column_int(3) != 0;
    r.sub_total = q.column_int(4);
    r.sub_completed = q.column_int(5);
    r.last_comment_at = q.column_text(6);
    r.created_at = q.column_text(7);
    states_[reference_key(q.column_text(8), q.column_int(9))] = r.state;
    issues_[r.id] = std::move(r);
  }
  q.reset();
}

void signals::read_tasks(const std::string& where, const std::string& id) {
  auto& q = db_->prepare(
      "SELECT issue_id, checked, text, coalesce(ref_repo || '#' || ref_number, ''), resolved, coalesce(ref_state, ''), "
      "coalesce(ref_is_pull_request, 0) FROM tracking_task_refs" + where + " ORDER BY issue_id, position");
  run(q, id);
  while (q.step()) {
    task_row t;
    t.checked = q.column_int(1) != 0;
    t.text = q.column_text(2);
    t.ref = q.column_text(3);
    t.resolved = !q.column_is_null(4) && q.column_int(4) != 0;
    t.ref_state = q.column_text(5);
    t.ref_is_pull_request = q.column_int(6) != 0;
    tasks_[q.column_text(0)].push_back(std::move(t));
  }
  q.reset();
}

void signals::read_children(const std::string& where, const std::string& id) {
  auto& q = db_->prepare(
      "SELECT parent_id, repo || '#' || number, state, coalesce(updated_at, '') FROM issues WHERE parent_id IS NOT NULL" +
      where);
  run(q, id);
  while (q.step()) children_[q.column_text(0)].push_back({q.column_text(1), q.column_text(2), q.column_text(3)});
  q.reset();
}

void signals::read_linked(const std::string& where, const std::string& id) {
  auto& q = db_->prepare(
      "SELECT l.issue_id, l.pr_state, coalesce(s.updated_at, '') FROM linked_pull_requests l "
      "LEFT JOIN issues s ON s.id = l.pr_id" + where);
  run(q, id);
  while (q.step()) linked_[q.column_text(0)].push_back({q.column_text(1), q.column_text(2)});
  q.reset();
}

void signals::read_changes(const std::string& where, const std::string& id) {
  // An item's rows are its own; an issue's rows carry no item. Kept one by one: the rows the model
  // reads (progress series, field moves); of the others only the newest time of work (roadmapd's
  // own labels and moves are not work on the item).
  auto& q = db_->prepare(
      "SELECT seq, item_id, content_id, at, kind, attribute, coalesce(old_value, ''), coalesce(new_value, ''), source "
      "FROM changes WHERE attribute <> 'history-start'" + where);
  run(q, id);
  while (q.step()) {
    const std::string_view item = q.column_view(1), content = q.column_view(2), kind = q.column_view(4);
    if (item.empty() && content.empty()) continue;
    const std::string_view key = item.empty() ? content : item;
    histories& table = item.empty() ? content_changes_ : item_changes_;
    auto it = table.find(key);
    if (it == table.end()) it = table.try_emplace(std::string(key)).first;
    history& h = it->second;
    if (q.column_view(8) != "roadmapd" && q.column_view(5) != "label" && q.column_view(3) > h.newest_work) {
      h.newest_work = q.column_view(3);
    }
    if (kind != "tracking" && kind != "field") continue;
    h.rows.push_back({q.column_int64(0), kind == "tracking", q.column_text(3), q.column_text(5), q.column_text(6),
                      q.column_text(7)});
  }
  q.reset();
  // Read in the table's order (a scan, not an index walk with a lookup per row), then put each
  // item's few rows in time order.
  auto by_time = [](const change_row& a, const change_row& b) { return std::tie(a.at, a.seq) < std::tie(b.at, b.seq); };
  for (auto* table : {&item_changes_, &content_changes_}) {
    if (id.empty()) {
      for (auto& [key, h] : *table) std::sort(h.rows.begin(), h.rows.end(), by_time);
    } else if (auto it = table->find(id); it != table->end()) {
      std::sort(it->second.rows.begin(), it->second.rows.end(), by_time);
    }
  }
}

const issue_row* signals::issue(const std::string& id) {
  if (id.empty()) return nullptr;
  auto it = issues_.find(id);
  if (it == issues_.end()) {
    if (all_) return nullptr;
    read_issues(" WHERE id = ?1", id);
    it = issues_.try_emplace(id).first;  // not mirrored: remembered as such
  }
  return it->second ? &*it->second : nullptr;
}

const std::vector<task_row>& signals::tasks(const std::string& issue_id) {
  return rows_of(tasks_, issue_id, all_, [&] { read_tasks(" WHERE issue_id = ?1", issue_id); });
}

const std::vector<child_row>& signals::children(const std::string& issue_id) {
  return rows_of(children_, issue_id, all_, [&] { read_children(" AND parent_id = ?1", issue_id); });
}

const std::vector<linked_pr_row>& signals::linked_pull_requests(const std::string& issue_id) {
  return rows_of(linked_, issue_id, all_, [&] { read_linked(" WHERE l.issue_id = ?1", issue_id); });
}

const signals::history* signals::history_of(histories& table, const std::string& id, const std::string& filter) {
  if (id.empty()) return nullptr;
  auto it = table.find(id);
  if (it == table.end() && !all_) {
    read_changes(filter, id);
    it = table.try_emplace(id).first;  // none: not looked up again
  }
  return it == table.end() ? nullptr : &it->second;
}

void signals::each_change(const std::string& item_id, const std::string& content_id,
                          const std::function<void(const change_row&)>& visit) {
  static const std::vector<change_row> none;
  const history* own = history_of(item_changes_, item_id, " AND item_id = ?1");
  const history* issue = history_of(content_changes_, content_id, " AND item_id IS NULL AND content_id = ?1");
  const auto& a_rows = own ? own->rows : none;
  const auto& b_rows = issue ? issue->rows : none;
  auto a = a_rows.begin(), b = b_rows.begin();
  while (a != a_rows.end() || b != b_rows.end()) {
    const bool take_own = b == b_rows.end() || (a != a_rows.end() && std::tie(a->at, a->seq) <= std::tie(b->at, b->seq));
    visit(take_own ? *a++ : *b++);
  }
}

std::string signals::last_work(const std::string& item_id, const std::string& content_id) {
  const history* own = history_of(item_changes_, item_id, " AND item_id = ?1");
  const history* issue = history_of(content_changes_, content_id, " AND item_id IS NULL AND content_id = ?1");
  return std::max(own ? own->newest_work : std::string(), issue ? issue->newest_work : std::string());
}

std::optional<std::string> signals::state_of(const std::string& repo, int number) {
  const std::string key = reference_key(repo, number);
  auto it = states_.find(key);
  if (it != states_.end()) return it->second;
  if (all_) return std::nullopt;
  auto& q = db_->prepare("SELECT state FROM issues WHERE repo = ?1 AND number = ?2");
  q.query(repo, number);
  std::optional<std::string> state;
  if (q.step()) state = q.column_text(0);
  q.reset();
  states_[key] = state;
  return state;
}

}  // namespace roadmapd::progress
