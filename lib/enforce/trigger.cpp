// The enforcer's trigger (see trigger.hpp).
#include "enforce/trigger.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace roadmapd::enforce {

namespace asio = boost::asio;

trigger::trigger(asio::any_io_executor ex, enforcer& e) : enforcer_(e), wake_(std::move(ex)) {}

void trigger::items_changed(const std::vector<std::string>& item_ids) {
  if (!started_) return;  // the first everything() judges these too
  pending_.insert(item_ids.begin(), item_ids.end());
  wake_.cancel();
}

void trigger::everything() {
  started_ = true;
  all_ = true;
  wake_.cancel();
}

void trigger::stop() {
  stopping_ = true;
  wake_.cancel();
}

asio::awaitable<void> trigger::run() {
  while (!stopping_) {
    const auto now = std::chrono::system_clock::now();
    if (deferred_at_ && now >= *deferred_at_) {
      pending_.insert(deferred_.begin(), deferred_.end());
      deferred_.clear();
      deferred_at_.reset();
    }
    if (all_ || !pending_.empty()) {
      std::optional<std::vector<std::string>> ids;
      if (!all_) ids.emplace(pending_.begin(), pending_.end());
      all_ = false;
      pending_.clear();
      const auto summary = co_await enforcer_.run(std::move(ids));
      if (summary.retry_at) {
        deferred_.insert(summary.retry_items.begin(), summary.retry_items.end());
        deferred_at_ = deferred_at_ ? std::min(*deferred_at_, *summary.retry_at) : *summary.retry_at;
      }
      if (observer_) observer_(summary);
      continue;
    }
    if (deferred_at_) {
      wake_.expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(*deferred_at_ - now));
    } else {
      wake_.expires_at(asio::steady_timer::time_point::max());
    }
    co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace roadmapd::enforce
