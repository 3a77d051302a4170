// Which GitHub answers are kept, retried, waited out or given up on, and how long to back off.
// Pure functions over an HTTP answer and its parsed body, so every case is unit-testable.
#pragma once

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "github/rate_limiter.hpp"
#include "net/https_client.hpp"
#include "util/result.hpp"

namespace roadmapd::github {

struct graphql_error {
  std::string type;     // "NOT_FOUND", "RATE_LIMITED", ...; empty when GitHub gave none
  std::string message;
  std::string path;     // "organization.projectV2.items.nodes.3.content"; empty for the whole query
};

enum class verdict {
  ok,               // data came back (maybe with per-node errors)
  retry,            // transient: back off and try again
  secondary_limit,  // rate limited: pause every request, then try again
  fatal,            // trying again gives the same answer
};

struct decision {
  verdict kind = verdict::fatal;
  std::string reason;  // for everything but ok: what a maintainer reads in the log or the error
  limit_hint limit;    // for secondary_limit
};

// The errors[] of a GraphQL answer (empty when there are none).
std::vector<graphql_error> read_graphql_errors(const rapidjson::Value& answer);

// Classifies one answer; body is the JSON parse of response.body (or its parse error).
decision classify(const net::http_response& response, const result<std::shared_ptr<rapidjson::Document>>& body);

// The x-ratelimit-* and Retry-After headers of an answer.
limit_hint read_limit_headers(const net::http_response& response);

// Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^(attempt-1))], attempt from 1.
std::chrono::milliseconds backoff(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                  std::mt19937_64& rng);

}  // namespace roadmapd::github
