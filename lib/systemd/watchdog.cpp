// watchdog (see watchdog.hpp).
#include "systemd/watchdog.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace roadmapd::systemd {

namespace asio = boost::asio;

watchdog::watchdog(asio::any_io_executor ex, notifier& n) : notifier_(n), timer_(ex) {
  if (n.enabled() && n.watchdog_interval()) period_ = *n.watchdog_interval() / 2;
}

asio::awaitable<void> watchdog::run() {
  if (period_.count() == 0) co_return;
  while (!stopped_) {
    notifier_.watchdog();
    timer_.expires_after(period_);
    // Cancelled by stop(); any other wake-up just sends the next keep-alive.
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

void watchdog::stop() {
  stopped_ = true;
  timer_.cancel();
}

}  // namespace roadmapd::systemd
