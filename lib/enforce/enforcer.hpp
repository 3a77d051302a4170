// The enforcer: judges items (all of them, or the ones a sync pass or a webhook changed), plans what
// must change on GitHub and sends it within the action budget, recording every decision and every
// mutation. Dry run decides and records, and sends nothing. Runs on the daemon's loop; one run at a
// time (run() calls must not overlap).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "enforce/github_actions.hpp"
#include "store/database.hpp"

namespace roadmapd::enforce {

struct run_summary {
  int judged = 0;           // items the rules looked at
  int decided = 0;          // issues, PRs and drafts whose findings changed (audited)
  int sent = 0;             // mutations GitHub accepted
  int failed = 0;           // mutations that failed (audited with the cause; retried on a later run)
  int dry_run = 0;          // actions decided but not sent (dry run)
  int deferred = 0;         // actions held back by the action budget
  // When deferred > 0: when the budget allows the next action, and which items wait for it.
  std::optional<std::chrono::system_clock::time_point> retry_at;
  std::vector<std::string> retry_items;
  // After a run over every item: each board's layout checks ("goals-card", "goals-themes"), passed or not.
  struct board_check {
    std::string board, check;
    bool ok = true;
  };
  std::vector<board_check> board_checks;
};

class enforcer {
 public:
  // db and actions must outlive the enforcer (and `settings` too, in the second form).
  enforcer(config::shared_settings settings, store::database& db, github_actions& actions);
  enforcer(const config::settings& settings, store::database& db, github_actions& actions)
      : enforcer(config::borrow(settings), db, actions) {}
  ~enforcer();

  // Judges `item_ids` (board item ids; nullopt = every item of every configured board) and acts.
  boost::asio::awaitable<run_summary> run(std::optional<std::vector<std::string>> item_ids = std::nullopt);

  // Publishes a report as roadmapd's one report comment on an issue (marked, found again and edited in
  // place; never a new comment per report), within the action budget and [rules] dry_run, audited as
  // "publish-report". `content_id`: the node id; `ref`: "owner/name#number", for the audit.
  struct publish_outcome {
    std::string outcome;  // sent, unchanged, dry-run, deferred, failed
    std::string detail;   // the cause of a failure, when deferred until when
  };
  boost::asio::awaitable<publish_outcome> publish_report(std::string content_id, std::string ref, std::string markdown);

  // Shutting down: a run in progress ends after the item in hand; what it did not reach is planned
  // again, from the recorded state, by the next run (after a restart).
  void stop();

  // The settings changed (config reload): the next run judges with them (a run in progress
  // finishes with its own); the budget takes the new caps and keeps what it has spent.
  void reconfigure(config::shared_settings settings);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace roadmapd::enforce
