// What the service tests share: a stand-in service manager that collects the daemon's sd_notify
// messages, and signed `issues.edited` deliveries to post to its webhook endpoint.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "notify_socket.hpp"
#include "process.hpp"
#include "roadmapd_runner.hpp"
#include "temp_dir.hpp"

namespace roadmapd::test {

// The messages a daemon sent to $NOTIFY_SOCKET, in order. A thread reads the socket all the time,
// as systemd does: sd_notify blocks when the socket's queue is full, so a test that stopped reading
// would stall the daemon's event loop.
class notify_log {
 public:
  explicit notify_log(std::filesystem::path socket_path);
  ~notify_log();
  notify_log(const notify_log&) = delete;
  notify_log& operator=(const notify_log&) = delete;

  std::string env() const { return socket_.env(); }
  // Waits until a message not yet seen by until() satisfies `want` (returned), `timeout` passes, or
  // the daemon exits.
  std::optional<std::string> until(process& daemon, const std::function<bool(const std::string&)>& want,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // Gives the reader a moment to take what the daemon sent last.
  void drain();
  int count(std::string_view message) const;
  int count_starting(std::string_view prefix) const;
  std::vector<std::string> messages() const;

 private:
  notify_socket socket_;
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
  std::size_t seen_ = 0;  // messages until() has looked at
  std::atomic<bool> stop_{false};
  std::thread reader_;
};

// A predicate for until(): the message starts with `prefix`.
std::function<bool(const std::string&)> starts_with(std::string prefix);

// Posts signed `issues.edited` deliveries for one issue of the fake's apache/tvm to a webhook URL.
class delivery_poster {
 public:
  delivery_poster(const fake_github& fake, std::string secret);
  // "http://127.0.0.1:PORT/webhook"; the status GitHub would see, or 0 when the connection failed.
  int post(const std::string& url, const std::string& delivery_id, const std::string& title) const;
  // The same signed with another secret (a stale one).
  int post_signed_with(const std::string& url, const std::string& delivery_id, const std::string& title,
                       const std::string& secret) const;

 private:
  std::string issue_json_;
  std::string secret_;
};

// Clients posting deliveries to `url` until finish(), each with its own GUID and a `pause` after
// each answer, remembering which were acknowledged (202), how many found the endpoint closed, and any
// other status.
class delivery_load {
 public:
  delivery_load(const delivery_poster& poster, const std::string& url, int clients,
                std::chrono::milliseconds pause = std::chrono::milliseconds(0));
  ~delivery_load() { finish(); }
  delivery_load(const delivery_load&) = delete;
  delivery_load& operator=(const delivery_load&) = delete;
  void finish();

  long posted() const;
  long refused() const;  // the connection failed: GitHub records a failed delivery
  std::set<std::string> acknowledged() const;
  std::vector<int> other_statuses() const;

 private:
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  long posted_ = 0, refused_ = 0;
  std::set<std::string> acknowledged_;
  std::vector<int> others_;
  std::vector<std::thread> threads_;
};

// "00000000-0000-4000-8000-<n as 12 digits>": a delivery GUID per number.
std::string delivery_guid(long n, int prefix = 0);

// A loopback socket of `type` on a free port (listening when a stream socket); closed at the end.
struct loopback_socket {
  int fd = -1;
  std::uint16_t port = 0;
  explicit loopback_socket(int type);
  ~loopback_socket();
  loopback_socket(const loopback_socket&) = delete;
  loopback_socket& operator=(const loopback_socket&) = delete;
};

// A loopback TCP port that was free a moment ago (bound to port 0, then closed).
std::uint16_t free_port();

// What every service test starts from: a scratch directory, the fake GitHub, the stand-in service
// manager, and deliveries signed with `secret` (written to dir/webhook-secret).
class service_fixture : public ::testing::Test {
 protected:
  explicit service_fixture(std::string secret);

  // The [webhook] keys: listen address, path and the secret file's name.
  static std::string webhook_keys(const std::string& listen, const std::string& path = "/webhook",
                                  const std::string& secret_file = "webhook-secret");
  // dir/roadmapd.toml: `targets`, [webhook] with `webhook`, an hourly sync and `extra` sections.
  std::filesystem::path write_service_config(const std::string& webhook, const std::string& extra = "",
                                             const std::string& targets = fixture_targets_toml());
  // `roadmapd run --config FILE`.
  static std::vector<std::string> run_command(const std::filesystem::path& config_file);
  std::filesystem::path database() const { return dir / "mirror.db"; }

  const std::string secret;
  temp_dir dir;
  fake_github fake{dir};
  notify_log notify{dir / "notify"};
  delivery_poster poster{fake, secret};
};

}  // namespace roadmapd::test
