// The sync engine: one pass brings the mirror up to date with GitHub for every configured board and
// repository. Incremental passes cost one probe request when nothing changed; full passes re-read
// everything and remove what GitHub no longer has. Throws only on bugs and broken storage.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"

namespace roadmapd::github { class graphql_client; }
namespace roadmapd::store { class database; }

namespace roadmapd::sync {

enum class pass_kind { automatic, incremental, full };

struct target_report {
  std::string target;        // "board apache/1", "repository apache/tvm"
  bool ok = true;
  bool changed = false;      // anything was re-read
  std::string error;         // why it failed, for the log and the exit message
  int items_written = 0;
  int issues_written = 0;
  int removed = 0;
  std::vector<std::string> warnings;  // nodes GitHub could not give (partial answers)

  void fail(std::string why) {
    ok = false;
    error = std::move(why);
  }
};

struct pass_report {
  bool full = false;
  std::vector<target_report> targets;
  long requests = 0;
  long points = 0;
  std::chrono::milliseconds duration{0};

  bool ok() const;
  std::string first_error() const;   // "" when ok()
  std::string summary() const;       // one log line
};

class engine {
 public:
  engine(config::shared_settings settings, github::graphql_client& client, store::database& db);
  engine(const config::settings& settings, github::graphql_client& client, store::database& db)
      : engine(config::borrow(settings), client, db) {}
  ~engine();

  // A config reload: the next pass syncs the boards and repositories of `settings`; a pass already
  // running finishes with the settings it started with.
  void reconfigure(config::shared_settings settings);

  // Called once at the end of each pass with the ids of the board items it wrote (or whose issue or
  // pull request it wrote), whether or not the pass succeeded; the seam for rule enforcement.
  void on_items_changed(std::function<void(const std::vector<std::string>&)> listener);

  boost::asio::awaitable<pass_report> run_pass(pass_kind kind = pass_kind::automatic);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace roadmapd::sync
