// Validates github.api_url and derives the GraphQL endpoint from it (GitHub.com and GHES alike).
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace roadmapd::config {

struct api_endpoints {
  std::string api_url;      // as written, trailing '/' removed
  std::string graphql_url;  // ".../api/v3" -> ".../api/graphql"; otherwise api_url + "/graphql"
};

// Accepts http(s)://host[:port][/path] only: no user info (credentials belong in token_file),
// no query, no fragment.
result<api_endpoints> parse_api_url(std::string_view text);

}  // namespace roadmapd::config
