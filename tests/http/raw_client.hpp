// A blocking HTTP client on plain POSIX sockets for the server tests: it sends exactly the bytes a
// test gives it (half a header, a lying Content-Length) and reads with a safety timeout, so a broken
// server fails a test instead of hanging it. Independent of Beast, so a Beast misuse cannot hide.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roadmapd::test {

struct raw_response {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  std::optional<std::string> header(std::string_view name) const;
};

class raw_client {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error when that fails.
  explicit raw_client(std::uint16_t port);
  ~raw_client();
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;

  // Connects, or returns nullopt (connection refused).
  static std::optional<raw_client> try_connect(std::uint16_t port);
  raw_client(raw_client&& other) noexcept;

  // False when the server has closed or reset the connection.
  bool send(std::string_view bytes);
  // One response (headers and a Content-Length body); nullopt when the connection ended or the
  // safety timeout passed before a whole response arrived.
  std::optional<raw_response> read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the server closed (or reset) the connection within timeout; bytes it sent before
  // that are kept in received().
  bool closed_within(std::chrono::milliseconds timeout);
  const std::string& received() const { return buffer_; }
  void close();

 private:
  explicit raw_client(int fd) : fd_(fd) {}
  // Reads what is available within timeout; false on end of stream, reset or timeout.
  bool read_some(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  bool eof_ = false;
  std::string buffer_;
};

// "METHOD target HTTP/1.1" with Host, the given headers, Content-Length when there is a body.
std::string make_request(std::string_view method, std::string_view target,
                         const std::vector<std::pair<std::string, std::string>>& headers = {},
                         std::string_view body = {});

}  // namespace roadmapd::test
