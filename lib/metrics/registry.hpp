// The daemon's Prometheus metrics (docs/metrics.md) behind plain calls, so the rest of the code never
// includes prometheus-cpp. One registry per daemon; every method is safe from any thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace roadmapd::metrics {

class registry {
 public:
  registry();
  ~registry();
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  // Webhooks. outcome: accepted, duplicate, rejected_signature, rejected_bad_request, too_large
  // (at intake), applied, failed, ignored (by the worker).
  void delivery(std::string_view event, std::string_view outcome);
  void inbox(long pending, double oldest_pending_age_seconds);
  void apply_latency(double seconds);

  // Sync passes: a counter by kind (full, incremental) and outcome (ok, failed), a duration
  // histogram by kind, and the time of the last successful pass.
  void sync_pass(bool full, bool ok, double seconds);
  // GitHub API requests. outcome: ok, retried, secondary_limit, failed.
  void github_request(std::string_view outcome);
  void rate_limit_remaining(long remaining);

  // Board-level guideline checks (issue 4): 1 while `check` passes on `board`, 0 while it fails.
  void board_check(std::string_view board, std::string_view check, bool ok);
  // Enforcement: actions by outcome (sent, failed, deferred, dry_run), and items whose findings changed.
  void rule_actions(std::string_view outcome, long count);
  void findings_changed(long count);

  // Config reloads (SIGHUP): a counter by outcome, whether the last one was applied in full (1; 0
  // while the file on disk is broken or a change in it could not be applied) and when the running
  // config was last loaded (in full or in part).
  enum class reload_outcome { applied, partial, refused };
  void config_reload(reload_outcome outcome);

  // roadmapd_build_info{version, revision} 1: set once at start.
  void build_info(std::string_view version, std::string_view revision);
  // A connection refused at a listener's connection cap (listener: webhook, admin).
  void connection_refused(std::string_view listener);

  // Everything in the Prometheus text exposition format 0.0.4 (Content-Type: content_type).
  std::string render() const;
  static constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace roadmapd::metrics
