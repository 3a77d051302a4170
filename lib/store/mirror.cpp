// mirror: the statements that write GitHub's data into the schema of migrations/*.sql.
#include "store/mirror.hpp"

#include <algorithm>

namespace roadmapd::store {
namespace {

// GitHub sends "" for absent strings; the mirror stores NULL so that `IS NULL` finds them.
std::optional<std::string_view> or_null(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::string_view(s);
}

std::optional<int> or_null(int n) {
  if (n == 0) return std::nullopt;
  return n;
}

constexpr std::string_view now_sql = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

std::string with_now(std::string_view sql) {
  std::string out(sql);
  for (auto at = out.find("$now"); at != std::string::npos; at = out.find("$now"))
    out.replace(at, 4, now_sql);
  return out;
}

}  // namespace

mirror::mirror(database& db, write_source source)
    : db_(db),
      source_(source),
      upsert_project_(db.prepare(with_now(R"(
        INSERT INTO projects (id, owner, number, title, short_description, url, closed, updated_at,
                              synced_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, $now)
        ON CONFLICT (id) DO UPDATE SET
          owner = excluded.owner, number = excluded.number, title = excluded.title,
          short_description = excluded.short_description, url = excluded.url,
          closed = excluded.closed, updated_at = excluded.updated_at, synced_at = excluded.synced_at)"))),
      // A board deleted on GitHub can leave its owner/number to a new board with a new id.
      remove_project_number_clash_(db.prepare(
          "DELETE FROM projects WHERE owner = ?1 AND number = ?2 AND id <> ?3")),
      project_field_ids_(db.prepare("SELECT id FROM project_fields WHERE project_id = ?1")),
      upsert_field_(db.prepare(R"(
        INSERT INTO project_fields (id, project_id, name, data_type, position)
        VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (id) DO UPDATE SET
          project_id = excluded.project_id, name = excluded.name, data_type = excluded.data_type,
          position = excluded.position)")),
      remove_field_(db.prepare("DELETE FROM project_fields WHERE id = ?1")),
      remove_options_(db.prepare("DELETE FROM field_options WHERE field_id = ?1")),
      insert_option_(db.prepare(
          "INSERT OR REPLACE INTO field_options (field_id, id, name, position) VALUES (?1, ?2, ?3, ?4)")),
      remove_iterations_(db.prepare("DELETE FROM iterations WHERE field_id = ?1")),
      insert_iteration_(db.prepare(R"(
        INSERT OR REPLACE INTO iterations (field_id, id, title, start_date, duration_days, completed)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6))")),
      remove_project_(db.prepare("DELETE FROM projects WHERE id = ?1")),
      // Items are updated in place when known and inserted when new: new items then need none of
      // the deletes of their old values (a fifth of the ingest time of a first sync).
      update_item_(db.prepare(R"(
        UPDATE items SET project_id = ?2, type = ?3, archived = ?4, position = ?5, content_id = ?6,
          title = ?7, body = ?8, content_repo = ?9, content_number = ?10, content_state = ?11,
          content_url = ?12, milestone = ?13, updated_at = ?14, seen_pass = ?15, created_at = ?16
        WHERE id = ?1)")),
      insert_item_(db.prepare(R"(
        INSERT INTO items (id, project_id, type, archived, position, content_id, title, body,
                           content_repo, content_number, content_state, content_url, milestone,
                           updated_at, seen_pass, created_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16))")),
      field_exists_(db.prepare("SELECT 1 FROM project_fields WHERE id = ?1")),
      remove_item_values_(db.prepare("DELETE FROM item_field_values WHERE item_id = ?1")),
      insert_item_value_(db.prepare(R"(
        INSERT OR REPLACE INTO item_field_values (item_id, field_id, kind, text, number, date,
                                                  option_id, iteration_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))")),
      remove_item_assignees_(db.prepare("DELETE FROM item_assignees WHERE item_id = ?1")),
      insert_item_assignee_(db.prepare(
          "INSERT INTO item_assignees (item_id, position, login) VALUES (?1, ?2, ?3)")),
      remove_item_labels_(db.prepare("DELETE FROM item_labels WHERE item_id = ?1")),
      insert_item_label_(db.prepare(
          "INSERT INTO item_labels (item_id, position, name) VALUES (?1, ?2, ?3)")),
      touch_item_(db.prepare("UPDATE items SET seen_pass = ?2 WHERE id = ?1")),
      refresh_item_content_(db.prepare(R"(
        UPDATE items SET title = ?2, content_repo = ?3, content_number = ?4, content_state = ?5,
                         content_url = ?6, milestone = ?7
        WHERE content_id = ?1)")),
      // The Title field value shows the content's title too; keep the two in step.
      refresh_item_title_value_(db.prepare(R"(
        UPDATE item_field_values SET text = ?2
        WHERE item_id IN (SELECT id FROM items WHERE content_id = ?1)
          AND field_id IN (SELECT id FROM project_fields WHERE data_type = 'TITLE'))")),
      remove_content_assignees_(db.prepare(
          "DELETE FROM item_assignees WHERE item_id IN (SELECT id FROM items WHERE content_id = ?1)")),
      insert_content_assignee_(db.prepare(
          "INSERT INTO item_assignees (item_id, position, login) "
          "SELECT id, ?2, ?3 FROM items WHERE content_id = ?1")),
      remove_content_labels_(db.prepare(
          "DELETE FROM item_labels WHERE item_id IN (SELECT id FROM items WHERE content_id = ?1)")),
      insert_content_label_(db.prepare(
          "INSERT INTO item_labels (item_id, position, name) "
          "SELECT id, ?2, ?3 FROM items WHERE content_id = ?1")),
      remove_item_(db.prepare("DELETE FROM items WHERE id = ?1")),
      sweep_items_(db.prepare("DELETE FROM items WHERE project_id = ?1 AND seen_pass <> ?2")),
      // Issue numbers are not reused, but a transferred or deleted-and-recreated issue can leave
      // a stale row holding repo/number under another id.
      remove_issue_number_clash_(db.prepare(
          "DELETE FROM issues WHERE repo = ?1 AND number = ?2 AND id <> ?3")),
      issue_updated_at_(db.prepare("SELECT updated_at FROM issues WHERE id = ?1")),
      touch_issue_(db.prepare("UPDATE issues SET seen_pass = ?2 WHERE id = ?1")),
      upsert_issue_(db.prepare(R"(
        INSERT INTO issues (id, repo, number, is_pull_request, title, body, state, author, url,
                            created_at, updated_at, closed_at, merged, merged_at, draft, milestone,
                            seen_pass, state_reason)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
        ON CONFLICT (id) DO UPDATE SET
          repo = excluded.repo, number = excluded.number,
          is_pull_request = excluded.is_pull_request, title = excluded.title, body = excluded.body,
          state = excluded.state, author = excluded.author, url = excluded.url,
          created_at = excluded.created_at, updated_at = excluded.updated_at,
          closed_at = excluded.closed_at, merged = excluded.merged, merged_at = excluded.merged_at,
          draft = excluded.draft, milestone = excluded.milestone, seen_pass = excluded.seen_pass,
          state_reason = excluded.state_reason)")),
      remove_issue_assignees_(db.prepare("DELETE FROM issue_assignees WHERE issue_id = ?1")),
      insert_issue_assignee_(db.prepare(
          "INSERT INTO issue_assignees (issue_id, position, login) VALUES (?1, ?2, ?3)")),
      remove_issue_labels_(db.prepare("DELETE FROM issue_labels WHERE issue_id = ?1")),
      insert_issue_label_(db.prepare(
          "INSERT INTO issue_labels (issue_id, position, name) VALUES (?1, ?2, ?3)")),
      remove_issue_(db.prepare("DELETE FROM issues WHERE id = ?1")),
      sweep_issues_(db.prepare(
          "DELETE FROM issues WHERE repo = ?1 AND is_pull_request = ?2 AND seen_pass <> ?3")),
      set_tracking_(db.prepare("UPDATE issues SET is_tracking = ?2 WHERE id = ?1")),
      remove_tasks_(db.prepare("DELETE FROM tracking_tasks WHERE issue_id = ?1")),
      insert_task_(db.prepare(R"(
        INSERT INTO tracking_tasks (issue_id, position, checked, text, ref_repo, ref_number)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6))")),
      state_(db.prepare("SELECT value FROM sync_state WHERE key = ?1")),
      set_state_(db.prepare(with_now(R"(
        INSERT INTO sync_state (key, value, updated_at) VALUES (?1, ?2, $now)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at)"))),
      next_pass_(db.prepare(with_now(R"(
        INSERT INTO sync_state (key, value, updated_at) VALUES ('sync.pass', '1', $now)
        ON CONFLICT (key) DO UPDATE SET
          value = CAST(value AS INTEGER) + 1, updated_at = excluded.updated_at
        RETURNING CAST(value AS INTEGER))"))) {}

template <class Write>
void mirror::logged_items(std::span<const std::string> ids, Write&& write) {
  auto* log = db_.change_log();
  if (log != nullptr) log->before_items(ids);
  write();
  if (log != nullptr) log->after_items(ids, source_, observed_at_);
}

template <class Write>
void mirror::logged_issues(std::span<const std::string> ids, Write&& write) {
  auto* log = db_.change_log();
  if (log != nullptr) log->before_issues(ids);
  write();
  if (log != nullptr) log->after_issues(ids, source_, observed_at_);
}

std::vector<std::string> mirror::item_ids_of_content(std::string_view content_id) {
  auto& q = db_.prepare("SELECT id FROM items WHERE content_id = ?1");
  q.query(content_id);
  std::vector<std::string> ids;
  while (q.step()) ids.push_back(q.column_text(0));
  return ids;
}

void mirror::board_read(std::string_view project_id) {
  if (auto* log = db_.change_log()) log->board_read(project_id, observed_at_);
}

void mirror::repository_read(std::string_view repo, bool pull_requests) {
  if (auto* log = db_.change_log()) log->repository_read(repo, pull_requests, observed_at_);
}

void mirror::upsert_project(const model::project& p) {
  remove_project_number_clash_.execute(p.owner, p.number, p.id);
  upsert_project_.execute(p.id, p.owner, p.number, p.title, or_null(p.short_description), p.url,
                          p.closed, or_null(p.updated_at));

  // Upsert rather than delete-and-insert: deleting a field cascades to every item's value.
  std::vector<std::string> stale;
  project_field_ids_.query(p.id);
  while (project_field_ids_.step()) {
    std::string id = project_field_ids_.column_text(0);
    auto kept = std::ranges::any_of(p.fields, [&](const model::field& f) { return f.id == id; });
    if (!kept) stale.push_back(std::move(id));
  }
  for (const auto& id : stale) {
    remove_field_.execute(id);
    known_fields_.erase(id);
  }

  int field_position = 0;
  for (const auto& f : p.fields) {
    upsert_field_.execute(f.id, p.id, f.name, f.data_type, field_position++);
    known_fields_.insert(f.id);
    remove_options_.execute(f.id);
    int option_position = 0;
    for (const auto& o : f.options) insert_option_.execute(f.id, o.id, o.name, option_position++);
    remove_iterations_.execute(f.id);
    for (const auto& it : f.iterations)
      insert_iteration_.execute(f.id, it.id, it.title, it.start_date, it.duration_days,
                                it.completed);
  }
}

bool mirror::field_known(const std::string& field_id) {
  if (known_fields_.count(field_id)) return true;
  field_exists_.query(field_id);
  const bool exists = field_exists_.step();
  field_exists_.reset();
  if (exists) known_fields_.insert(field_id);
  return exists;
}

void mirror::upsert_item(const model::item& item, long pass) {
  auto* log = db_.change_log();
  // A board's first read is its history's baseline: nothing to compare yet, and nothing to pay.
  if (log != nullptr && log->tracks_board(item.project_id)) {
    const std::string ids[] = {item.id};
    logged_items(ids, [&] { write_item(item, pass); });
  } else {
    write_item(item, pass);
  }
}

void mirror::write_item(const model::item& item, long pass) {
  // The same columns for the update of a known item and the insert of a new one.
  auto write_row = [&](statement& st) {
    return st.execute(item.id, item.project_id, item.type, item.archived, item.position, or_null(item.content_id),
                      or_null(item.title), or_null(item.body), or_null(item.content_repo),
                      or_null(item.content_number), or_null(item.content_state), or_null(item.content_url),
                      item.milestone, or_null(item.updated_at), pass, or_null(item.created_at));
  };
  const bool existed = write_row(update_item_) > 0;
  if (existed) {
    remove_item_values_.execute(item.id);
    remove_item_assignees_.execute(item.id);
    remove_item_labels_.execute(item.id);
  } else {
    write_row(insert_item_);
  }
  for (const auto& v : item.values) {
    if (!field_known(v.field_id)) continue;  // a field added since the board was read: next pass
    insert_item_value_.execute(item.id, v.field_id, v.kind, v.text, v.number, v.date, v.option_id,
                               v.iteration_id);
  }
  int position = 0;
  for (const auto& login : item.assignees) insert_item_assignee_.execute(item.id, position++, login);
  position = 0;
  for (const auto& name : item.labels) insert_item_label_.execute(item.id, position++, name);
}

void mirror::touch_item(std::string_view item_id, long pass) { touch_item_.execute(item_id, pass); }

void mirror::refresh_item_content(const model::issue& issue) {
  // Most issues are on no board: one indexed lookup and nothing else.
  if (refresh_item_content_.execute(issue.id, issue.title, issue.repo, issue.number, issue.state,
                                    issue.url, issue.milestone) == 0)
    return;
  refresh_item_title_value_.execute(issue.id, issue.title);
  replace_strings(remove_content_assignees_, insert_content_assignee_, issue.id, issue.assignees);
  replace_strings(remove_content_labels_, insert_content_label_, issue.id, issue.labels);
}

void mirror::remove_item(std::string_view item_id) {
  const std::string ids[] = {std::string(item_id)};
  logged_items(ids, [&] { remove_item_.execute(item_id); });
}

int mirror::sweep_items(std::string_view project_id, long pass) {
  auto* log = db_.change_log();
  if (log == nullptr || !log->tracks_board(project_id)) return sweep_items_.execute(project_id, pass);
  auto& gone = db_.prepare("SELECT id FROM items WHERE project_id = ?1 AND seen_pass <> ?2");
  gone.query(project_id, pass);
  std::vector<std::string> ids;
  while (gone.step()) ids.push_back(gone.column_text(0));
  int removed = 0;
  logged_items(ids, [&] { removed = sweep_items_.execute(project_id, pass); });
  return removed;
}

void mirror::remove_project(std::string_view project_id) {
  remove_project_.execute(project_id);
  known_fields_.clear();  // its fields went with it (cascade)
}

bool mirror::upsert_issue(const model::issue& issue, long pass) {
  issue_updated_at_.query(issue.id);
  const auto stored = issue_updated_at_.step() ? issue_updated_at_.column_optional_text(0) : std::nullopt;
  issue_updated_at_.reset();
  if (stored && !issue.updated_at.empty() && *stored > issue.updated_at) {
    touch_issue_.execute(issue.id, pass);
    return false;
  }
  auto write = [&] {
    remove_issue_number_clash_.execute(issue.repo, issue.number, issue.id);
    upsert_issue_.execute(issue.id, issue.repo, issue.number, issue.is_pull_request, issue.title,
                          issue.body, issue.state, or_null(issue.author), issue.url,
                          or_null(issue.created_at), or_null(issue.updated_at), issue.closed_at,
                          issue.merged, issue.merged_at, issue.draft, issue.milestone, pass, issue.state_reason);
    replace_strings(remove_issue_assignees_, insert_issue_assignee_, issue.id, issue.assignees);
    replace_strings(remove_issue_labels_, insert_issue_label_, issue.id, issue.labels);
    if (issue.signals) write_signals(issue.id, *issue.signals);
  };
  auto* log = db_.change_log();
  if (log != nullptr && log->tracks_repository(issue.repo, issue.is_pull_request)) {
    const std::string ids[] = {issue.id};
    logged_issues(ids, write);
  } else {
    write();
  }
  return true;
}

void mirror::write_signals(std::string_view issue_id, const model::issue::progress_signals& s) {
  db_.prepare("UPDATE issues SET parent_id = ?2, sub_issues_total = ?3, sub_issues_completed = ?4, last_comment_at = ?5 "
              "WHERE id = ?1")
      .execute(issue_id, s.parent_id, s.sub_issues_total, s.sub_issues_completed, s.last_comment_at);
  db_.prepare("DELETE FROM linked_pull_requests WHERE issue_id = ?1").execute(issue_id);
  int position = 0;
  for (const auto& pr : s.linked_pull_requests) {
    db_.prepare("INSERT INTO linked_pull_requests (issue_id, position, pr_id, pr_repo, pr_number, pr_state) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .execute(issue_id, position++, pr.id, pr.repo, pr.number, pr.state);
  }
}

void mirror::remove_issue(std::string_view issue_id) {
  const std::string ids[] = {std::string(issue_id)};
  logged_issues(ids, [&] { remove_issue_.execute(issue_id); });
}

int mirror::sweep_issues(std::string_view repo, bool pull_requests, long pass) {
  auto* log = db_.change_log();
  if (log == nullptr || !log->tracks_repository(repo, pull_requests)) return sweep_issues_.execute(repo, pull_requests, pass);
  auto& gone = db_.prepare("SELECT id FROM issues WHERE repo = ?1 AND is_pull_request = ?2 AND seen_pass <> ?3");
  gone.query(repo, pull_requests, pass);
  std::vector<std::string> ids;
  while (gone.step()) ids.push_back(gone.column_text(0));
  int removed = 0;
  logged_issues(ids, [&] { removed = sweep_issues_.execute(repo, pull_requests, pass); });
  return removed;
}

void mirror::set_tracking(std::string_view issue_id, bool tracking) {
  set_tracking_.execute(issue_id, tracking);
}

void mirror::replace_tasks(std::string_view issue_id,
                           const std::vector<model::task_entry>& tasks) {
  // A tracking issue's progress is part of its history; tasks of other issues are never stored.
  auto write = [&] {
    remove_tasks_.execute(issue_id);
    for (const auto& t : tasks)
      insert_task_.execute(issue_id, t.position, t.checked, t.text, t.ref_repo, t.ref_number);
  };
  if (db_.change_log() != nullptr && !tasks.empty()) {
    const std::string ids[] = {std::string(issue_id)};
    logged_issues(ids, write);
  } else {
    write();
  }
}

void mirror::add_content_label(std::string_view content_id, std::string_view name) {
  const std::string issue_ids[] = {std::string(content_id)};
  const auto item_ids = item_ids_of_content(content_id);
  logged_issues(issue_ids, [&] { logged_items(item_ids, [&] { write_content_label(content_id, name, true); }); });
}

void mirror::remove_content_label(std::string_view content_id, std::string_view name) {
  const std::string issue_ids[] = {std::string(content_id)};
  const auto item_ids = item_ids_of_content(content_id);
  logged_issues(issue_ids, [&] { logged_items(item_ids, [&] { write_content_label(content_id, name, false); }); });
}

void mirror::write_content_label(std::string_view content_id, std::string_view name, bool add) {
  if (!add) {
    db_.prepare("DELETE FROM issue_labels WHERE issue_id = ?1 AND name = ?2").execute(content_id, name);
    db_.prepare("DELETE FROM item_labels WHERE name = ?2 AND item_id IN (SELECT id FROM items WHERE content_id = ?1)")
        .execute(content_id, name);
    return;
  }
  db_.prepare(R"(
    INSERT INTO issue_labels (issue_id, position, name)
    SELECT s.id, (SELECT coalesce(max(position) + 1, 0) FROM issue_labels WHERE issue_id = s.id), ?2
    FROM issues s WHERE s.id = ?1 AND NOT EXISTS (SELECT 1 FROM issue_labels WHERE issue_id = s.id AND name = ?2))")
      .execute(content_id, name);
  db_.prepare(R"(
    INSERT INTO item_labels (item_id, position, name)
    SELECT i.id, (SELECT coalesce(max(position) + 1, 0) FROM item_labels WHERE item_id = i.id), ?2
    FROM items i WHERE i.content_id = ?1 AND NOT EXISTS (SELECT 1 FROM item_labels WHERE item_id = i.id AND name = ?2))")
      .execute(content_id, name);
}

void mirror::set_item_option(std::string_view item_id, std::string_view field_id, std::string_view option_id,
                             std::string_view option_name) {
  const std::string ids[] = {std::string(item_id)};
  logged_items(ids, [&] {
    db_.prepare(R"(
      INSERT INTO item_field_values (item_id, field_id, kind, text, option_id) VALUES (?1, ?2, 'single_select', ?4, ?3)
      ON CONFLICT (item_id, field_id) DO UPDATE SET kind = 'single_select', text = excluded.text,
        number = NULL, date = NULL, option_id = excluded.option_id, iteration_id = NULL)")
        .execute(item_id, field_id, option_id, option_name);
  });
}

std::optional<std::string> mirror::state(std::string_view key) {
  state_.query(key);
  if (!state_.step()) return std::nullopt;
  std::string value = state_.column_text(0);
  state_.reset();
  return value;
}

void mirror::set_state(std::string_view key, std::string_view value) {
  set_state_.execute(key, value);
}

long mirror::next_pass() {
  next_pass_.query();
  next_pass_.step();
  long pass = static_cast<long>(next_pass_.column_int64(0));
  next_pass_.reset();
  return pass;
}

void mirror::replace_strings(statement& remove, statement& insert, std::string_view owner_id,
                             const std::vector<std::string>& values) {
  remove.execute(owner_id);
  int position = 0;
  for (const auto& v : values) insert.execute(owner_id, position++, v);
}

}  // namespace roadmapd::store
