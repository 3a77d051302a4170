// The action budget (see budget.hpp).
#include "enforce/budget.hpp"

#include <algorithm>

namespace roadmapd::enforce {

using namespace std::chrono_literals;

budget::budget(int per_minute, int per_hour) : per_minute_(std::max(1, per_minute)), per_hour_(std::max(1, per_hour)) {}

void budget::seed(const std::vector<clock::time_point>& sent) {
  for (const auto t : sent) sent_.push_back(t);
  std::sort(sent_.begin(), sent_.end());
}

void budget::forget_before(clock::time_point now) {
  while (!sent_.empty() && sent_.front() <= now - 1h) sent_.pop_front();
}

bool budget::take(clock::time_point now) {
  if (next_free(now) > now) return false;
  sent_.push_back(now);
  return true;
}

budget::clock::time_point budget::next_free(clock::time_point now) {
  forget_before(now);
  clock::time_point at = now;
  if (static_cast<int>(sent_.size()) >= per_hour_) {
    // The oldest that must leave the hour window before one more fits.
    at = std::max(at, sent_[sent_.size() - per_hour_] + 1h);
  }
  const auto in_minute = std::count_if(sent_.begin(), sent_.end(), [&](auto t) { return t > now - 1min; });
  if (in_minute >= per_minute_) {
    at = std::max(at, sent_[sent_.size() - per_minute_] + 1min);
  }
  return at;
}

}  // namespace roadmapd::enforce
