// What the mirror tells the change log (lib/history) about its writes. The mirror calls before_*
// with the ids it is about to write or remove and after_* with the same ids once it has, inside the
// writer's transaction and with no wait in between; the log compares the two states and appends
// what changed to the `changes` table. Optional: a database without one keeps no history.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace roadmapd::store {

// Who made a write: a sync pass (incremental or full), a webhook delivery, or roadmapd's own change
// on GitHub reflected at once (a label it added, an item it moved).
enum class write_source { poll, full_resync, webhook, roadmapd };
std::string_view to_string(write_source s);

class change_log {
 public:
  virtual ~change_log() = default;
  // `observed_at`: when GitHub answered the read that showed it (ISO-8601), the time of a change
  // GitHub gives none for (a removal, the start of a history); "" when not read from GitHub (a
  // webhook): then the log's own clock.
  virtual void before_items(std::span<const std::string> item_ids) = 0;
  virtual void after_items(std::span<const std::string> item_ids, write_source source, std::string_view observed_at) = 0;
  virtual void before_issues(std::span<const std::string> issue_ids) = 0;
  virtual void after_issues(std::span<const std::string> issue_ids, write_source source, std::string_view observed_at) = 0;
  // A complete read of a board (repository) ended: the first one starts its history.
  virtual void board_read(std::string_view project_id, std::string_view observed_at) = 0;
  virtual void repository_read(std::string_view repo, bool pull_requests, std::string_view observed_at) = 0;
  // Whether writes to this board (repository) are compared at all: not before its first complete
  // read, so that a first sync costs no comparisons.
  virtual bool tracks_board(std::string_view project_id) const = 0;
  virtual bool tracks_repository(std::string_view repo, bool pull_requests) const = 0;
};

}  // namespace roadmapd::store
