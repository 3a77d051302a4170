// One keep-alive HTTP(S) connection to one origin (https://host[:port], or http:// for a local proxy
// and tests). Requests are served one at a time in arrival order; every phase has a deadline.
// Transport failures return result errors naming what failed and where; nothing here throws for them.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "util/result.hpp"

namespace roadmapd::net {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct https_options {
  std::string base_url;             // "https://api.github.com", "http://127.0.0.1:8080"; a path is ignored
  std::filesystem::path ca_file;    // extra trust anchor on top of the system store; empty for none
  std::string user_agent = "roadmapd";
  std::chrono::milliseconds connect_timeout{10'000};  // resolve + TCP connect
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds read_timeout{30'000};     // the whole response, headers and body
  std::size_t body_limit = 100 * 1024 * 1024;
};

struct http_request {
  std::string method = "GET";
  std::string target = "/";  // path and query
  header_list headers;       // Host, User-Agent and Content-Length are added when missing
  std::string body;
};

struct http_response {
  int status = 0;
  header_list headers;
  std::string body;

  // The first header with this name, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
};

// A request's outcome with a hint for whoever decides on retries: a permanent failure (an unusable
// base URL or CA file, a certificate that does not verify, a body over the limit) fails again.
struct http_result {
  result<http_response> response;
  bool permanent_failure = false;
};

class https_client {
 public:
  https_client(boost::asio::any_io_executor ex, https_options options);
  ~https_client();
  https_client(const https_client&) = delete;
  https_client& operator=(const https_client&) = delete;

  // Sends one request on the kept-alive connection, opening (or reopening, once, when the server
  // had closed it) the connection as needed. An unusable base URL or CA file is returned as the
  // error of every request. Error messages never contain request headers.
  boost::asio::awaitable<result<http_response>> request(http_request req);
  boost::asio::awaitable<http_result> send(http_request req);

  // Closes the connection; the next request opens a new one.
  void close();

  // "host:port", as used in error messages.
  const std::string& origin() const;
  // How many connections were opened so far (keep-alive reuse shows as 1 for many requests).
  long connections_opened() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace roadmapd::net
