// What the GraphQL and REST clients share below their request loops: the HTTPS options for a GitHub
// URL (timeouts, trust, user agent) and the numeric rate-limit headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "github/graphql_client.hpp"
#include "net/https_client.hpp"

namespace roadmapd::github {

struct transport {
  net::https_options options;  // the URL's origin; https_client ignores a path in its base URL
  std::string target;          // the URL's path and query ("" when it has none)
};

// An unparsable URL is kept as the base URL: https_client reports it on every request.
transport transport_for(std::string_view url, const client_options& o);

// A header holding a number (x-ratelimit-remaining, ...); nullopt when absent or not a number.
std::optional<long> header_number(const net::http_response& r, std::string_view name);

}  // namespace roadmapd::github
