// What the GraphQL and REST clients share below their request loops: the HTTPS options for a GitHub
// URL (timeouts, trust, user agent), the token of each attempt and the numeric rate-limit headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "github/graphql_client.hpp"
#include "net/https_client.hpp"

namespace roadmapd::github {

struct transport {
  net::https_options options;  // the URL's origin; https_client ignores a path in its base URL
  std::string target;          // the URL's path and query ("" when it has none)
};

// An unparsable URL is kept as the base URL: https_client reports it on every request.
transport transport_for(std::string_view url, const client_options& o);

// The token for one attempt: options.token, or what options.token_source gives (`rejected`: the token
// GitHub refused with 401 on the previous attempt, "" otherwise).
boost::asio::awaitable<result<std::string>> token_for_attempt(const client_options& o, std::string rejected);

// classify()'s reason for a 401, for a token that came from a token_source: its hint about
// github.token_file does not apply, and the refused token was already replaced once.
std::string provided_token_refused(std::string reason);

// A header holding a number (x-ratelimit-remaining, ...); nullopt when absent or not a number.
std::optional<long> header_number(const net::http_response& r, std::string_view name);

}  // namespace roadmapd::github
