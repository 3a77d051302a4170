// rest_client: the request loop of graphql_client for REST. A 2xx answer is kept without looking at
// the body; any other answer is classified by retry_policy (401, 403/429 rate limits, 5xx retries).
// The Authorization header is added per attempt, since a token_source may replace the token.
#include "github/rest_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <random>
#include <utility>

#include "github/json.hpp"
#include "github/rate_limiter.hpp"
#include "github/retry_policy.hpp"
#include "github/transport.hpp"
#include "net/turnstile.hpp"

namespace roadmapd::github {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

// The REST root's path (GHES: /api/v3) is put in front of every target.
net::https_options transport_options(const rest_options& o, std::string& root_path) {
  auto t = transport_for(o.api_url, o.client);
  root_path = t.target;
  while (root_path.ends_with("/")) root_path.pop_back();
  return t.options;
}

}  // namespace

struct rest_client::state {
  state(asio::any_io_executor executor, rest_options o)
      : ex(executor),
        options(std::move(o)),
        http(executor, transport_options(options, root_path)),
        limiter({options.client.secondary_limit_wait, options.client.backoff_max}),
        rng(std::random_device{}()) {}

  asio::awaitable<void> sleep(milliseconds d) {
    asio::steady_timer timer(ex, d);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }

  asio::awaitable<void> wait_for_budget() {
    for (;;) {
      milliseconds wait = limiter.wait_before_request(wall_clock::now());
      if (wait <= milliseconds(0)) co_return;
      spdlog::info("github: rate limit: holding REST requests for {} ms", wait.count());
      co_await sleep(wait);
    }
  }

  void notify(std::string_view outcome) const {
    // The REST budget is not the GraphQL one the metrics gauge shows.
    if (options.client.observer) options.client.observer(outcome, std::nullopt);
  }

  struct attempt_outcome {
    std::optional<result<net::http_response>> done;
    std::string cause;
    bool back_off = false;
    std::string refused_token;  // set when GitHub answered 401 to a token from token_source
  };

// A 401 to a provided token: the caller asks for a fresh one and tries once more. Built outside the
// coroutine (a local returned from it trips GCC 12's -Wmismatched-new-delete).
attempt_outcome token_refused(const std::string& reason, std::string token) {
  attempt_outcome refused{result<net::http_response>(make_error(provided_token_refused(reason)))};
  refused.refused_token = std::move(token);
  return refused;
}

  asio::awaitable<attempt_outcome> attempt_once(const net::http_request& prototype, std::string rejected_token) {
    auto turn = co_await gate.enter();
    co_await wait_for_budget();
    auto token = co_await token_for_attempt(options.client, std::move(rejected_token));
    if (!token) {
      notify("failed");
      co_return attempt_outcome{result<net::http_response>(make_error(token.message()))};
    }
    net::http_request req = prototype;
    req.headers.emplace_back("Authorization", "bearer " + token.value());
    auto sent = co_await http.send(std::move(req));
    if (!sent.response) {
      std::string cause = "GitHub REST request failed: " + sent.response.message();
      notify(sent.permanent_failure ? "failed" : "retried");
      if (sent.permanent_failure) co_return attempt_outcome{result<net::http_response>(make_error(cause))};
      co_return attempt_outcome{std::nullopt, cause, true};
    }
    net::http_response& answer = sent.response.value();
    std::optional<wall_clock::time_point> reset_at;
    if (auto reset = header_number(answer, "x-ratelimit-reset")) reset_at = wall_clock::time_point(std::chrono::seconds(*reset));
    limiter.observe_headers(header_number(answer, "x-ratelimit-limit"), header_number(answer, "x-ratelimit-remaining"),
                            reset_at);
    if (answer.status >= 200 && answer.status < 300) {
      limiter.on_success();
      notify("ok");
      co_return attempt_outcome{result<net::http_response>(std::move(answer))};
    }
    decision d = classify(answer, parse_json(answer.body));
    switch (d.kind) {
      case verdict::secondary_limit: {
        notify("secondary_limit");
        auto pause = limiter.on_secondary_limit(d.limit, wall_clock::now());
        spdlog::warn("github: {}; pausing REST requests for {} ms", d.reason, pause.count());
        co_return attempt_outcome{std::nullopt, d.reason, false};
      }
      case verdict::retry:
        limiter.on_success();
        notify("retried");
        co_return attempt_outcome{std::nullopt, d.reason, true};
      case verdict::ok:  // classify() says ok only for a 2xx GraphQL answer, handled above
      case verdict::fatal:
        break;
    }
    limiter.on_success();
    if (answer.status == 401 && options.client.token_source) {
      co_return token_refused(d.reason, std::move(token.value()));
    }
    notify("failed");
    co_return attempt_outcome{result<net::http_response>(make_error(d.reason))};
  }

  asio::awaitable<result<net::http_response>> request(net::http_request req) {
    const int max_attempts = options.client.max_attempts;
    std::string last_cause;
    std::string rejected_token;
    bool token_replaced = false;
    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
      auto outcome = co_await attempt_once(req, std::exchange(rejected_token, {}));
      if (!outcome.refused_token.empty()) notify(token_replaced ? "failed" : "retried");
      if (!outcome.refused_token.empty() && !token_replaced) {
        spdlog::info("github: GitHub refused the REST token (401); retrying once with a fresh one");
        token_replaced = true;
        rejected_token = std::move(outcome.refused_token);
        --attempt;
        continue;
      }
      if (outcome.done) co_return std::move(*outcome.done);
      last_cause = std::move(outcome.cause);
      if (outcome.back_off && attempt < max_attempts) {
        milliseconds delay = backoff(attempt, options.client.backoff_base, options.client.backoff_max, rng);
        spdlog::warn("github: {}; retrying in {} ms (attempt {} of {})", last_cause, delay.count(), attempt, max_attempts);
        co_await sleep(delay);
      }
    }
    co_return make_error(last_cause + " (gave up after " + std::to_string(max_attempts) + " attempts)");
  }

  asio::any_io_executor ex;
  rest_options options;
  std::string root_path;
  net::https_client http;
  net::turnstile gate{ex};
  rate_limiter limiter;
  std::mt19937_64 rng;
};

rest_client::rest_client(asio::any_io_executor ex, rest_options options)
    : state_(std::make_shared<state>(std::move(ex), std::move(options))) {}

rest_client::~rest_client() = default;

asio::awaitable<result<net::http_response>> rest_client::request(std::string method, std::string path_and_query,
                                                                 std::string body) {
  auto self = state_;  // keeps the client's state alive for the whole request
  net::http_request req;
  req.method = std::move(method);
  req.target = self->root_path + path_and_query;
  req.headers = {{"User-Agent", self->options.client.user_agent},
                 {"Accept", "application/vnd.github+json"},
                 {"X-GitHub-Api-Version", "2022-11-28"}};
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  req.body = std::move(body);
  co_return co_await self->request(std::move(req));
}

}  // namespace roadmapd::github
