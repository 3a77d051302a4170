// An asynchronous first-come-first-served lock for coroutines on one thread: lets one request at a
// time through a shared resource (a connection, a rate budget) without blocking the thread.
#pragma once

#include <deque>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

namespace roadmapd::net {

class turnstile {
 public:
  explicit turnstile(boost::asio::any_io_executor ex) : ex_(std::move(ex)) {}

  // Leaves the turnstile when destroyed.
  class pass {
   public:
    explicit pass(turnstile* t) : t_(t) {}
    pass(pass&& o) noexcept : t_(o.t_) { o.t_ = nullptr; }
    pass(const pass&) = delete;
    pass& operator=(const pass&) = delete;
    pass& operator=(pass&&) = delete;
    ~pass() {
      if (t_ != nullptr) t_->leave();
    }

   private:
    turnstile* t_;
  };

  // Completes when it is the caller's turn. The turnstile must outlive the pass.
  boost::asio::awaitable<pass> enter();
  bool busy() const { return busy_; }

 private:
  void leave();

  boost::asio::any_io_executor ex_;
  bool busy_ = false;
  std::deque<std::shared_ptr<boost::asio::steady_timer>> waiting_;
};

}  // namespace roadmapd::net
