// http_call (see http_call.hpp) on plain POSIX sockets.
#include "http_call.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace roadmapd::test {

http_reply http_call(std::string_view method, std::string_view url, std::string_view body,
                     std::string_view content_type, const header_pairs& headers) {
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme)) throw std::runtime_error("http_call: not an http URL: " + std::string(url));
  auto rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  const auto hostport = rest.substr(0, slash);
  const auto target = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  const auto colon = hostport.rfind(':');
  const std::string host(hostport.substr(0, colon));
  const int port = std::stoi(std::string(hostport.substr(colon + 1)));

  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("http_call: cannot connect to " + std::string(hostport));
  }
  std::string request = std::string(method) + " " + std::string(target) + " HTTP/1.0\r\nHost: " +
                        std::string(hostport) + "\r\nContent-Type: " + std::string(content_type) +
                        "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  request += body;
  for (std::size_t sent = 0; sent < request.size();) {
    const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[65536];
  for (;;) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);

  http_reply reply;
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos) throw std::runtime_error("http_call: no HTTP answer from " + std::string(url));
  reply.status = std::stoi(raw.substr(9, 3));
  reply.headers = raw.substr(0, head_end);
  reply.body = raw.substr(head_end + 4);
  return reply;
}

}  // namespace roadmapd::test
