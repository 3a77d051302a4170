// The service tests' shared pieces (see service_fixture.hpp).
#include "service_fixture.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "fake_github.hpp"
#include "github_payloads.hpp"
#include "http_call.hpp"
#include "webhook/signature.hpp"

namespace roadmapd::test {

using steady = std::chrono::steady_clock;

notify_log::notify_log(std::filesystem::path socket_path) : socket_(std::move(socket_path)) {
  reader_ = std::thread([this] {
    while (!stop_) {
      if (auto m = socket_.receive(std::chrono::milliseconds(50))) {
        std::lock_guard lock(mutex_);
        messages_.push_back(std::move(*m));
      }
    }
  });
}

notify_log::~notify_log() {
  stop_ = true;
  reader_.join();
}

std::optional<std::string> notify_log::until(process& daemon, const std::function<bool(const std::string&)>& want,
                                             std::chrono::milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      while (seen_ < messages_.size()) {
        const auto& m = messages_[seen_++];
        if (want(m)) return m;
      }
    }
    if (steady::now() >= deadline || !daemon.running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The daemon may have sent its last messages just before it exited.
  drain();
  std::lock_guard lock(mutex_);
  while (seen_ < messages_.size()) {
    const auto& m = messages_[seen_++];
    if (want(m)) return m;
  }
  return std::nullopt;
}

void notify_log::drain() { std::this_thread::sleep_for(std::chrono::milliseconds(150)); }

int notify_log::count(std::string_view message) const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::ranges::count(messages_, message));
}

int notify_log::count_starting(std::string_view prefix) const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::ranges::count_if(messages_, [&](const std::string& m) { return m.starts_with(prefix); }));
}

std::vector<std::string> notify_log::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

std::function<bool(const std::string&)> starts_with(std::string prefix) {
  return [prefix = std::move(prefix)](const std::string& m) { return m.starts_with(prefix); };
}

delivery_poster::delivery_poster(const fake_github& fake, std::string secret) : secret_(std::move(secret)) {
  const auto state = fake.state();
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  state["issues"][1].Accept(w);
  issue_json_ = out.GetString();
}

int delivery_poster::post(const std::string& url, const std::string& delivery_id, const std::string& title) const {
  return post_signed_with(url, delivery_id, title, secret_);
}

int delivery_poster::post_signed_with(const std::string& url, const std::string& delivery_id,
                                      const std::string& title, const std::string& secret) const {
  rapidjson::Document issue;
  issue.Parse(issue_json_.c_str());
  const auto body = issue_edited_payload(issue, title, "2026-11-20T10:00:00Z");
  try {
    return http_call("POST", url, body, "application/json",
                     {{"X-GitHub-Event", "issues"},
                      {"X-GitHub-Delivery", delivery_id},
                      {"X-GitHub-Hook-ID", "4242"},
                      {"X-Hub-Signature-256", webhook::sign(body, secret)}})
        .status;
  } catch (const std::exception&) {
    return 0;  // refused or cut: GitHub records a failed delivery
  }
}

delivery_load::delivery_load(const delivery_poster& poster, const std::string& url, int clients,
                             std::chrono::milliseconds pause) {
  for (int c = 0; c < clients; ++c) {
    threads_.emplace_back([this, &poster, url, c, pause] {
      for (long n = 1; !stop_; ++n) {
        const auto id = delivery_guid(n, 100 + c);
        const int status = poster.post(url, id, "[Roadmap] Load " + std::to_string(n));
        {
          std::lock_guard lock(mutex_);
          ++posted_;
          if (status == 202) {
            acknowledged_.insert(id);
          } else if (status == 0) {
            ++refused_;
          } else {
            others_.push_back(status);
          }
        }
        if (pause.count() > 0) std::this_thread::sleep_for(pause);
      }
    });
  }
}

void delivery_load::finish() {
  stop_ = true;
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

long delivery_load::posted() const {
  std::lock_guard lock(mutex_);
  return posted_;
}

long delivery_load::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

std::set<std::string> delivery_load::acknowledged() const {
  std::lock_guard lock(mutex_);
  return acknowledged_;
}

std::vector<int> delivery_load::other_statuses() const {
  std::lock_guard lock(mutex_);
  return others_;
}

std::string delivery_guid(long n, int prefix) {
  char text[40];
  std::snprintf(text, sizeof text, "%08d-0000-4000-8000-%012ld", prefix, n);
  return text;
}

loopback_socket::loopback_socket(int type) {
  fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      (type == SOCK_STREAM && ::listen(fd, 64) != 0) ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot create a loopback socket");
  }
  port = ntohs(a.sin_port);
}

loopback_socket::~loopback_socket() { ::close(fd); }

std::uint16_t free_port() { return loopback_socket(SOCK_STREAM).port; }

service_fixture::service_fixture(std::string secret_text) : secret(std::move(secret_text)) {
  dir.write("webhook-secret", secret + "\n");
}

std::string service_fixture::webhook_keys(const std::string& listen, const std::string& path,
                                          const std::string& secret_file) {
  return "listen = \"" + listen + "\"\npath = \"" + path + "\"\nsecret_files = [\"" + secret_file + "\"]\n";
}

std::filesystem::path service_fixture::write_service_config(const std::string& webhook, const std::string& extra,
                                                            const std::string& targets) {
  return write_config(dir, fake, targets + "\n[webhook]\n" + webhook + "\n" + extra,
                      "[sync]\ninterval = \"1h\"\nfull_resync = \"6h\"\n");
}

std::vector<std::string> service_fixture::run_command(const std::filesystem::path& config_file) {
  return {ROADMAPD_BINARY, "run", "--config", config_file.string()};
}


}  // namespace roadmapd::test
