// The HTTP/1.1 server on the daemon's io_context: one coroutine per connection, a deadline on every
// phase, bounded header and body sizes and a connection cap, so a slow or hostile client never stalls
// the others. start() returns an error for what depends on the address (in use, not local); the
// rest runs on the loop and logs. Call start(), stop() and the destructor on the loop's thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "http/router.hpp"
#include "util/result.hpp"

namespace roadmapd::http {

struct server_options {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 address (no brackets), not a name
  std::uint16_t port = 0;          // 0 = a free port; port() tells which
  // An already listening TCP socket to accept on instead of binding host:port (socket activation:
  // systemd listens and hands the socket over). The server owns it from start() on.
  std::optional<int> inherited_fd;
  int max_connections = 256;
  // A new connection must deliver its request line and headers within header_timeout of being
  // accepted; a kept-alive one within header_timeout of its first byte, after waiting at most
  // idle_timeout for that byte. The body has body_timeout in total, however it trickles in.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::size_t max_header_bytes = 16 * 1024;        // beyond: 431
  std::size_t max_body_bytes = 25 * 1024 * 1024;   // beyond: 413, answered before reading the body
  // Called on the loop when the server answers a request itself, before any handler sees it (413
  // too large, 431 headers too large, 400 not HTTP). `head` holds what was parsed: method, target
  // and headers when the request line and headers were read, else nothing; never a body.
  std::function<void(int status, const request& head)> on_refused;
  // Called on the loop for each connection refused at max_connections (answered 503 and closed),
  // with the number of connections open: the daemon logs and counts them.
  std::function<void(long open)> on_connection_refused;
};

// Counters for metrics and tests; readable from any thread.
struct server_stats {
  long active_connections = 0;
  long accepted_connections = 0;
  long refused_connections = 0;   // over max_connections: answered 503 and closed at once
  long timed_out_connections = 0; // cut off by a header, body, idle or write deadline
  long requests = 0;              // handed to the handler
};

class server {
 public:
  server(boost::asio::any_io_executor ex, server_options options, handler h);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds, listens and starts accepting (or accepts on the inherited socket). An error names the
  // address (or the file descriptor) and the cause.
  result<void> start();
  // The bound port (after start()).
  std::uint16_t port() const;
  // The bound address as "host:port" ("[::1]:8080" for IPv6); after start(), on the loop's thread.
  std::string local_address() const;
  // Stops accepting and closes idle connections; a connection in the middle of a request finishes
  // it (within its deadlines), answers with "Connection: close" and ends. Safe from any thread.
  void stop();

  // Takes the limits of `limits` (connection cap, deadlines, header and body sizes) for what comes
  // next: new connections, and each phase that starts from now on. The address, the socket and
  // on_refused stay. On the loop's thread.
  void set_limits(const server_options& limits);

  server_stats stats() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace roadmapd::http
