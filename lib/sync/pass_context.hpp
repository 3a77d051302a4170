// What the parts of one sync pass share: settings, the GitHub client, the store. Internal to sync/.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <chrono>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "github/graphql_client.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "sync/engine.hpp"
#include "sync/variables.hpp"
#include "util/result.hpp"

namespace roadmapd::sync {

struct pass_context {
  const config::settings& settings;
  github::graphql_client& client;
  store::database& db;
  store::mirror& mirror;
  // Board items this pass wrote (or whose issue it wrote): told to the engine's listener once, when
  // the whole pass is done, so that nothing is judged on a half-read mirror.
  std::set<std::string> changed_items;

  // Sends one query. An answer without `data` is an error; per-node errors stay in the answer.
  boost::asio::awaitable<result<github::graphql_response>> query(std::string_view document, const variables& vars);
};

// What one read (a board, a repository's issues or pull requests) has done so far, logged while a
// pass runs: each page at debug, every tenth at info (a first read of a large board takes minutes),
// and the whole read at info when it ends, with its rate-limit points.
class read_progress {
 public:
  read_progress(const pass_context& ctx, std::string target, std::string unit);
  void page(int written);  // one more page, with what it wrote
  void finish() const;     // the read is complete

 private:
  const pass_context& ctx_;
  std::string target_, unit_;
  int pages_ = 0, written_ = 0;
  long points_at_start_;
  std::chrono::steady_clock::time_point started_;
};

// When GitHub answered, to the second ("2026-12-04T10:00:00Z"): its Date header, else this machine's
// clock. A read whose answer came in a later second than the newest updatedAt it saw has seen every
// edit of that second (GitHub's times have second precision); one in the same second has not.
std::string answered_at(const github::graphql_response& answer);

// Whether a read that saw `newest` as its newest updatedAt, answered at `read_at`, may have missed
// an edit made later in that same second, so that the change probe cannot tell by comparing times.
bool same_second_edits_possible(const std::string& newest, const std::optional<std::string>& read_at);

// Re-reads one board (fields and all items) and removes items that left it.
boost::asio::awaitable<void> sync_board(pass_context& ctx, const config::project_settings& board, target_report& report);

// Reads a repository's issues (or pull requests) updated since the stored watermark; `full` reads all
// of them and removes the ones GitHub no longer lists there (deleted or transferred).
boost::asio::awaitable<void> sync_repository(pass_context& ctx, const config::repository_settings& repo,
                                             bool pull_requests, bool full, target_report& report);

}  // namespace roadmapd::sync
