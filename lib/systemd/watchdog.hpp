// The watchdog keep-alive: a coroutine on the daemon's io_context that sends WATCHDOG=1 every half
// WatchdogSec=. It runs on the loop on purpose: when the loop is stuck the keep-alives stop and
// systemd restarts the service. Does nothing (run() returns at once) when no watchdog is expected.
#pragma once

#include <chrono>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "systemd/notifier.hpp"

namespace roadmapd::systemd {

class watchdog {
 public:
  // Uses n.watchdog_interval(); call run() and stop() on the loop's thread.
  watchdog(boost::asio::any_io_executor ex, notifier& n);

  // The period between keep-alives: half the interval, or zero when there is no watchdog.
  std::chrono::microseconds period() const { return period_; }

  // Sends WATCHDOG=1 now and every period() until stop().
  boost::asio::awaitable<void> run();
  void stop();

 private:
  notifier& notifier_;
  boost::asio::steady_timer timer_;
  std::chrono::microseconds period_{0};
  bool stopped_ = false;
};

}  // namespace roadmapd::systemd
