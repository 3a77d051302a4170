// The HTTP server on a socket someone else bound and listens on (socket activation): it answers
// there, reports that address, and closes the socket when it stops.
#include <thread>

#include <arpa/inet.h>
#include <boost/asio/io_context.hpp>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/router.hpp"
#include "http/server.hpp"
#include "http_call.hpp"

namespace roadmapd::http {
namespace {

// A listening loopback socket on a free port, as systemd would pass it; returns {fd, port}.
std::pair<int, std::uint16_t> listening_socket() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) != 0) {
    throw std::runtime_error("cannot create a listening socket");
  }
  return {fd, ntohs(a.sin_port)};
}

TEST(inherited_socket, the_server_answers_on_the_socket_it_was_given_and_closes_it_on_stop) {
  const auto [fd, port] = listening_socket();
  boost::asio::io_context io{1};
  router routes;
  routes.add("GET", "/healthz", [](const request&) { return response::text(200, "ok"); });
  server_options o;
  o.port = 1;  // never bound: the inherited socket wins
  o.inherited_fd = fd;
  server s(io.get_executor(), o, routes.as_handler());
  const auto started = s.start();
  ASSERT_TRUE(started) << started.message();
  EXPECT_EQ(s.port(), port);
  EXPECT_EQ(s.local_address(), "127.0.0.1:" + std::to_string(port));

  std::thread loop([&io] { io.run(); });
  const auto reply = test::http_call("GET", "http://127.0.0.1:" + std::to_string(port) + "/healthz");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "ok\n");
  s.stop();
  loop.join();  // the loop runs out of work once the acceptor is closed
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "the server owns the inherited socket and closes it";
}

TEST(inherited_socket, a_descriptor_that_is_not_a_socket_is_an_error_naming_it) {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  boost::asio::io_context io{1};
  router routes;
  server_options o;
  o.inherited_fd = fd;
  server s(io.get_executor(), o, routes.as_handler());
  const auto started = s.start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.message(),
            "cannot use inherited socket (file descriptor " + std::to_string(fd) + "): Socket operation on non-socket");
  ::close(fd);
}

}  // namespace
}  // namespace roadmapd::http
