// Group commit (see committer.hpp).
#include "webhook/committer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace roadmapd::webhook {

namespace net = boost::asio;

struct committer::waiter {
  explicit waiter(net::any_io_executor ex, new_delivery d) : timer(ex, net::steady_timer::time_point::max()), delivery(std::move(d)) {}
  net::steady_timer timer;  // cancelled by flush() once the batch is committed
  new_delivery delivery;
  std::optional<add_outcome> outcome;
};

committer::committer(net::any_io_executor ex, inbox& box) : ex_(std::move(ex)), box_(box) {}

committer::~committer() = default;

net::awaitable<std::optional<add_outcome>> committer::store(new_delivery d) {
  auto w = std::make_shared<waiter>(ex_, std::move(d));
  pending_.push_back(w);
  // The flush runs after every handler already queued on the loop: all requests read in this turn.
  if (!flush_posted_) {
    flush_posted_ = true;
    net::post(ex_, [this] { flush(); });
  }
  co_await w->timer.async_wait(net::as_tuple(net::use_awaitable));
  co_return w->outcome;
}

void committer::flush() {
  flush_posted_ = false;
  auto batch = std::move(pending_);
  pending_.clear();
  std::vector<new_delivery> deliveries;
  deliveries.reserve(batch.size());
  for (auto& w : batch) deliveries.push_back(std::move(w->delivery));
  try {
    const auto outcomes = box_.add_all(deliveries);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->outcome = outcomes[i];
  } catch (const std::exception& e) {
    spdlog::error("webhook: could not store {} deliveries: {}", batch.size(), e.what());
  }
  for (auto& w : batch) w->timer.cancel();
}

}  // namespace roadmapd::webhook
