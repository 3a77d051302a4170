// raw_connection (see endpoint_raw_client.hpp) on blocking POSIX sockets, with poll() for timeouts.
#include "endpoint_raw_client.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace roadmapd::test {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Length of the first whole response in `bytes` (head plus Content-Length body), 0 if incomplete.
std::size_t complete_response_length(std::string_view bytes) {
  const auto head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return 0;
  const auto head = bytes.substr(0, head_end);
  std::size_t length = 0;
  for (std::size_t pos = head.find("\r\n"); pos != std::string_view::npos;) {
    const auto next = head.find("\r\n", pos + 2);
    const auto line = head.substr(pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && iequals(line.substr(0, colon), "Content-Length")) {
      length = std::stoul(std::string(line.substr(colon + 1)));
    }
    pos = next;
  }
  const auto total = head_end + 4 + length;
  return bytes.size() >= total ? total : 0;
}

}  // namespace

int wire_answer::status() const {
  if (bytes.size() < 12 || !bytes.starts_with("HTTP/1.")) return 0;
  return std::stoi(bytes.substr(9, 3));
}

std::string wire_answer::body() const {
  const auto head_end = bytes.find("\r\n\r\n");
  return head_end == std::string::npos ? std::string() : bytes.substr(head_end + 4);
}

raw_connection::raw_connection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("raw_connection: socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    throw std::runtime_error("raw_connection: cannot connect to 127.0.0.1:" + std::to_string(port) + ": " + why);
  }
}

raw_connection::~raw_connection() { ::close(fd_); }

bool raw_connection::send(std::string_view bytes) {
  for (std::size_t sent = 0; sent < bytes.size();) {
    const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

void raw_connection::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

bool raw_connection::readable_within(std::chrono::milliseconds timeout) {
  if (!buffer_.empty() || closed_) return true;
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(timeout.count())) > 0;
}

bool raw_connection::fill(std::chrono::steady_clock::time_point deadline) {
  if (closed_) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
  if (ready < 0 && errno == EINTR) return true;
  if (ready <= 0) return false;
  char chunk[65536];
  const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) {
    // End of stream or a reset (ECONNRESET): either way the server is done with this connection.
    closed_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

wire_answer raw_connection::read_response(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t length = 0;
  while ((length = complete_response_length(buffer_)) == 0 && fill(deadline)) {
  }
  wire_answer out;
  if (length == 0) {
    out.bytes = std::move(buffer_);
    buffer_.clear();
  } else {
    out.bytes = buffer_.substr(0, length);
    buffer_.erase(0, length);
  }
  out.closed = closed_ && buffer_.empty();
  return out;
}

wire_answer raw_connection::read_until_close(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (fill(deadline)) {
  }
  wire_answer out{std::move(buffer_), closed_};
  buffer_.clear();
  return out;
}

std::string raw_request(std::string_view method, std::string_view target, const raw_headers& headers,
                        std::string_view body) {
  std::string out = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool framed = false;
  for (const auto& [name, value] : headers) {
    framed = framed || iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding");
    out += name + ": " + value + "\r\n";
  }
  if (!framed) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

}  // namespace roadmapd::test
