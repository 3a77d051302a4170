// forecast (see forecast.hpp).
#include "progress/forecast.hpp"

#include "util/time.hpp"

namespace roadmapd::progress {

std::optional<std::string> forecast(const std::vector<progress_point>& history, std::chrono::system_clock::time_point now,
                                    std::chrono::seconds window) {
  if (history.empty()) return std::nullopt;
  const auto& current = history.back();
  if (current.total <= 0 || current.done >= current.total) return std::nullopt;
  // The window's first point: the last one at or before its start, else the oldest inside it.
  const auto start = now - window;
  const progress_point* first = &history.front();
  for (const auto& p : history) {
    if (p.at <= start) first = &p;
  }
  const double days = std::chrono::duration<double>(now - first->at).count() / 86400.0;
  const int gained = current.done - first->done;
  if (days <= 0 || gained <= 0) return std::nullopt;
  const double pace = gained / days;  // items a day
  const double left = (current.total - current.done) / pace;
  const auto when = now + std::chrono::duration_cast<std::chrono::seconds>(std::chrono::duration<double>(left * 86400.0));
  return util::to_iso8601(when).substr(0, 10);
}

}  // namespace roadmapd::progress
