// When the enforcer runs: after a sync pass or an applied webhook for the items they changed, over
// everything after the first successful pass (and after a config reload), and again when the action
// budget lets deferred work through. Collects what arrives while a run is going and runs once more
// for all of it. A coroutine on the daemon's loop, so runs never overlap.
//
// Nothing is judged before the first everything(), which the daemon calls after the first complete
// sync pass: changes reported before that (pages of the first pass, webhooks arriving during it)
// are covered by that judgement of every item, and judging them earlier would plan writes from a
// half-read mirror.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "enforce/enforcer.hpp"

namespace roadmapd::enforce {

class trigger {
 public:
  trigger(boost::asio::any_io_executor ex, enforcer& e);

  void items_changed(const std::vector<std::string>& item_ids);  // judge these soon (once started)
  void everything();                                             // judge every item soon; starts judging
  bool started() const { return started_; }
  void on_run(std::function<void(const run_summary&)> observer) { observer_ = std::move(observer); }

  boost::asio::awaitable<void> run();  // until stop()
  void stop();

 private:
  enforcer& enforcer_;
  boost::asio::steady_timer wake_;
  std::set<std::string> pending_;
  bool all_ = false;
  bool started_ = false;
  bool stopping_ = false;
  std::set<std::string> deferred_;                                // waiting for the budget
  std::optional<std::chrono::system_clock::time_point> deferred_at_;
  std::function<void(const run_summary&)> observer_;
};

}  // namespace roadmapd::enforce
