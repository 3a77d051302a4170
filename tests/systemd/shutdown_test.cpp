// `systemctl stop` (SIGTERM) on a daemon under webhook load: it stops accepting, finishes what is in
// flight, exits 0, and every delivery it acknowledged with 202 is in the inbox; after a restart all of
// them are applied. And a sync pass stuck on a slow GitHub is parked after [service] stop_timeout
// rather than holding the stop until systemd kills the daemon.
#include <atomic>
#include <csignal>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "roadmapd_runner.hpp"
#include "service_fixture.hpp"

namespace roadmapd::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using steady = std::chrono::steady_clock;

constexpr const char* secret = "webhook-secret-for-shutdown-tests";

class service_shutdown : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  notify_log notify{dir / "notify"};
  delivery_poster poster{fake, secret};

  std::filesystem::path config(const std::string& service_section) {
    dir.write("webhook-secret", std::string(secret) + "\n");
    return write_config(dir, fake,
                        fixture_targets_toml() + "\n[webhook]\nlisten = \"127.0.0.1:0\"\n"
                                                 "secret_files = [\"webhook-secret\"]\n\n" +
                            service_section,
                        "[sync]\ninterval = \"1h\"\nfull_resync = \"6h\"\n");
  }

  std::filesystem::path database() const { return dir / "mirror.db"; }

  std::set<std::string> stored_ids(std::string_view where = "1") {
    std::set<std::string> ids;
    for (const auto& row : query(database(), "SELECT delivery_id FROM webhook_deliveries WHERE " + std::string(where))) {
      ids.insert(row[0]);
    }
    return ids;
  }
};

// Clients posting as fast as the daemon answers, each delivery with its own GUID, remembering which
// ones were acknowledged (202) and how many were refused once the daemon stopped accepting.
class load {
 public:
  load(const delivery_poster& poster, const std::string& url, int clients) {
    for (int c = 0; c < clients; ++c) {
      threads_.emplace_back([this, &poster, url, c] {
        for (long n = 1; !stop_; ++n) {
          const auto id = delivery_guid(n, 100 + c);
          const int status = poster.post(url, id, "[Roadmap] Load " + std::to_string(n));
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
      });
    }
  }
  ~load() { finish(); }
  void finish() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  long posted() {
    std::lock_guard lock(mutex_);
    return posted_;
  }
  long refused() {
    std::lock_guard lock(mutex_);
    return refused_;
  }
  std::set<std::string> acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  std::vector<int> other_statuses() {
    std::lock_guard lock(mutex_);
    return others_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  long posted_ = 0, refused_ = 0;
  std::set<std::string> acknowledged_;
  std::vector<int> others_;
  std::vector<std::thread> threads_;
};

TEST_F(service_shutdown, sigterm_under_webhook_load_loses_no_acknowledged_delivery) {
  const auto file = config("");
  const std::vector<std::string> command{ROADMAPD_BINARY, "run", "--config", file.string()};
  std::set<std::string> acknowledged;
  {
    process daemon(command, dir.path(), {notify.env()});
    ASSERT_TRUE(notify.until(daemon, starts_with("READY=1"))) << daemon.err();
    const auto port = listening_port(daemon.err());
    ASSERT_NE(port, 0) << daemon.err();

    load traffic(poster, "http://127.0.0.1:" + std::to_string(port) + "/webhook", 6);
    const auto deadline = steady::now() + 60s;
    while (traffic.posted() < 300 && steady::now() < deadline) std::this_thread::sleep_for(10ms);
    ASSERT_GE(traffic.posted(), 300) << daemon.err();

    daemon.signal(SIGTERM);
    // The load goes on while the daemon stops: requests in flight finish, new ones are refused.
    EXPECT_EQ(daemon.wait(60s), 0) << daemon.err();
    traffic.finish();
    acknowledged = traffic.acknowledged();
    EXPECT_GE(acknowledged.size(), 300u);
    EXPECT_GT(traffic.refused(), 0) << "the load never saw the endpoint close";
    EXPECT_TRUE(traffic.other_statuses().empty()) << "first unexpected status: " << traffic.other_statuses().front();
    EXPECT_THAT(daemon.err(), HasSubstr("stop: in-flight work finished in "));
    // Closed cleanly: SQLite checkpointed the write-ahead log into the database and removed it.
    EXPECT_FALSE(std::filesystem::exists(dir / "mirror.db-wal"));
    notify.drain();
    EXPECT_EQ(notify.count_starting("STOPPING=1"), 1);
  }

  // Every acknowledged delivery was committed before its 202; nothing else was stored.
  const auto stored = stored_ids();
  std::vector<std::string> lost;
  std::ranges::set_difference(acknowledged, stored, std::back_inserter(lost));
  EXPECT_TRUE(lost.empty()) << lost.size() << " acknowledged deliveries missing, e.g. " << lost.front();
  EXPECT_EQ(stored.size(), acknowledged.size());

  // After a restart, what was left pending is applied: every acknowledged delivery ends done.
  process again(command, dir.path(), {notify.env()});
  ASSERT_TRUE(notify.until(again, starts_with("READY=1"))) << again.err();
  const auto deadline = steady::now() + 60s;
  while (scalar(database(), "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'") != "0" &&
         steady::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(stored_ids("status = 'done'"), acknowledged);
  again.signal(SIGTERM);
  EXPECT_EQ(again.wait(60s), 0) << again.err();
}

TEST_F(service_shutdown, a_sync_pass_stuck_on_github_is_parked_after_stop_timeout) {
  const auto file = config("[service]\nstop_timeout = \"1s\"\n");
  // Every GitHub answer takes 20 s: the first pass is in flight for as long as the test lasts.
  fake.faults(R"({"faults":[{"delay_ms":20000,"repeat":100}]})");
  process daemon({ROADMAPD_BINARY, "run", "--config", file.string()}, dir.path(), {notify.env()});
  ASSERT_TRUE(notify.until(daemon, starts_with("READY=1"))) << daemon.err();
  std::this_thread::sleep_for(300ms);  // the pass's first request is out

  const auto signalled = steady::now();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(30s), 0) << daemon.err();
  const auto took = steady::now() - signalled;
  EXPECT_GE(took, 1s);
  EXPECT_LT(took, 15s) << "the stop waited for the slow GitHub instead of parking the pass";
  EXPECT_THAT(daemon.err(), HasSubstr("part(s) running (a sync pass, the webhook worker or rule actions); parked for "
                                      "the next start"));
  EXPECT_THAT(daemon.err(), HasSubstr(" info stopped\n"));
  EXPECT_FALSE(std::filesystem::exists(dir / "mirror.db-wal")) << "the database was not closed cleanly";
}

}  // namespace
}  // namespace roadmapd::test
