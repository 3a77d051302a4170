// One writing roadmapd per mirror: `run`, `sync --once` and `enforce --once` hold an exclusive lock
// on a file beside the database (roadmapd.db -> roadmapd.db.lock) for as long as they live, so a
// second daemon on the same file is refused at start instead of doubling every GitHub write.
// Readers (`lint`, sqlite3) take no lock. flock(2): the kernel drops the lock when the process
// ends, however it ends, so a crash never leaves a stale lock behind.
#pragma once

#include <filesystem>
#include <string>

#include "util/result.hpp"

namespace roadmapd::store {

class writer_lock {
 public:
  // Takes the lock for `database` and writes this process's pid into the lock file. An error says
  // who holds it ("... is used by another roadmapd (pid 1234) ...") or why the file cannot be made.
  static result<writer_lock> acquire(const std::filesystem::path& database);

  writer_lock(writer_lock&& other) noexcept;
  writer_lock& operator=(writer_lock&& other) noexcept;
  writer_lock(const writer_lock&) = delete;
  writer_lock& operator=(const writer_lock&) = delete;
  ~writer_lock();

  const std::filesystem::path& path() const { return path_; }
  static std::filesystem::path path_for(const std::filesystem::path& database);

 private:
  writer_lock(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace roadmapd::store
