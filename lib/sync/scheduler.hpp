// Runs sync passes forever on the io_context: one every `sync.interval`, a full one when
// `sync.full_resync` has passed, and after a failure a shorter, growing back-off. Never exits on a
// failed pass; `stop()` ends it. `request_pass()` is the seam for webhooks: run a pass now.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace roadmapd::sync {

class engine;
struct pass_report;

class scheduler {
 public:
  scheduler(boost::asio::any_io_executor ex, engine& engine, std::chrono::seconds interval);
  ~scheduler();

  boost::asio::awaitable<void> run();
  void request_pass();
  // Called after every pass (metrics).
  void on_pass(std::function<void(const pass_report&)> observer);
  void stop();
  // A config reload: the wait after the pass in progress uses `interval`.
  void set_interval(std::chrono::seconds interval);

  // Delay before the next pass after `failures` consecutive failed passes (0: the interval).
  static std::chrono::seconds delay_after(int failures, std::chrono::seconds interval);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace roadmapd::sync
