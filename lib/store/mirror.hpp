// Writes what the sync engine fetched from GitHub into the mirror's tables (boards, items, issues,
// task lists) and keeps the sync bookkeeping. Callers wrap each fetched page in one
// store::transaction; these methods never open their own. SQLite failures throw sqlite_error.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "github/model.hpp"
#include "store/change_log.hpp"
#include "store/database.hpp"

namespace roadmapd::store {

class mirror {
 public:
  // Prepares its statements once; db must outlive the mirror and not be moved meanwhile. Its writes
  // reach the database's change log (if it has one) as coming from `source`.
  explicit mirror(database& db, write_source source = write_source::poll);
  // The sync engine says, per pass, whether it is an incremental or a full one, and per page when
  // GitHub answered it (the change log's time for what GitHub gives no time of itself).
  void set_source(write_source source) { source_ = source; }
  void set_observed_at(std::string at) { observed_at_ = std::move(at); }

  // A board (repository) was read completely: for the change log, whose history of it starts with
  // the first such read.
  void board_read(std::string_view project_id);
  void repository_read(std::string_view repo, bool pull_requests);

  // Boards. upsert_project replaces the project's fields, options and iterations with those
  // given; the values items hold for a field that disappeared go with it.
  void upsert_project(const model::project& p);
  // Inserts or replaces the item with its field values, assignees and labels, and marks it seen
  // in pass. Values of a field the board does not (yet) have are skipped: the next pass, which
  // re-reads the board's fields first, stores them. The item's project must be mirrored.
  void upsert_item(const model::item& item, long pass);
  // Marks the item seen in pass without changing it: for items GitHub listed but whose content it
  // failed to give this time, so the sweep keeps the mirror's row.
  void touch_item(std::string_view item_id, long pass);
  // Copies a freshly read issue or PR onto the board items that show it (title, repo, number,
  // state, url, milestone, assignees, labels), so boards reflect it before their next poll.
  void refresh_item_content(const model::issue& issue);
  void remove_item(std::string_view item_id);
  // Deletes the board's items not seen in pass (removed from the board on GitHub). Returns how
  // many.
  int sweep_items(std::string_view project_id, long pass);
  void remove_project(std::string_view project_id);  // with its fields, items and values

  // Issues and PRs of configured repositories. upsert_issue keeps is_tracking and the task list.
  // It never steps back: when the stored row has a newer updated_at (a webhook wrote it while the
  // read was on its way), only its seen pass is set, and it returns false.
  bool upsert_issue(const model::issue& issue, long pass);
  void remove_issue(std::string_view issue_id);
  // Deletes the repository's issues (or PRs) not seen in pass. Returns how many.
  int sweep_issues(std::string_view repo, bool pull_requests, long pass);
  // Marks an issue as an RFC tracking issue; tracking_progress lists only those.
  void set_tracking(std::string_view issue_id, bool tracking);
  // Replaces the issue's task list. The issue must be mirrored.
  void replace_tasks(std::string_view issue_id, const std::vector<model::task_entry>& tasks);

  // What roadmapd itself just changed on GitHub, reflected at once (on the issue and on every board
  // item showing it), so that the next judgement does not plan the same write again; the next
  // read of the issue or the board confirms or corrects it. Labels compare case-insensitively.
  void add_content_label(std::string_view content_id, std::string_view name);
  void remove_content_label(std::string_view content_id, std::string_view name);
  void set_item_option(std::string_view item_id, std::string_view field_id, std::string_view option_id,
                       std::string_view option_name);

  // Sync state (watermarks, cursors, counters): free-form keys, see docs/schema.md.
  std::optional<std::string> state(std::string_view key);
  void set_state(std::string_view key, std::string_view value);
  // Monotonically increasing, persisted under the key "sync.pass"; 1 on a new database.
  long next_pass();

 private:
  void replace_strings(statement& remove, statement& insert, std::string_view owner_id,
                       const std::vector<std::string>& values);

  bool field_known(const std::string& field_id);

  // Tells the change log about a write to these items (issues): their state before and after it.
  template <class Write>
  void logged_items(std::span<const std::string> ids, Write&& write);
  template <class Write>
  void logged_issues(std::span<const std::string> ids, Write&& write);
  std::vector<std::string> item_ids_of_content(std::string_view content_id);
  void write_item(const model::item& item, long pass);
  void write_signals(std::string_view issue_id, const model::issue::progress_signals& s);
  void write_content_label(std::string_view content_id, std::string_view name, bool add);

  database& db_;
  write_source source_;
  std::string observed_at_;
  // Field ids known to exist: a value for a field the board does not have (yet) is skipped, and
  // asking SQLite per value costs a sixth of the ingest rate.
  std::unordered_set<std::string> known_fields_;
  statement& upsert_project_;
  statement& remove_project_number_clash_;
  statement& project_field_ids_;
  statement& upsert_field_;
  statement& remove_field_;
  statement& remove_options_;
  statement& insert_option_;
  statement& remove_iterations_;
  statement& insert_iteration_;
  statement& remove_project_;
  statement& update_item_;
  statement& insert_item_;
  statement& field_exists_;
  statement& remove_item_values_;
  statement& insert_item_value_;
  statement& remove_item_assignees_;
  statement& insert_item_assignee_;
  statement& remove_item_labels_;
  statement& insert_item_label_;
  statement& touch_item_;
  statement& refresh_item_content_;
  statement& refresh_item_title_value_;
  statement& remove_content_assignees_;
  statement& insert_content_assignee_;
  statement& remove_content_labels_;
  statement& insert_content_label_;
  statement& remove_item_;
  statement& sweep_items_;
  statement& remove_issue_number_clash_;
  statement& issue_updated_at_;
  statement& touch_issue_;
  statement& upsert_issue_;
  statement& remove_issue_assignees_;
  statement& insert_issue_assignee_;
  statement& remove_issue_labels_;
  statement& insert_issue_label_;
  statement& remove_issue_;
  statement& sweep_issues_;
  statement& set_tracking_;
  statement& remove_tasks_;
  statement& insert_task_;
  statement& state_;
  statement& set_state_;
  statement& next_pass_;
};

}  // namespace roadmapd::store
