// The change log's writer: store::change_log for the mirror, appending to the `changes` table what a
// write changed (docs/schema.md, "Change log"). Boards and repositories are tracked from the end of
// their first complete read on (the baseline, marked by a 'history-start' row); before that their
// writes are not compared at all, which keeps a first sync as fast as without history.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "history/snapshot.hpp"
#include "store/change_log.hpp"
#include "store/database.hpp"

namespace roadmapd::history {

class recorder : public store::change_log {
 public:
  // `db` must outlive the recorder. Reads which boards and repositories are tracked already.
  explicit recorder(store::database& db);

  void before_items(std::span<const std::string> item_ids) override;
  void after_items(std::span<const std::string> item_ids, store::write_source source,
                   std::string_view observed_at) override;
  void before_issues(std::span<const std::string> issue_ids) override;
  void after_issues(std::span<const std::string> issue_ids, store::write_source source,
                    std::string_view observed_at) override;
  void board_read(std::string_view project_id, std::string_view observed_at) override;
  void repository_read(std::string_view repo, bool pull_requests, std::string_view observed_at) override;

  bool tracks_board(std::string_view project_id) const override;
  bool tracks_repository(std::string_view repo, bool pull_requests) const override;

  // Deletes rows recorded before `before` (the [history] retention); the history-start rows stay, so
  // a board is never taken for new. Returns how many went.
  int purge(std::chrono::system_clock::time_point before);

 private:
  struct row {
    std::string at, board, project_id, item_id, content_id, content_ref, kind, attribute;
    std::optional<std::string> old_value, new_value;
  };
  void append(const row& r, store::write_source source);
  void compare(const std::string& id, const std::optional<item_state>& before, const std::optional<item_state>& after,
               store::write_source source, const std::string& observed_at);
  void compare(const std::string& id, const std::optional<issue_state>& before, const std::optional<issue_state>& after,
               store::write_source source, const std::string& observed_at);

  store::database& db_;
  std::set<std::string, std::less<>> boards_;        // project ids whose history has started
  std::set<std::string, std::less<>> repositories_;  // "owner/name issues", "owner/name pull_requests" (lower case)
  std::unordered_map<std::string, std::optional<item_state>> items_before_;
  std::unordered_map<std::string, std::optional<issue_state>> issues_before_;
};

}  // namespace roadmapd::history
