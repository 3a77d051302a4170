// GitHub's primary budget and secondary limits as seen by one client. Pure bookkeeping: every method
// takes the current time and answers how long to wait; the client does the sleeping. A pause set by
// a secondary limit holds back every request through the client, not only the refused one.
#pragma once

#include <chrono>
#include <optional>

namespace roadmapd::github {

using wall_clock = std::chrono::system_clock;  // GitHub's reset times are epoch seconds

// What a refused answer said about when to come back.
struct limit_hint {
  std::optional<std::chrono::seconds> retry_after;      // Retry-After header
  bool budget_exhausted = false;                        // x-ratelimit-remaining: 0
  std::optional<wall_clock::time_point> reset_at;       // x-ratelimit-reset
};

class rate_limiter {
 public:
  struct settings {
    std::chrono::seconds secondary_limit_wait{60};
    std::chrono::seconds backoff_max{300};
  };

  explicit rate_limiter(settings s) : settings_(s) {}
  // New waits from the next hit on; what GitHub said so far (budget, pauses) stays.
  void set_settings(settings s) { settings_ = s; }

  // The x-ratelimit-* headers of any answer (absent ones as nullopt). When the reset time did not
  // change, a drop in remaining is taken as the cost of the request just made.
  void observe_headers(std::optional<long> limit, std::optional<long> remaining,
                       std::optional<wall_clock::time_point> reset_at);
  // data.rateLimit { cost remaining resetAt }, when the query asked for it.
  void observe_cost(long cost, std::optional<long> remaining, std::optional<wall_clock::time_point> reset_at);

  // How long to hold the next request: until a pause ends, or until the budget resets (+1 s) when
  // what is left would not cover another request like the last one. Zero when free to go.
  std::chrono::milliseconds wait_before_request(wall_clock::time_point now) const;

  // A secondary limit (403/429 or RATE_LIMITED): Retry-After if given, else the budget reset when
  // exhausted, else max(secondary_limit_wait, a backoff doubling with each consecutive hit).
  // Pauses every request; returns the pause.
  std::chrono::milliseconds on_secondary_limit(const limit_hint& hint, wall_clock::time_point now);
  // An answer that was not refused ends a run of consecutive secondary hits.
  void on_success() { consecutive_secondary_hits_ = 0; }

  std::optional<long> remaining() const { return remaining_; }
  std::optional<long> limit() const { return limit_; }
  std::optional<wall_clock::time_point> reset_at() const { return reset_at_; }
  wall_clock::time_point paused_until() const { return paused_until_; }
  long last_cost() const { return last_cost_; }
  int consecutive_secondary_hits() const { return consecutive_secondary_hits_; }

 private:
  settings settings_;
  std::optional<long> limit_;
  std::optional<long> remaining_;
  std::optional<wall_clock::time_point> reset_at_;
  wall_clock::time_point paused_until_{};
  long last_cost_ = 1;
  int consecutive_secondary_hits_ = 0;
};

}  // namespace roadmapd::github
