// The webhook worker (see worker.hpp). Deliveries are applied strictly in arrival order: a delivery
// waiting for a retry holds back the ones behind it, because a later event about the same issue
// must not be overtaken by an earlier one (and when GitHub is unreachable the others would mostly
// fail alike). Each delivery is bounded by its attempts and by the GitHub client's own deadlines;
// an attempt in flight is not cancelled, since the client's connection is shared with the sync.
#include "webhook/worker.hpp"

#include <algorithm>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "config/config.hpp"
#include "github/graphql_client.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "webhook/handler.hpp"
#include "webhook/inbox.hpp"
#include "webhook/payload.hpp"

namespace roadmapd::webhook {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

std::string_view to_string(delivery_outcome o) {
  switch (o) {
    case delivery_outcome::done: return "done";
    case delivery_outcome::ignored: return "ignored";
    case delivery_outcome::failed: return "failed";
    case delivery_outcome::retry: return "retry";
  }
  return "unknown";
}

namespace {

std::string describe(const delivery& d) {
  return d.event + (d.action ? "." + *d.action : std::string()) + " " + d.delivery_id;
}

struct verdict {
  delivery_outcome outcome;
  std::string reason;                 // why ignored, failed or to be retried
  std::vector<std::string> changed;   // board items changed (done)
};

}  // namespace

struct worker::impl {
  inbox& box;
  store::database& db;
  store::mirror mirror;
  context ctx;
  worker_options options;
  std::function<void(const std::vector<std::string>&)> listener;
  std::function<void(const delivery&, delivery_outcome, clock::duration)> observer;
  asio::steady_timer wake;
  asio::steady_timer backoff;
  bool stopping = false;

  impl(asio::any_io_executor ex, inbox& b, const config::settings& settings, github::graphql_client& client,
       store::database& d, worker_options o)
      : box(b), db(d), mirror(d), ctx{settings, client, d, mirror, {}}, options(o), wake(ex), backoff(ex) {}

  // Everything but marking a failed, ignored or retried delivery; a done one is marked in the same
  // transaction as its write.
  asio::awaitable<verdict> decide(const delivery& d, int attempt) {
    payload p(d.event, d.action);
    if (auto parsed = p.parse(d.payload); !parsed) co_return verdict{delivery_outcome::failed, parsed.message(), {}};
    const handler* h = find_handler(d.event);
    if (!h) co_return verdict{delivery_outcome::ignored, "event '" + d.event + "' is not used", {}};
    auto examined = h->examine(ctx, p);
    if (!examined) co_return verdict{delivery_outcome::failed, examined.message(), {}};
    plan& todo = *examined;
    if (!todo.ignored.empty()) co_return verdict{delivery_outcome::ignored, todo.ignored, {}};
    if (todo.fetch) {
      auto fetched = co_await todo.fetch();
      if (!fetched) {
        if (attempt >= options.max_attempts) {
          co_return verdict{delivery_outcome::failed,
                            fetched.message() + " (delivery given up after " + std::to_string(attempt) + " attempts)", {}};
        }
        co_return verdict{delivery_outcome::retry, fetched.message(), {}};
      }
    }
    verdict v{delivery_outcome::done, {}, {}};
    store::transaction tx(db);
    v.changed = todo.write();
    box.mark_done(d.seq);
    tx.commit();
    co_return v;
  }

  asio::awaitable<delivery_outcome> apply(const delivery& d) {
    if (d.attempts >= options.max_attempts) {
      const auto reason = "gave up after " + std::to_string(d.attempts) +
                          " attempts: the last one did not finish (the daemon stopped while applying it)";
      spdlog::warn("webhook: {}: {}", describe(d), reason);
      box.mark_failed(d.seq, reason);
      co_return delivery_outcome::failed;
    }
    box.record_attempt(d.seq);
    const int attempt = d.attempts + 1;

    std::optional<verdict> v;
    try {
      v = co_await decide(d, attempt);
    } catch (const std::exception& e) {
      // A bug met by this payload: record it and go on with the next delivery. If the database is
      // what failed, marking fails too and the exception leaves run().
      spdlog::error("webhook: {}: internal error while applying: {}", describe(d), e.what());
      v = verdict{delivery_outcome::failed, std::string("internal error while applying: ") + e.what(), {}};
    }
    switch (v->outcome) {
      case delivery_outcome::done:
        spdlog::debug("webhook: {}: applied ({} board items changed)", describe(d), v->changed.size());
        if (listener && !v->changed.empty()) listener(v->changed);
        break;
      case delivery_outcome::ignored:
        spdlog::debug("webhook: {}: ignored: {}", describe(d), v->reason);
        box.mark_ignored(d.seq, v->reason);
        break;
      case delivery_outcome::failed:
        spdlog::warn("webhook: {}: failed: {}", describe(d), v->reason);
        box.mark_failed(d.seq, v->reason);
        break;
      case delivery_outcome::retry:
        spdlog::info("webhook: {}: attempt {} of {} failed, will retry: {}", describe(d), attempt, options.max_attempts,
                     v->reason);
        break;
    }
    co_return v->outcome;
  }

  std::chrono::milliseconds retry_delay(int attempt) const {
    auto delay = options.retry_base;
    for (int i = 1; i < attempt && delay < options.retry_max; ++i) delay *= 2;
    return std::min(delay, options.retry_max);
  }

  void purge() {
    const int removed = box.purge(std::chrono::system_clock::now(), options.payload_retention, options.delivery_retention);
    if (removed > 0) spdlog::info("webhook: purged {} deliveries past their retention", removed);
  }
};

worker::worker(asio::any_io_executor ex, inbox& box, const config::settings& settings, github::graphql_client& client,
               store::database& db, worker_options options)
    : impl_(std::make_unique<impl>(std::move(ex), box, settings, client, db, options)) {}

worker::~worker() = default;

void worker::on_items_changed(std::function<void(const std::vector<std::string>&)> listener) {
  impl_->listener = std::move(listener);
}

void worker::on_pass_wanted(std::function<void()> request_pass) { impl_->ctx.request_pass = std::move(request_pass); }

void worker::on_processed(std::function<void(const delivery&, delivery_outcome, clock::duration)> observer) {
  impl_->observer = std::move(observer);
}

asio::awaitable<int> worker::drain() {
  auto& m = *impl_;
  int finished = 0;
  while (!m.stopping) {
    auto d = m.box.next_pending();
    if (!d) break;
    const auto started = clock::now();
    const auto outcome = co_await m.apply(*d);
    if (m.observer) m.observer(*d, outcome, clock::now() - started);
    if (outcome != delivery_outcome::retry) {
      ++finished;
      continue;
    }
    m.backoff.expires_after(m.retry_delay(d->attempts + 1));
    co_await m.backoff.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  co_return finished;
}

asio::awaitable<void> worker::run() {
  auto& m = *impl_;
  const auto pending = m.box.pending().pending;
  if (pending > 0) spdlog::info("webhook: resuming {} pending deliveries", pending);
  auto next_purge = clock::now();
  while (!m.stopping) {
    if (clock::now() >= next_purge) {
      m.purge();
      next_purge = clock::now() + m.options.purge_interval;
    }
    co_await drain();
    if (m.stopping) break;
    // Nothing in between can add a delivery unseen: notify() runs on this same thread.
    m.wake.expires_at(next_purge);
    co_await m.wake.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

void worker::notify() { impl_->wake.cancel(); }

void worker::stop() {
  impl_->stopping = true;
  impl_->wake.cancel();
  impl_->backoff.cancel();
}

}  // namespace roadmapd::webhook
