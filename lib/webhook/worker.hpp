// The webhook worker: a coroutine on the daemon's io_context that applies the inbox's deliveries in
// arrival order and marks each done, ignored (with why) or failed (with the cause). It resumes what
// is pending at start (crash recovery), sleeps until notify() when the inbox is empty, retries
// deliveries that failed because GitHub could not be reached, and purges old deliveries on schedule.
// Throws (out of run) only when the database itself fails.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
namespace roadmapd::github { class graphql_client; }
namespace roadmapd::store { class database; }

namespace roadmapd::webhook {

class inbox;
struct delivery;

struct worker_options {
  // Attempts at a delivery whose GitHub read fails before it is marked failed. Attempts are counted
  // in the inbox, so one that crashes the daemon is also given up after this many restarts.
  int max_attempts = 5;
  std::chrono::milliseconds retry_base{5'000};  // wait before the 2nd attempt; doubles, up to retry_max
  std::chrono::milliseconds retry_max{300'000};
  std::chrono::seconds purge_interval{3600};
  // Deliveries applied per transaction when the inbox has a backlog.
  int batch_size = 64;
  std::chrono::seconds payload_retention{3 * 86400};   // [webhook] payload_retention
  std::chrono::seconds delivery_retention{7 * 86400};  // [webhook] delivery_retention
};

enum class delivery_outcome { done, ignored, failed, retry };
std::string_view to_string(delivery_outcome o);

class worker {
 public:
  // All references must outlive the worker. The worker keeps its own store::mirror on `db`.
  worker(boost::asio::any_io_executor ex, inbox& box, config::shared_settings settings,
         github::graphql_client& client, store::database& db, worker_options options = {});
  worker(boost::asio::any_io_executor ex, inbox& box, const config::settings& settings,
         github::graphql_client& client, store::database& db, worker_options options = {})
      : worker(std::move(ex), box, config::borrow(settings), client, db, options) {}
  ~worker();
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  // Called after each applied delivery with the ids of the board items it changed (never empty);
  // the seam for rule enforcement, like sync::engine::on_items_changed.
  void on_items_changed(std::function<void(const std::vector<std::string>&)> listener);
  // How to ask for a sync pass soon (scheduler::request_pass): used when a delivery says something
  // the mirror can only learn by re-reading a board (an item was reordered).
  void on_pass_wanted(std::function<void()> request_pass);
  // Called after each delivery's attempt (metrics): its event, the outcome, and how long applying took.
  void on_processed(std::function<void(const delivery&, delivery_outcome, std::chrono::steady_clock::duration)> observer);

  // Purges, then applies deliveries until stop(); waits for notify() when there is nothing to do.
  boost::asio::awaitable<void> run();
  // A delivery was committed to the inbox (the intake calls this after each add).
  void notify();
  // Ends run() after the delivery in hand (a pending retry wait ends at once).
  void stop();
  // A config reload: the next batch is judged with `settings` (which repositories and boards are
  // mirrored); the batch in hand finishes with the settings it started with.
  void reconfigure(config::shared_settings settings, worker_options options);

  // Applies pending deliveries, waiting out retries, until the inbox has none left (or stop()).
  // Returns how many deliveries it finished. run() uses it; tests call it directly.
  boost::asio::awaitable<int> drain();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace roadmapd::webhook
