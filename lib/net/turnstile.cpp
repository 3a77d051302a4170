// turnstile: waiters park on a timer that never expires; leave() cancels the first one's timer,
// which hands it the turn (busy_ stays true in between, so nobody can cut in).
#include "net/turnstile.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace roadmapd::net {

boost::asio::awaitable<turnstile::pass> turnstile::enter() {
  if (!busy_) {
    busy_ = true;
    co_return pass(this);
  }
  auto turn = std::make_shared<boost::asio::steady_timer>(ex_, boost::asio::steady_timer::time_point::max());
  waiting_.push_back(turn);
  co_await turn->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  co_return pass(this);
}

void turnstile::leave() {
  if (waiting_.empty()) {
    busy_ = false;
    return;
  }
  auto next = std::move(waiting_.front());
  waiting_.pop_front();
  next->cancel();
}

}  // namespace roadmapd::net
