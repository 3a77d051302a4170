// Socket activation: the listening sockets systemd passed to this process (LISTEN_FDS, LISTEN_PID,
// through sd_listen_fds), checked to be listening TCP sockets. The variables are removed from the
// environment on the first call, so a second call (or a child process) sees none.
#pragma once

#include <vector>

#include "util/result.hpp"

namespace roadmapd::systemd {

// The inherited listening TCP sockets (SD_LISTEN_FDS_START, ...), in the order of the .socket
// unit's ListenStream= lines; empty when the process was not socket-activated. An error names the
// file descriptor that is not a listening TCP socket, or the malformed variable.
result<std::vector<int>> listen_fds();

}  // namespace roadmapd::systemd
