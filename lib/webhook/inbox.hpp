// The webhook inbox (table webhook_deliveries): deliveries are committed here before GitHub gets its
// answer, then applied in arrival order. Each call is its own transaction; add() is fsynced
// (synchronous=FULL) so an acknowledged delivery survives a crash or a power cut.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roadmapd::store { class database; }

namespace roadmapd::webhook {

struct delivery {
  long long seq = 0;
  std::string delivery_id;
  std::string event;
  std::optional<std::string> action;
  std::string hook_id;
  std::string received_at;
  std::string payload;
  int attempts = 0;
};

enum class add_outcome { stored, duplicate };

// What add_all() stores: one delivery as it arrived.
struct new_delivery {
  std::string delivery_id;
  std::string event;
  std::optional<std::string> action;
  std::string hook_id;
  std::string payload;
};

class inbox {
 public:
  explicit inbox(store::database& db);

  // Stores a delivery unless its id is already there (GitHub repeats deliveries).
  add_outcome add(std::string_view delivery_id, std::string_view event, const std::optional<std::string>& action,
                  std::string_view hook_id, std::string_view payload);

  // Stores several deliveries in one transaction, with one wait for the disk (group commit).
  // Outcomes in the order given; a delivery id repeated within the batch is a duplicate the second time.
  std::vector<add_outcome> add_all(std::span<const new_delivery> deliveries);

  // The oldest delivery still pending, if any.
  std::optional<delivery> next_pending();
  // Up to `limit` pending deliveries, oldest first.
  std::vector<delivery> pending_batch(int limit);
  void record_attempt(long long seq);
  // Counts an attempt for every pending delivery with first <= seq <= last (one statement), or takes
  // it back from those an interrupted batch did not reach.
  void record_attempts(long long first, long long last);
  void take_back_attempts(long long first, long long last);
  void mark_done(long long seq);
  void mark_failed(long long seq, std::string_view reason);
  void mark_ignored(long long seq, std::string_view reason);

  struct backlog {
    long pending = 0;
    std::optional<std::string> oldest_received_at;  // of the oldest pending delivery
  };
  backlog pending();

  // Drops the payloads of finished deliveries received before now - payload_retention, and whole
  // rows received before now - delivery_retention. Pending deliveries are never touched.
  // Returns the number of rows deleted.
  int purge(std::chrono::system_clock::time_point now, std::chrono::seconds payload_retention,
            std::chrono::seconds delivery_retention);

 private:
  void finish(long long seq, std::string_view status, std::optional<std::string_view> reason);
  store::database& db_;
};

}  // namespace roadmapd::webhook
