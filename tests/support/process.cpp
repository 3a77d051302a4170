// process (see process.hpp), on posix_spawn (fork and exec for socket activation).
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

namespace {

// Socket activation (see process.hpp): fork and exec, since LISTEN_PID must name the child and is
// only known after the fork. Between fork and exec only async-signal-safe calls.
pid_t spawn_activated(std::vector<char*>& args, std::vector<std::string> env_storage, const std::vector<int>& fds,
                      const std::filesystem::path& out_file, const std::filesystem::path& err_file) {
  std::erase_if(env_storage, [](const std::string& e) { return e.starts_with("LISTEN_"); });
  env_storage.push_back("LISTEN_FDS=" + std::to_string(fds.size()));
  std::vector<char*> env;
  for (auto& e : env_storage) env.push_back(e.data());
  char listen_pid[32] = "LISTEN_PID=";
  env.push_back(listen_pid);
  env.push_back(nullptr);
  const std::string out = out_file.string(), err = err_file.string();

  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  const int in_fd = ::open("/dev/null", O_RDONLY);
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(127);
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  // Out of the way of 3, 4, ... first, in case a source descriptor is one of the targets.
  int moved[64];
  if (fds.size() > 64) ::_exit(127);
  for (std::size_t i = 0; i < fds.size(); ++i) moved[i] = ::fcntl(fds[i], F_DUPFD_CLOEXEC, 100);
  for (int fd : {in_fd, out_fd, err_fd}) {
    if (fd > 2) ::close(fd);
  }
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if (moved[i] < 0 || ::dup2(moved[i], 3 + static_cast<int>(i)) < 0) ::_exit(127);
  }
  // The digits of our pid after "LISTEN_PID=".
  char digits[20];
  int n = 0;
  for (auto v = static_cast<unsigned long>(::getpid()); v > 0; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
  char* p = listen_pid + 11;
  while (n > 0) *p++ = digits[--n];
  *p = '\0';
  ::execve(args[0], args.data(), env.data());
  ::_exit(127);
}

}  // namespace

process::process(std::vector<std::string> argv, const std::filesystem::path& log_dir,
                 std::vector<std::string> extra_env, std::vector<int> listen_fds) {
  const int n = counter++;
  const auto stem = std::filesystem::path(argv.at(0)).filename().string() + "-" + std::to_string(n);
  out_file_ = log_dir / (stem + ".out");
  err_file_ = log_dir / (stem + ".err");

  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
  for (auto& e : extra_env) env_storage.push_back(e);

  if (!listen_fds.empty()) {
    pid_ = spawn_activated(args, std::move(env_storage), listen_fds, out_file_, err_file_);
    if (pid_ < 0) throw std::runtime_error("cannot start " + argv[0]);
    return;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

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
