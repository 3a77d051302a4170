// The writer lock (see writer_lock.hpp).
#include "store/writer_lock.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace roadmapd::store {

namespace {

// The pid the holder wrote, or "" when the file says nothing readable (a holder still starting).
std::string holder_pid(int fd) {
  char text[32] = {};
  const auto n = ::pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return {};
  std::string pid(text, static_cast<std::size_t>(n));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  for (char c : pid) {
    if (c < '0' || c > '9') return {};
  }
  return pid;
}

}  // namespace

std::filesystem::path writer_lock::path_for(const std::filesystem::path& database) {
  auto p = database;
  p += ".lock";
  return p;
}

result<writer_lock> writer_lock::acquire(const std::filesystem::path& database) {
  const auto path = path_for(database);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return make_error("cannot create the lock file " + path.string() + " beside the database: " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int why = errno;
    std::string message;
    if (why == EWOULDBLOCK) {
      const auto pid = holder_pid(fd);
      message = database.string() + " is used by another roadmapd" + (pid.empty() ? "" : " (pid " + pid + ")") +
                " (lock " + path.string() + "); stop it first, or give this one its own [storage] database";
    } else {
      message = "cannot lock " + path.string() + ": " + std::strerror(why);
    }
    ::close(fd);
    return make_error(message);
  }
  // Ours now: say who we are, for the message above.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    // The lock holds all the same; only the message to a second process would lack the pid.
  }
  return writer_lock(fd, path);
}

writer_lock::writer_lock(writer_lock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

writer_lock& writer_lock::operator=(writer_lock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

writer_lock::~writer_lock() {
  // Closing drops the lock; the file stays (removing it would race with a process about to lock it).
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace roadmapd::store
