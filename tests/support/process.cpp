// process (see process.hpp), on posix_spawn.
#include "process.hpp"

#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "temp_dir.hpp"

extern char** environ;

namespace roadmapd::test {

namespace {
std::atomic<int> counter{0};
}

process::process(std::vector<std::string> argv, const std::filesystem::path& log_dir,
                 std::vector<std::string> extra_env) {
  const int n = counter++;
  const auto stem = std::filesystem::path(argv.at(0)).filename().string() + "-" + std::to_string(n);
  out_file_ = log_dir / (stem + ".out");
  err_file_ = log_dir / (stem + ".err");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
  for (auto& e : extra_env) env_storage.push_back(e);
  std::vector<char*> env;
  for (auto& e : env_storage) env.push_back(e.data());
  env.push_back(nullptr);

  const int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
}

process::~process() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::seconds(10));
  }
}

bool process::running() {
  if (status_) return false;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return false;
  }
  return r == 0;
}

void process::signal(int sig) {
  if (running()) ::kill(pid_, sig);
}

std::optional<int> process::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

std::string process::out() const { return read_file(out_file_); }
std::string process::err() const { return read_file(err_file_); }

run_result run_command(std::vector<std::string> argv, const std::filesystem::path& log_dir,
                       std::chrono::milliseconds timeout, std::vector<std::string> extra_env) {
  process p(std::move(argv), log_dir, std::move(extra_env));
  run_result r;
  if (auto code = p.wait(timeout)) r.exit_code = *code;
  r.out = p.out();
  r.err = p.err();
  return r;
}

}  // namespace roadmapd::test
