// graphql_client: the request loop around https_client. Each attempt first waits for the rate
// limiter, then classifies the answer with retry_policy and either returns, backs off, or pauses.
#include "github/graphql_client.hpp"

#include <cstdio>
#include <stdexcept>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include "github/json.hpp"
#include "github/rate_limiter.hpp"
#include "github/transport.hpp"
#include "net/https_client.hpp"
#include "net/turnstile.hpp"
#include "util/time.hpp"

namespace roadmapd::github {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

// The GraphQL endpoint's origin, and its path as the target of every request.
net::https_options transport_options(const client_options& o, std::string& target) {
  auto t = transport_for(o.graphql_url, o);
  target = t.target.empty() ? "/" : t.target;
  return t.options;
}

std::string describe(milliseconds d) {
  if (d.count() >= 1000 && d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  if (d.count() >= 10'000) return std::to_string((d.count() + 999) / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

std::string request_body(std::string_view document, const std::string& variables_json) {
  rapidjson::Document vars;
  vars.Parse(variables_json.c_str(), variables_json.size());
  if (vars.HasParseError() || !vars.IsObject()) {
    throw std::invalid_argument("graphql_client::execute: variables are not a JSON object");
  }
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("query");
  w.String(document.data(), static_cast<rapidjson::SizeType>(document.size()));
  w.Key("variables");
  vars.Accept(w);
  w.EndObject();
  return std::string(out.GetString(), out.GetSize());
}

// Whether a transport failure came after the whole request was handed over, so GitHub may have run
// it. https_client names the phase that failed first ("resolve ...", "connect to ...", "TLS
// handshake with ...", "write to ..." come before that; "read from ..." after), and a write that
// failed never delivered a complete request. Pinned by graphql_client_test's non-idempotent cases.
bool may_have_reached_github(const std::string& transport_error) {
  return transport_error.starts_with("read from ");
}

}  // namespace

struct graphql_client::state {
  state(asio::any_io_executor executor, client_options o)
      : ex(executor),
        options(std::move(o)),
        http(executor, transport_options(options, target)),
        limiter({options.secondary_limit_wait, options.backoff_max}),
        rng(std::random_device{}()) {}

  asio::awaitable<void> sleep(milliseconds d) {
    asio::steady_timer timer(ex, d);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    stats.waited += d;
  }

  // Waits while the limiter says so; re-asks after each sleep because another request may have
  // extended the pause meanwhile.
  asio::awaitable<void> wait_for_budget() {
    for (;;) {
      auto now = wall_clock::now();
      milliseconds wait = limiter.wait_before_request(now);
      if (wait <= milliseconds(0)) co_return;
      auto until = now + wait;
      if (until > announced_until + std::chrono::seconds(1)) {
        announced_until = until;
        spdlog::info("github: rate limit: holding requests for {} (remaining budget {}, paused by secondary limit: {})",
                     describe(wait), limiter.remaining() ? std::to_string(*limiter.remaining()) : "unknown",
                     limiter.paused_until() > now ? "yes" : "no");
      }
      co_await sleep(wait);
    }
  }

  void observe(const net::http_response& r) {
    auto number = [&](std::string_view name) { return header_number(r, name); };
    auto reset = number("x-ratelimit-reset");
    auto before = limiter.remaining();
    auto reset_before = limiter.reset_at();
    std::optional<wall_clock::time_point> reset_at;
    if (reset) reset_at = wall_clock::time_point(std::chrono::seconds(*reset));
    limiter.observe_headers(number("x-ratelimit-limit"), number("x-ratelimit-remaining"), reset_at);
    cost_from_headers = 0;
    if (before && limiter.remaining() && reset_before && reset_at && *reset_before == *reset_at &&
        *before > *limiter.remaining()) {
      cost_from_headers = *before - *limiter.remaining();
    }
  }

  void observe_rate_limit_field(const rapidjson::Value& data) {
    const auto* rl = find_member(data, "rateLimit");
    long cost = cost_from_headers;
    if (rl != nullptr) {
      std::optional<long> remaining;
      if (auto r = integer_member(*rl, "remaining")) remaining = static_cast<long>(*r);
      std::optional<wall_clock::time_point> reset_at;
      if (auto s = string_member(*rl, "resetAt")) reset_at = util::parse_iso8601(*s);
      if (auto c = integer_member(*rl, "cost")) {
        cost = static_cast<long>(*c);
        limiter.observe_cost(cost, remaining, reset_at);
      }
    }
    stats.points += cost;
    if (limiter.remaining()) stats.remaining = static_cast<int>(*limiter.remaining());
    if (limiter.limit()) stats.limit = static_cast<int>(*limiter.limit());
  }

  void notify(std::string_view outcome) const {
    if (options.observer) options.observer(outcome, limiter.remaining());
  }

  // One attempt's outcome: the answer to return, or a cause and what to do about it.
  struct attempt_outcome {
    std::optional<result<graphql_response>> done;
    std::string cause;
    bool back_off = false;  // false: a secondary-limit pause, which wait_for_budget() honours
    bool maybe_applied = false;
    std::string refused_token;  // set when GitHub answered 401 to a token from token_source
  };

  // A failure after which a non-idempotent request must not be sent again.
  attempt_outcome unsafe_to_repeat(std::string cause) {
    notify("failed");
    cause += " (not retried: the request may have reached GitHub)";
    return attempt_outcome{result<graphql_response>(make_error(std::move(cause))), {}, false, true};
  }

  // Waits for the budget and sends, holding the turn so that no other request slips past a pause
  // that this one's answer sets.
  asio::awaitable<attempt_outcome> attempt_once(const std::string& body, int attempt, request_options how,
                                                std::string rejected_token) {
    auto turn = co_await gate.enter();
    co_await wait_for_budget();
    // Asked for after the wait: an installation token could have expired during a long pause.
    auto token = co_await token_for_attempt(options, std::move(rejected_token));
    if (!token) {
      notify("failed");
      co_return attempt_outcome{result<graphql_response>(make_error(token.message()))};
    }
    // On a kept-alive connection that the server closed meanwhile, https_client resends once by
    // itself; a fresh connection keeps that from ever repeating a non-idempotent request.
    if (!how.idempotent) http.close();
    ++stats.requests;
    if (attempt > 1) ++stats.retries;
    net::http_request req;
    req.method = "POST";
    req.target = target;
    req.headers = {{"Authorization", "bearer " + token.value()},
                   {"User-Agent", options.user_agent},
                   {"Content-Type", "application/json"},
                   {"Accept", "application/json"}};
    req.body = body;
    auto sent = co_await http.send(std::move(req));
    if (!sent.response) {
      std::string cause = "GitHub GraphQL request failed: " + sent.response.message();
      if (!how.idempotent && may_have_reached_github(sent.response.message())) {
        co_return unsafe_to_repeat(std::move(cause));
      }
      notify(sent.permanent_failure ? "failed" : "retried");
      if (sent.permanent_failure) co_return attempt_outcome{result<graphql_response>(make_error(cause))};
      co_return attempt_outcome{std::nullopt, cause, true};
    }
    const net::http_response& answer = sent.response.value();
    observe(answer);
    if (limiter.remaining()) stats.remaining = static_cast<int>(*limiter.remaining());
    if (limiter.limit()) stats.limit = static_cast<int>(*limiter.limit());
    auto parsed = parse_json(answer.body);
    decision d = classify(answer, parsed);
    switch (d.kind) {
      case verdict::ok: {
        limiter.on_success();
        graphql_response out;
        out.document = std::move(parsed.value());
        out.data = find_member(*out.document, "data");
        out.errors = read_graphql_errors(*out.document);
        if (auto date = answer.header("date")) out.server_time = util::parse_http_date(*date);
        if (auto scopes = answer.header("x-oauth-scopes")) out.oauth_scopes = std::string(*scopes);
        observe_rate_limit_field(*out.data);
        notify("ok");  // after the rateLimit field, which is the freshest remaining figure
        if (!out.errors.empty()) spdlog::debug("github: answer came with {} per-node error(s)", out.errors.size());
        co_return attempt_outcome{result<graphql_response>(std::move(out))};
      }
      case verdict::fatal:
        limiter.on_success();
        if (answer.status == 401 && options.token_source) {
          // A 401 means the request did not run, so even a non-idempotent one may go again;
          // execute() tells the observer whether it does.
          attempt_outcome refused{result<graphql_response>(make_error(provided_token_refused(d.reason)))};
          refused.refused_token = std::move(token.value());
          co_return refused;
        }
        notify("failed");
        co_return attempt_outcome{result<graphql_response>(make_error(d.reason))};
      case verdict::secondary_limit: {
        ++stats.secondary_limit_hits;
        notify("secondary_limit");
        auto pause = limiter.on_secondary_limit(d.limit, wall_clock::now());
        spdlog::warn("github: {}; pausing all requests for {} (attempt {} of {})", d.reason, describe(pause), attempt,
                     options.max_attempts);
        co_return attempt_outcome{std::nullopt, d.reason, false};
      }
      case verdict::retry:
        limiter.on_success();
        if (!how.idempotent) co_return unsafe_to_repeat(d.reason);
        notify("retried");
        co_return attempt_outcome{std::nullopt, d.reason, true};
    }
    throw std::logic_error("graphql_client: unhandled verdict");
  }

  asio::awaitable<request_outcome> execute(std::string body, request_options how) {
    std::string last_cause;
    std::string rejected_token;
    bool token_replaced = false;
    for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
      auto outcome = co_await attempt_once(body, attempt, how, std::exchange(rejected_token, {}));
      if (!outcome.refused_token.empty()) notify(token_replaced ? "failed" : "retried");
      if (!outcome.refused_token.empty() && !token_replaced) {
        // The cached token was revoked or expired early: once, with a fresh one, not counted as an attempt.
        spdlog::info("github: GitHub refused the installation token (401); retrying once with a fresh one");
        token_replaced = true;
        rejected_token = std::move(outcome.refused_token);
        --attempt;
        continue;
      }
      if (outcome.done) co_return request_outcome{std::move(*outcome.done), outcome.maybe_applied};
      last_cause = std::move(outcome.cause);
      if (outcome.back_off && attempt < options.max_attempts) co_await back_off(attempt, last_cause);
    }
    co_return request_outcome{
        make_error(last_cause + " (gave up after " + std::to_string(options.max_attempts) + " attempts)")};
  }

  asio::awaitable<void> back_off(int attempt, const std::string& cause) {
    milliseconds delay = backoff(attempt, options.backoff_base, options.backoff_max, rng);
    spdlog::warn("github: {}; retrying in {} (attempt {} of {})", cause, describe(delay), attempt, options.max_attempts);
    co_await sleep(delay);
  }

  asio::any_io_executor ex;
  client_options options;
  std::string target;
  net::https_client http;
  net::turnstile gate{ex};
  rate_limiter limiter;
  std::mt19937_64 rng;
  client_stats stats;
  long cost_from_headers = 0;
  wall_clock::time_point announced_until{};
};

graphql_client::graphql_client(asio::any_io_executor ex, client_options options)
    : state_(std::make_shared<state>(std::move(ex), std::move(options))) {}

graphql_client::~graphql_client() = default;

asio::awaitable<result<graphql_response>> graphql_client::execute(std::string_view document,
                                                                   std::string variables_json) {
  auto outcome = co_await send(document, std::move(variables_json), request_options{});
  co_return std::move(outcome.response);
}

asio::awaitable<request_outcome> graphql_client::send(std::string_view document, std::string variables_json,
                                                      request_options options) {
  auto self = state_;  // keeps the client's state alive for the whole request
  std::string body = request_body(document, variables_json);
  co_return co_await self->execute(std::move(body), options);
}

const client_stats& graphql_client::stats() const { return state_->stats; }

void graphql_client::reconfigure(client_options options) {
  const bool same_endpoint = options.graphql_url == state_->options.graphql_url;
  auto fresh = std::make_shared<state>(state_->ex, std::move(options));
  fresh->stats = state_->stats;
  if (same_endpoint) {
    fresh->limiter = state_->limiter;
    fresh->limiter.set_settings({fresh->options.secondary_limit_wait, fresh->options.backoff_max});
  }
  state_ = std::move(fresh);
}

}  // namespace roadmapd::github
