// notify_socket (see notify_socket.hpp).
#include "notify_socket.hpp"

#include <array>
#include <cstring>
#include <stdexcept>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace roadmapd::test {

notify_socket::notify_socket(std::filesystem::path path) : path_(std::move(path)) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const auto s = path_.string();
  if (s.size() >= sizeof(addr.sun_path)) throw std::runtime_error("notify socket path too long: " + s);
  std::memcpy(addr.sun_path, s.c_str(), s.size() + 1);
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("cannot create a datagram socket");
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot bind " + s + ": " + std::strerror(errno));
  }
}

notify_socket::~notify_socket() {
  ::close(fd_);
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

std::optional<std::string> notify_socket::receive(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
  std::array<char, 4096> buffer;
  const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
  if (n < 0) throw std::runtime_error(std::string("recv on the notify socket: ") + std::strerror(errno));
  return std::string(buffer.data(), static_cast<std::size_t>(n));
}

}  // namespace roadmapd::test
