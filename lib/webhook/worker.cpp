// The webhook worker (see worker.hpp). Deliveries are applied strictly in arrival order: a delivery
// waiting for a retry holds back the ones behind it, because a later event about the same issue
// must not be overtaken by an earlier one (and when GitHub is unreachable the others would mostly
// fail alike). Each delivery is bounded by its attempts and by the GitHub client's own deadlines;
// an attempt in flight is not cancelled, since the client's connection is shared with the sync.
#include "webhook/worker.hpp"

#include <algorithm>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
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
  config::shared_settings current;
  github::graphql_client& client;
  std::function<void()> request_pass;
  worker_options options;
  std::function<void(const std::vector<std::string>&)> listener;
  std::function<void(const delivery&, delivery_outcome, clock::duration)> observer;
  asio::steady_timer wake;
  asio::steady_timer backoff;
  bool stopping = false;

  impl(asio::any_io_executor ex, inbox& b, config::shared_settings settings, github::graphql_client& c,
       store::database& d, worker_options o)
      : box(b), db(d), mirror(d, store::write_source::webhook), current(std::move(settings)), client(c), options(o), wake(ex), backoff(ex) {}

  // The part of applying that needs no network: parse, find the handler, examine. A verdict when
  // that decides it; otherwise `todo` holds the plan (which may read GitHub before writing).
  std::optional<verdict> examine(context& ctx, const delivery& d, payload& p, plan& todo) {
    if (auto parsed = p.parse(d.payload); !parsed) return verdict{delivery_outcome::failed, parsed.message(), {}};
    const handler* h = find_handler(d.event);
    if (!h) return verdict{delivery_outcome::ignored, "event '" + d.event + "' is not used", {}};
    auto examined = h->examine(ctx, p);
    if (!examined) return verdict{delivery_outcome::failed, examined.message(), {}};
    todo = std::move(*examined);
    if (!todo.ignored.empty()) return verdict{delivery_outcome::ignored, std::move(todo.ignored), {}};
    return std::nullopt;
  }

  // Writes the plan and marks the delivery done in one savepoint of the open transaction: both or
  // neither. A bug met by this payload fails it alone; if the database is what failed, the marking
  // that follows fails too and the exception leaves run().
  verdict write(const delivery& d, plan& todo) {
    std::optional<store::savepoint> unit(std::in_place, db);
    try {
      verdict v{delivery_outcome::done, {}, todo.write()};
      box.mark_done(d.seq);
      unit->release();
      return v;
    } catch (const std::exception& e) {
      unit.reset();
      return internal_error(d, e);
    }
  }

  static verdict internal_error(const delivery& d, const std::exception& e) {
    spdlog::error("webhook: {}: internal error while applying: {}", describe(d), e.what());
    return verdict{delivery_outcome::failed, std::string("internal error while applying: ") + e.what(), {}};
  }

  void report(const delivery& d, const verdict& v, clock::duration took) {
    switch (v.outcome) {
      case delivery_outcome::done:
        spdlog::debug("webhook: {}: applied ({} board items changed)", describe(d), v.changed.size());
        if (listener && !v.changed.empty()) listener(v.changed);
        break;
      case delivery_outcome::ignored: spdlog::debug("webhook: {}: ignored: {}", describe(d), v.reason); break;
      case delivery_outcome::failed: spdlog::warn("webhook: {}: failed: {}", describe(d), v.reason); break;
      case delivery_outcome::retry: break;
    }
    if (observer) observer(d, v.outcome, took);
  }

  // The next deliveries to apply together. One that was attempted before (the daemon stopped while
  // applying it) goes alone: if its payload is what brings roadmapd down, its neighbours must not
  // be charged the attempts it costs.
  std::vector<delivery> next_batch() {
    auto batch = box.pending_batch(options.batch_size);
    if (batch.empty()) return batch;
    if (batch.front().attempts > 0) {
      batch.resize(1);
    } else {
      auto tried = std::find_if(batch.begin(), batch.end(), [](const delivery& d) { return d.attempts > 0; });
      batch.erase(tried, batch.end());
    }
    return batch;
  }

  // Applies a batch in order. What is decided without GitHub (ignored deliveries, issue and pull
  // request payloads: most of them) shares one transaction, each delivery in its own savepoint, and
  // is reported once committed. A delivery that must read GitHub first commits what came before
  // it, since no transaction stays open across a network wait. Returns the attempt number of a
  // delivery to be retried, which ends the batch: the ones behind it wait (arrival order).
  asio::awaitable<std::optional<int>> apply_batch(const std::vector<delivery>& batch, int& finished) {
    const delivery& first = batch.front();
    if (batch.size() == 1 && first.attempts >= options.max_attempts) {
      const verdict v{delivery_outcome::failed,
                      "gave up after " + std::to_string(first.attempts) +
                          " attempts: the last one did not finish (the daemon stopped while applying it)",
                      {}};
      box.mark_failed(first.seq, v.reason);
      report(first, v, {});
      ++finished;
      co_return std::nullopt;
    }
    // Counted before the work starts, so that a crash while applying counts too.
    box.record_attempts(first.seq, batch.back().seq);
    // The batch's settings: a reload while it waits on GitHub applies from the next batch on.
    const config::shared_settings snapshot = current;
    context ctx{*snapshot, client, db, mirror, request_pass};

    std::optional<store::transaction> tx;
    std::vector<std::pair<std::size_t, verdict>> decided;  // reported after the commit
    std::vector<clock::duration> took;
    auto commit = [&] {
      if (tx) tx->commit();
      tx.reset();
      for (auto& [i, v] : decided) report(batch[i], v, took[i]);
      finished += static_cast<int>(decided.size());
      decided.clear();
    };
    took.resize(batch.size());

    for (std::size_t i = 0; i < batch.size() && !stopping; ++i) {
      const delivery& d = batch[i];
      const auto started = clock::now();
      const int attempt = d.attempts + 1;
      payload p(d.event, d.action);
      plan todo;
      std::optional<verdict> v;
      try {
        v = examine(ctx, d, p, todo);
      } catch (const std::exception& e) {
        v = internal_error(d, e);
      }
      if (!v && todo.fetch) {
        commit();
        result<void> fetched;
        try {
          fetched = co_await todo.fetch();
        } catch (const std::exception& e) {
          v = internal_error(d, e);
        }
        if (!v && !fetched) {
          if (attempt >= options.max_attempts) {
            v = verdict{delivery_outcome::failed,
                        fetched.message() + " (delivery given up after " + std::to_string(attempt) + " attempts)", {}};
          } else {
            if (i + 1 < batch.size()) box.take_back_attempts(batch[i + 1].seq, batch.back().seq);
            spdlog::info("webhook: {}: attempt {} of {} failed, will retry: {}", describe(d), attempt,
                         options.max_attempts, fetched.message());
            report(d, verdict{delivery_outcome::retry, fetched.message(), {}}, clock::now() - started);
            co_return attempt;
          }
        }
      }
      if (!tx) tx.emplace(db);
      if (!v) v = write(d, todo);
      if (v->outcome == delivery_outcome::ignored) box.mark_ignored(d.seq, v->reason);
      if (v->outcome == delivery_outcome::failed) box.mark_failed(d.seq, v->reason);
      took[i] = clock::now() - started;
      decided.emplace_back(i, std::move(*v));
    }
    // Stopped half-way: the rest of the batch was not attempted.
    if (stopping && first.seq != batch.back().seq) {
      const auto reached = decided.empty() ? first.seq : batch[decided.back().first].seq;
      if (reached < batch.back().seq) box.take_back_attempts(reached + 1, batch.back().seq);
    }
    commit();
    co_return std::nullopt;
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

worker::worker(asio::any_io_executor ex, inbox& box, config::shared_settings settings, github::graphql_client& client,
               store::database& db, worker_options options)
    : impl_(std::make_unique<impl>(std::move(ex), box, std::move(settings), client, db, options)) {}

worker::~worker() = default;

void worker::on_items_changed(std::function<void(const std::vector<std::string>&)> listener) {
  impl_->listener = std::move(listener);
}

void worker::on_pass_wanted(std::function<void()> request_pass) { impl_->request_pass = std::move(request_pass); }

void worker::reconfigure(config::shared_settings settings, worker_options options) {
  impl_->current = std::move(settings);
  impl_->options = options;
}

void worker::on_processed(std::function<void(const delivery&, delivery_outcome, clock::duration)> observer) {
  impl_->observer = std::move(observer);
}

asio::awaitable<int> worker::drain() {
  auto& m = *impl_;
  int finished = 0;
  while (!m.stopping) {
    const auto batch = m.next_batch();
    if (batch.empty()) break;
    const auto retry_attempt = co_await m.apply_batch(batch, finished);
    if (retry_attempt) {
      m.backoff.expires_after(m.retry_delay(*retry_attempt));
      co_await m.backoff.async_wait(asio::as_tuple(asio::use_awaitable));
    } else {
      // Let the requests that arrived meanwhile be answered before the next batch.
      co_await asio::post(m.wake.get_executor(), asio::use_awaitable);
    }
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
