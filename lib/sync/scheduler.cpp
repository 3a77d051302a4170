// The pass loop (see scheduler.hpp).
#include "sync/scheduler.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "sync/engine.hpp"

namespace roadmapd::sync {

namespace net = boost::asio;

struct scheduler::impl {
  net::steady_timer timer;
  engine& eng;
  std::chrono::seconds interval;
  bool stopped = false;
  bool requested = false;
  std::function<void(const pass_report&)> observer;

  impl(net::any_io_executor ex, engine& e, std::chrono::seconds i) : timer(ex), eng(e), interval(i) {}
};

scheduler::scheduler(net::any_io_executor ex, engine& eng, std::chrono::seconds interval)
    : impl_(std::make_unique<impl>(ex, eng, interval)) {}

scheduler::~scheduler() = default;

std::chrono::seconds scheduler::delay_after(int failures, std::chrono::seconds interval) {
  if (failures <= 0) return interval;
  // 15 s, 30 s, 60 s, ... but never longer than the normal interval.
  const auto backoff = std::chrono::seconds(15) * (1L << std::min(failures - 1, 10));
  return std::min(backoff, interval);
}

net::awaitable<void> scheduler::run() {
  auto& m = *impl_;
  int failures = 0;
  while (!m.stopped) {
    m.requested = false;
    auto report = co_await m.eng.run_pass();
    if (m.observer) m.observer(report);
    if (report.ok()) {
      failures = 0;
      spdlog::info("{}", report.summary());
    } else {
      ++failures;
      // A warning: the daemon goes on and tries again (an error would be a pass it cannot recover from).
      spdlog::warn("sync pass failed: {} ({})", report.first_error(), report.summary());
    }
    for (const auto& t : report.targets) {
      for (const auto& w : t.warnings) spdlog::warn("{}: {}", t.target, w);
    }
    if (m.stopped) break;
    if (m.requested) continue;
    const auto delay = delay_after(failures, m.interval);
    if (failures) spdlog::info("next pass in {} s", delay.count());
    m.timer.expires_after(delay);
    co_await m.timer.async_wait(net::as_tuple(net::use_awaitable));
  }
}

void scheduler::request_pass() {
  impl_->requested = true;
  impl_->timer.cancel();
}

void scheduler::on_pass(std::function<void(const pass_report&)> observer) { impl_->observer = std::move(observer); }

void scheduler::set_interval(std::chrono::seconds interval) { impl_->interval = interval; }

void scheduler::stop() {
  impl_->stopped = true;
  impl_->timer.cancel();
}

}  // namespace roadmapd::sync
