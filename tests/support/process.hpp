// Child processes for integration tests: the roadmapd binary and the fake GitHub. Output goes to
// files so a test can read what a user would have seen on the terminal.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace roadmapd::test {

struct run_result {
  int exit_code = -1;        // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
};

class process {
 public:
  // Starts `argv[0]` with the given arguments; stdout and stderr go to files in `log_dir`.
  // With `listen_fds`, the child starts as systemd's socket activation starts a service: those
  // sockets become its fds 3, 4, ... and LISTEN_FDS=<count> and LISTEN_PID=<its own pid> say so.
  process(std::vector<std::string> argv, const std::filesystem::path& log_dir,
          std::vector<std::string> extra_env = {}, std::vector<int> listen_fds = {});
  ~process();  // SIGKILLs the child if it still runs
  process(const process&) = delete;
  process& operator=(const process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // Waits for exit; nullopt on timeout (the child keeps running).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path out_file_, err_file_;
};

// Runs a command to completion (killed after `timeout`).
run_result run_command(std::vector<std::string> argv, const std::filesystem::path& log_dir,
                       std::chrono::milliseconds timeout = std::chrono::seconds(120),
                       std::vector<std::string> extra_env = {});

}  // namespace roadmapd::test
