// The GitHub GraphQL client: one kept-alive connection, requests one at a time, waiting out the
// primary budget and secondary limits and retrying transient failures (GITHUB-NOTES.md). Answers
// and input-dependent failures come back as result; the token never reaches a log or an error.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <rapidjson/document.h>

#include "github/retry_policy.hpp"  // graphql_error
#include "util/result.hpp"

namespace roadmapd::github {

// Told about every finished HTTP attempt (metrics): outcome is "ok", "retried", "secondary_limit"
// or "failed"; rate_limit_remaining is GitHub's latest figure for this client's budget, if known.
using request_observer = std::function<void(std::string_view outcome, std::optional<long> rate_limit_remaining)>;

// Where the token comes from when it is not a fixed `token`: a GitHub App's installation token
// (app_auth.hpp). Called before each request with "" for the token to send; after GitHub answered
// 401, with the token it refused, for a fresh one (the request is then sent once more). An error
// ends the request with that error. What it returns is never logged nor put in an error message.
using token_provider = std::function<boost::asio::awaitable<result<std::string>>(std::string rejected)>;

struct client_options {
  std::string graphql_url;                 // e.g. https://api.github.com/graphql
  std::string token;                       // never logged, never in an error message
  token_provider token_source;             // when set, used instead of `token`
  std::filesystem::path ca_file;           // optional extra trust anchor
  std::string user_agent = "roadmapd";
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds secondary_limit_wait{60};
  int max_attempts = 6;
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::seconds backoff_max{300};
  request_observer observer;               // optional
};

struct graphql_response {
  std::shared_ptr<rapidjson::Document> document;  // the whole answer
  const rapidjson::Value* data = nullptr;         // "data" when present and an object
  std::vector<graphql_error> errors;              // per-node errors that came with data
  // GitHub's clock when it answered (its Date header, to the second), when it sent one: the sync
  // engine compares it with the updatedAt times it read to know whether an edit later in the same
  // second could still follow.
  std::optional<std::chrono::system_clock::time_point> server_time;
  // X-OAuth-Scopes: the scopes of a classic personal access token ("repo, read:project"); absent for
  // fine-grained tokens and App installation tokens, which have permissions instead.
  std::optional<std::string> oauth_scopes;
};

// How one request may be repeated. A mutation that is not idempotent (addComment creates a new
// comment each time) must not be sent again once it may have reached GitHub: a 5xx, a malformed
// answer or a connection lost while waiting for the answer can all follow a mutation that ran.
struct request_options {
  bool idempotent = true;
};

// An answer, or why there is none; maybe_applied is set only for a non-idempotent request that
// failed after it may have reached GitHub (it was not retried: look before sending it again).
// Failures that certainly did not reach GitHub (connect, DNS, TLS, a secondary-limit 403/429, a
// 401) are retried or reported as for any request, with maybe_applied false.
struct request_outcome {
  result<graphql_response> response;
  bool maybe_applied = false;
};

struct client_stats {
  long requests = 0;                // HTTP requests sent, retries included
  long retries = 0;
  long points = 0;                  // sum of data.rateLimit.cost (or the drop in remaining)
  int remaining = -1;               // primary budget left; -1 until GitHub said
  int limit = -1;
  long secondary_limit_hits = 0;
  std::chrono::milliseconds waited{0};  // total time held back by rate limits and backoff
};

class graphql_client {
 public:
  graphql_client(boost::asio::any_io_executor ex, client_options options);
  ~graphql_client();
  graphql_client(const graphql_client&) = delete;
  graphql_client& operator=(const graphql_client&) = delete;

  // One GraphQL request. Waits out rate limits and retries transient failures; returns the answer
  // (data and any per-node errors) or an error naming the cause. variables_json must be a JSON
  // object (a malformed one is a bug and throws std::invalid_argument).
  boost::asio::awaitable<result<graphql_response>> execute(std::string_view document,
                                                           std::string variables_json = "{}");
  // The same, with the request's retry rule; execute(d, v) is send(d, v, {}).response.
  boost::asio::awaitable<request_outcome> send(std::string_view document, std::string variables_json,
                                               request_options options);
  const client_stats& stats() const;

  // A config reload changed [github]: requests from now on use `options` (a new connection, a new
  // token). Requests in flight finish as they started. The counters carry on, and so does what
  // GitHub said about the rate limit when the endpoint is the same (a pause is still honoured).
  void reconfigure(client_options options);

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace roadmapd::github
