// A raw TCP client for the endpoint tests: exact bytes on the wire (partial requests, trickled
// headers, connections held open) and reads bounded by a timeout that tell whether the server closed.
// Blocking POSIX sockets on purpose: nothing of the daemon's own HTTP stack is involved.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roadmapd::test {

// What the server sent on a connection within a read's timeout.
struct wire_answer {
  std::string bytes;    // everything received
  bool closed = false;  // the server closed (FIN) or reset the connection

  // Status code of the first response in `bytes`; 0 when no status line arrived.
  int status() const;
  // The first response's body (after the blank line), or "" when there is none.
  std::string body() const;
};

class raw_connection {
 public:
  // Connects to 127.0.0.1:port; throws when it cannot.
  explicit raw_connection(std::uint16_t port);
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  // Sends all of `bytes`; false when the server has closed or reset the connection.
  bool send(std::string_view bytes);
  // Half-closes: the server reads end of stream, and may still answer.
  void shutdown_write();
  // Waits up to `timeout` for the server to send something or close; true if it did.
  bool readable_within(std::chrono::milliseconds timeout);
  // Reads until one whole response (head and Content-Length body) is in, the server closes, or
  // `timeout` passes. Bytes after that response stay for the next read.
  wire_answer read_response(std::chrono::milliseconds timeout);
  // Reads until the server closes or `timeout` passes.
  wire_answer read_until_close(std::chrono::milliseconds timeout);

 private:
  // One recv into buffer_ after waiting at most `timeout`; false once closed or timed out.
  bool fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  bool closed_ = false;
  std::string buffer_;
};

// An HTTP/1.1 request as bytes, with a Host header. Content-Length is the body's size unless
// `headers` name Content-Length or Transfer-Encoding themselves (a truncated or chunked body).
using raw_headers = std::vector<std::pair<std::string, std::string>>;
std::string raw_request(std::string_view method, std::string_view target, const raw_headers& headers,
                        std::string_view body = {});

}  // namespace roadmapd::test
