// api_url checking with Boost.URL, so the client never has to guess what a URL means.
#include "config/api_url.hpp"

#include <string>

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url_view.hpp>

namespace roadmapd::config {
namespace {

constexpr std::string_view form = "use http(s)://host[:port][/path], e.g. https://api.github.com";

bool valid_port(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return false;
  const int port = std::stoi(std::string(digits));
  return port >= 1 && port <= 65535;
}

}  // namespace

result<api_endpoints> parse_api_url(std::string_view text) {
  // Never echo a URL that may carry a password or token in its user info.
  const std::string shown = text.find('@') == std::string_view::npos ? "\"" + std::string(text) + "\"" : "(not shown)";
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return make_error("invalid URL " + shown + " (" + std::string(form) + ")");
  const boost::urls::url_view url = *parsed;
  if (url.scheme_id() != boost::urls::scheme::https && url.scheme_id() != boost::urls::scheme::http) {
    return make_error("unsupported scheme in " + shown + " (" + std::string(form) + ")");
  }
  if (url.has_userinfo()) {
    return make_error("must not contain a user name or password (put the token in github.token_file)");
  }
  if (url.encoded_host().empty()) return make_error("no host in " + shown + " (" + std::string(form) + ")");
  // port_number() wraps around above 65535, so check the digits themselves.
  if (url.has_port() && !valid_port(url.port())) {
    return make_error("invalid port in " + shown + " (" + std::string(form) + ")");
  }
  if (url.has_query() || url.has_fragment()) {
    return make_error("must not have a query or fragment: " + shown + " (" + std::string(form) + ")");
  }
  api_endpoints out;
  out.api_url = std::string(text);
  while (out.api_url.ends_with('/')) out.api_url.pop_back();
  // GHES serves REST under /api/v3 and GraphQL under /api/graphql; GitHub.com serves both at the root.
  constexpr std::string_view rest_suffix = "/api/v3";
  if (out.api_url.ends_with(rest_suffix)) {
    out.graphql_url = out.api_url.substr(0, out.api_url.size() - rest_suffix.size()) + "/api/graphql";
  } else {
    out.graphql_url = out.api_url + "/graphql";
  }
  return out;
}

}  // namespace roadmapd::config
