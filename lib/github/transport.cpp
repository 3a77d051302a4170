// transport_for, token_for_attempt and header_number (see transport.hpp).
#include "github/transport.hpp"

#include <algorithm>

#include <boost/url/parse.hpp>

namespace roadmapd::github {

transport transport_for(std::string_view url, const client_options& o) {
  using std::chrono::milliseconds;
  transport t;
  if (auto u = boost::urls::parse_uri(url)) {
    t.options.base_url = std::string(u->scheme()) + "://" + std::string(u->encoded_authority());
    t.target = std::string(u->encoded_target());
  } else {
    t.options.base_url = std::string(url);
  }
  t.options.ca_file = o.ca_file;
  t.options.user_agent = o.user_agent;
  const milliseconds timeout = o.request_timeout;
  t.options.connect_timeout = std::min(timeout, milliseconds(10'000));
  t.options.handshake_timeout = std::min(timeout, milliseconds(10'000));
  t.options.write_timeout = timeout;
  t.options.read_timeout = timeout;
  return t;
}

boost::asio::awaitable<result<std::string>> token_for_attempt(const client_options& o, std::string rejected) {
  if (!o.token_source) co_return o.token;
  co_return co_await o.token_source(std::move(rejected));
}

std::string provided_token_refused(std::string reason) {
  constexpr std::string_view hint = ": check github.token_file";
  if (reason.ends_with(hint)) reason.resize(reason.size() - hint.size());
  return reason + ", also after a fresh token was fetched";
}

std::optional<long> header_number(const net::http_response& r, std::string_view name) {
  auto v = r.header(name);
  if (!v) return std::nullopt;
  try {
    return std::stol(std::string(*v));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace roadmapd::github
