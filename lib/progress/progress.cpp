// progress::to_string, describe_count (see progress.hpp).
#include "progress/progress.hpp"

namespace roadmapd::progress {

std::string_view to_string(state s) {
  switch (s) {
    case state::done: return "done";
    case state::dropped: return "dropped";
    case state::slipped: return "slipped";
    case state::blocked: return "blocked";
    case state::stale: return "stale";
    case state::at_risk: return "at-risk";
    case state::on_track: return "on-track";
    case state::unknown: return "unknown";
  }
  return "unknown";
}

std::string describe_count(const result& r) {
  if (r.total == 0) return "nothing to count";
  return std::to_string(r.done) + "/" + std::to_string(r.total) + " (" + std::to_string(r.percent.value_or(0)) + "%, " +
         r.source + ")";
}

}  // namespace roadmapd::progress
