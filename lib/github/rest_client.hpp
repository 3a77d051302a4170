// GitHub's REST API, for the few endpoints GraphQL lacks (webhook deliveries): the same token,
// timeouts, rate-limit pauses and retries as graphql_client (retry_policy, rate_limiter). 2xx answers
// come back as they are; anything else, after retries, is an error naming the status and GitHub's
// message. Input-dependent failures return result; the token never reaches a log or an error.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "github/graphql_client.hpp"  // client_options
#include "net/https_client.hpp"
#include "util/result.hpp"

namespace roadmapd::github {

struct rest_options {
  // The REST root: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server
  // (config::github_settings::api_url).
  std::string api_url;
  client_options client;  // token, CA, user agent, timeouts, retries, observer; graphql_url unused
};

class rest_client {
 public:
  rest_client(boost::asio::any_io_executor ex, rest_options options);
  ~rest_client();
  rest_client(const rest_client&) = delete;
  rest_client& operator=(const rest_client&) = delete;

  // One request to `path_and_query` under the REST root ("/orgs/apache/hooks/1/deliveries?per_page=100").
  // `body`, when not empty, is sent as application/json.
  boost::asio::awaitable<result<net::http_response>> request(std::string method, std::string path_and_query,
                                                             std::string body = {});

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace roadmapd::github
