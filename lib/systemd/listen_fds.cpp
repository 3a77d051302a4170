// listen_fds (see listen_fds.hpp) on sd_listen_fds and sd_is_socket_inet.
#include "systemd/listen_fds.hpp"

#include <cstring>
#include <string>

#include <sys/socket.h>
#include <systemd/sd-daemon.h>

namespace roadmapd::systemd {

result<std::vector<int>> listen_fds() {
  // 1 = unset LISTEN_FDS, LISTEN_PID and LISTEN_FDNAMES: the sockets are ours alone.
  const int n = sd_listen_fds(1);
  if (n < 0) return make_error("socket activation: cannot read LISTEN_FDS/LISTEN_PID: " + std::string(std::strerror(-n)));
  std::vector<int> fds;
  for (int fd = SD_LISTEN_FDS_START; fd < SD_LISTEN_FDS_START + n; ++fd) {
    const int r = sd_is_socket_inet(fd, AF_UNSPEC, SOCK_STREAM, 1, 0);
    if (r < 0) {
      return make_error("socket activation: file descriptor " + std::to_string(fd) +
                        " passed by systemd cannot be inspected: " + std::strerror(-r));
    }
    if (r == 0) {
      return make_error("socket activation: file descriptor " + std::to_string(fd) +
                        " passed by systemd is not a listening TCP socket; roadmapd.socket needs ListenStream= "
                        "with an IP address and port");
    }
    fds.push_back(fd);
  }
  return fds;
}

}  // namespace roadmapd::systemd
