// A stand-in for the service manager's notification socket: an AF_UNIX datagram socket that a test
// names in NOTIFY_SOCKET and reads the daemon's sd_notify messages from.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace roadmapd::test {

class notify_socket {
 public:
  // Binds a datagram socket at `path` (under 108 bytes: a temp_dir path is fine).
  explicit notify_socket(std::filesystem::path path);
  ~notify_socket();
  notify_socket(const notify_socket&) = delete;
  notify_socket& operator=(const notify_socket&) = delete;

  // "NOTIFY_SOCKET=<path>", for a child's environment.
  std::string env() const { return "NOTIFY_SOCKET=" + path_.string(); }
  const std::filesystem::path& path() const { return path_; }

  // The next message ("READY=1\nSTATUS=..."), or nullopt when none arrives within `timeout`.
  std::optional<std::string> receive(std::chrono::milliseconds timeout);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace roadmapd::test
