// Socket activation: the sockets systemd passes from fd 3 on, as roadmapd takes them. Each case runs
// in a child process (a death test) since it rearranges file descriptors and the environment.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "systemd/listen_fds.hpp"

namespace roadmapd::systemd {
namespace {

// A loopback socket of `type`, listening when it is a stream socket.
int loopback_socket(int type) {
  const int fd = ::socket(AF_INET, type, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) std::abort();
  if (type == SOCK_STREAM && ::listen(fd, 16) != 0) std::abort();
  return fd;
}

// In the child: `fd` becomes fd 3, announced for `pid`; prints what listen_fds() gave and exits.
[[noreturn]] void activate_and_report(int fd, pid_t pid) {
  if (fd != 3 && ::dup2(fd, 3) != 3) std::abort();
  ::setenv("LISTEN_FDS", "1", 1);
  ::setenv("LISTEN_PID", std::to_string(pid).c_str(), 1);
  const auto got = listen_fds();
  if (!got) {
    std::fprintf(stderr, "error: %s\n", got.message().c_str());
    std::_Exit(2);
  }
  std::string fds;
  for (int f : *got) fds += std::to_string(f) + " ";
  const bool cleared = !std::getenv("LISTEN_FDS") && !std::getenv("LISTEN_PID");
  std::fprintf(stderr, "fds: %s; environment %s; again: %zu\n", fds.c_str(), cleared ? "cleared" : "kept",
               listen_fds()->size());
  std::_Exit(0);
}

TEST(listen_fds, a_listening_tcp_socket_passed_as_fd_3_is_taken_once) {
  EXPECT_EXIT(activate_and_report(loopback_socket(SOCK_STREAM), ::getpid()), ::testing::ExitedWithCode(0),
              "fds: 3 ; environment cleared; again: 0");
}

TEST(listen_fds, sockets_meant_for_another_process_are_not_taken) {
  EXPECT_EXIT(activate_and_report(loopback_socket(SOCK_STREAM), ::getpid() + 1), ::testing::ExitedWithCode(0),
              "fds: ; environment cleared");
}

TEST(listen_fds, a_socket_that_is_not_a_tcp_listener_is_an_error_naming_it) {
  EXPECT_EXIT(activate_and_report(loopback_socket(SOCK_DGRAM), ::getpid()), ::testing::ExitedWithCode(2),
              "error: socket activation: file descriptor 3 passed by systemd is not a listening TCP socket");
}

TEST(listen_fds, without_listen_fds_there_are_no_sockets) {
  ::unsetenv("LISTEN_FDS");
  const auto got = listen_fds();
  ASSERT_TRUE(got) << got.message();
  EXPECT_TRUE(got->empty());
}

}  // namespace
}  // namespace roadmapd::systemd
