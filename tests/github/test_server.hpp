// A scripted HTTP/1.1 server (plain or TLS) on its own thread for the transport tests: each request
// is answered by a test-supplied function, which can also hang, drop or truncate. Plus test certs.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "github/graphql_client.hpp"
#include "net/https_client.hpp"

namespace roadmapd::test {

struct received_request {
  std::string method;
  std::string target;
  net::header_list headers;
  std::string body;
  int connection = 0;  // 1 for the first accepted connection, 2 for the next, ...
  std::chrono::steady_clock::time_point arrived;
  std::optional<std::string> header(std::string_view name) const;
};

struct scripted_reply {
  enum class action {
    answer,            // send the response, keep the connection
    answer_and_close,  // send the response (no "Connection: close"), then close: a stale keep-alive
    hang,              // never answer
    drop,              // close without answering
    truncate,          // send the headers and half the body, then close
  };
  int status = 200;
  net::header_list headers;
  std::string body;
  action act = action::answer;
};

struct tls_files {
  std::filesystem::path cert;
  std::filesystem::path key;
};

class test_server {
 public:
  using handler = std::function<scripted_reply(const received_request&)>;

  explicit test_server(handler h, std::optional<tls_files> tls = std::nullopt);
  ~test_server();
  test_server(const test_server&) = delete;
  test_server& operator=(const test_server&) = delete;

  std::string url() const;  // http(s)://127.0.0.1:PORT
  int connections() const;
  std::vector<received_request> requests() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Certificates made with the openssl CLI in dir: ca.pem; server.pem/-key.pem for 127.0.0.1 and
// localhost signed by ca; wronghost.pem/-key.pem (signed by ca, for wrong.example only);
// untrusted.pem/-key.pem (for 127.0.0.1, signed by other-ca.pem). Throws when openssl fails.
void make_test_certs(const std::filesystem::path& dir);

// Client options for tests against a local server at `base`: short timeouts and backoff, 4 attempts.
github::client_options quick_client_options(const std::string& base, const std::string& token);

// Answers from a list, one per request; the last one repeats.
std::function<scripted_reply(const received_request&)> script(std::vector<scripted_reply> replies);

// Runs aw on io until it completes and returns its value (rethrowing its exception).
template <class T>
T run_until_done(boost::asio::io_context& io, boost::asio::awaitable<T> aw) {
  std::optional<T> out;
  std::exception_ptr failure;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> { out.emplace(co_await std::move(aw)); },
      [&](std::exception_ptr e) { failure = e; });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

}  // namespace roadmapd::test
