// When an item will be done at the pace it has kept: a straight line through its progress over a
// window (default 12 weeks) back from now. Simple on purpose, so a reader can redo it by hand:
// pace = (done now - done at the window's first point) / the days between; days left = (total -
// done now) / pace. No pace (nothing done in the window) gives no forecast.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace roadmapd::progress {

struct progress_point {
  std::chrono::system_clock::time_point at;
  int done = 0, total = 0;
};

// `history` oldest first, its last point the state now (at `now`). The date (YYYY-MM-DD, UTC) the
// item reaches its total, or nullopt.
std::optional<std::string> forecast(const std::vector<progress_point>& history, std::chrono::system_clock::time_point now,
                                    std::chrono::seconds window);

}  // namespace roadmapd::progress
