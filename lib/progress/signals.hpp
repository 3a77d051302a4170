// What the progress model reads from the mirror about an item: its issue's row, the issue's task
// list, its sub-issues, the pull requests that close it, the change-log rows of the item and of the
// issue, and the state of any issue it names as a dependency.
//
// Two ways to read, one set of row readers: on demand, a few indexed lookups per item (a model asked
// about a handful of issues); or read_all(), one scan per table (lint, a report, a pass: every item
// of the mirror, where thousands of small lookups cost many times the plain scan).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"
#include "util/text.hpp"

namespace roadmapd::progress {

struct issue_row {
  std::string id, state, state_reason, last_comment_at, created_at;
  bool tracking = false;
  int sub_total = 0, sub_completed = 0;
};

struct task_row {
  bool checked = false;
  std::string text;       // as written
  std::string ref;        // "owner/name#n" it references, "" when none
  bool resolved = false;  // the referenced issue or pull request is mirrored
  std::string ref_state;  // its state when resolved
  bool ref_is_pull_request = false;
};

struct child_row {
  std::string ref, state, updated_at;  // a sub-issue: "owner/name#n", its state, GitHub's last update
};

struct linked_pr_row {
  std::string state, updated_at;  // a pull request GitHub links as closing the issue
};

struct change_row {
  long seq = 0;
  bool tracking = false;  // kind "tracking" (a task-list or sub-issue series), else "field"
  std::string at, attribute, old_value, new_value;
};

class signals {
 public:
  explicit signals(store::database& db);  // db must outlive it

  // Every row of the tables the model reads, at once; later calls answer from memory. `from`: read
  // through another connection to the same mirror (a reader on another thread), kept only while
  // reading.
  void read_all();
  void read_all(store::database& from);

  const issue_row* issue(const std::string& id);
  const std::vector<task_row>& tasks(const std::string& issue_id);
  const std::vector<child_row>& children(const std::string& issue_id);
  const std::vector<linked_pr_row>& linked_pull_requests(const std::string& issue_id);
  // The item's own progress and field rows and its issue's (not those of other boards' items
  // showing the same issue), in the order they were written, each handed to `visit`: merged as
  // they are visited, never copied (a report visits every item's rows).
  void each_change(const std::string& item_id, const std::string& content_id,
                   const std::function<void(const change_row&)>& visit);
  // The time of the newest change of the item or its issue that is work on it (not roadmapd's own
  // labels and moves), "" when none.
  std::string last_work(const std::string& item_id, const std::string& content_id);
  // The state of repo#number when it is mirrored (the repository compared as GitHub does, ignoring
  // case).
  std::optional<std::string> state_of(const std::string& repo, int number);

 private:
  template <typename Row>
  using table = std::unordered_map<std::string, std::vector<Row>>;
  // An item's (or an issue's) change rows the model reads, and the newest time of work on it.
  struct history {
    std::vector<change_row> rows;
    std::string newest_work;
  };
  // Looked up by the text SQLite hands out, without a string made for each row.
  using histories = std::unordered_map<std::string, history, util::text_hash, std::equal_to<>>;

  void read_issues(const std::string& where, const std::string& id);
  void read_tasks(const std::string& where, const std::string& id);
  void read_children(const std::string& where, const std::string& id);
  void read_linked(const std::string& where, const std::string& id);
  void read_changes(const std::string& where, const std::string& id);
  const history* history_of(histories& table, const std::string& id, const std::string& filter);

  store::database* db_;
  bool all_ = false;
  std::unordered_map<std::string, std::optional<issue_row>> issues_;  // nullopt: looked up, not mirrored
  std::unordered_map<std::string, std::optional<std::string>> states_;  // "owner/name#n", lower case
  table<task_row> tasks_;
  table<child_row> children_;
  table<linked_pr_row> linked_;
  histories item_changes_, content_changes_;
};

}  // namespace roadmapd::progress
