// The waiting rules of rate_limiter; see GITHUB-NOTES.md "GraphQL limits" and "Secondary limits".
#include "github/rate_limiter.hpp"

#include <algorithm>

namespace roadmapd::github {
namespace {

using std::chrono::milliseconds;

milliseconds until(wall_clock::time_point then, wall_clock::time_point now) {
  if (then <= now) return milliseconds{0};
  return std::chrono::ceil<milliseconds>(then - now);
}

}  // namespace

void rate_limiter::observe_headers(std::optional<long> limit, std::optional<long> remaining,
                                   std::optional<wall_clock::time_point> reset_at) {
  if (remaining && remaining_ && reset_at && reset_at_ && *reset_at == *reset_at_ && *remaining_ > *remaining) {
    last_cost_ = *remaining_ - *remaining;
  }
  if (limit) limit_ = limit;
  if (remaining) remaining_ = remaining;
  if (reset_at) reset_at_ = reset_at;
}

void rate_limiter::observe_cost(long cost, std::optional<long> remaining,
                                std::optional<wall_clock::time_point> reset_at) {
  last_cost_ = std::max(1L, cost);
  if (remaining) remaining_ = remaining;
  if (reset_at) reset_at_ = reset_at;
}

milliseconds rate_limiter::wait_before_request(wall_clock::time_point now) const {
  milliseconds wait = until(paused_until_, now);
  // A reset time in the past means the budget was refilled since we last heard.
  if (remaining_ && reset_at_ && *reset_at_ > now && (*remaining_ <= 0 || *remaining_ < last_cost_)) {
    wait = std::max(wait, until(*reset_at_ + std::chrono::seconds(1), now));
  }
  return wait;
}

milliseconds rate_limiter::on_secondary_limit(const limit_hint& hint, wall_clock::time_point now) {
  ++consecutive_secondary_hits_;
  milliseconds pause;
  if (hint.retry_after) {
    pause = *hint.retry_after;
  } else if (hint.budget_exhausted && hint.reset_at && *hint.reset_at > now) {
    remaining_ = 0;
    reset_at_ = hint.reset_at;
    pause = until(*hint.reset_at + std::chrono::seconds(1), now);
  } else {
    // secondary_limit_wait, 2x, 4x, ... capped at backoff_max, never below secondary_limit_wait.
    int doublings = std::min(consecutive_secondary_hits_ - 1, 20);
    milliseconds grown = std::chrono::duration_cast<milliseconds>(settings_.secondary_limit_wait) * (1L << doublings);
    pause = std::max<milliseconds>(settings_.secondary_limit_wait, std::min<milliseconds>(grown, settings_.backoff_max));
  }
  paused_until_ = std::max(paused_until_, now + pause);
  return pause;
}

}  // namespace roadmapd::github
