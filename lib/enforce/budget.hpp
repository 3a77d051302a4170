// The action budget: at most per_minute mutations in any 60 s and per_hour in any hour, below
// GitHub's secondary limits for content-creating requests (80 a minute, 500 an hour). Sliding
// windows, so a burst at the end of one minute and the start of the next still counts as one minute.
#pragma once

#include <chrono>
#include <deque>
#include <vector>

namespace roadmapd::enforce {

class budget {
 public:
  using clock = std::chrono::system_clock;
  budget(int per_minute, int per_hour);

  // Mutations sent before (read back from the audit after a restart), oldest first.
  void seed(const std::vector<clock::time_point>& sent);
  // Takes one action's worth if both windows allow it at `now`.
  bool take(clock::time_point now);
  // When the next action will be allowed (now when it already is).
  clock::time_point next_free(clock::time_point now);

 private:
  void forget_before(clock::time_point now);
  int per_minute_, per_hour_;
  std::deque<clock::time_point> sent_;  // within the last hour, oldest first
};

}  // namespace roadmapd::enforce
