// `systemctl stop` (SIGTERM) on a daemon under webhook load: it stops accepting, finishes what is in
// flight, exits 0, and every delivery it acknowledged with 202 is in the inbox; after a restart all of
// them are applied. And a sync pass stuck on a slow GitHub is parked after [service] stop_timeout
// rather than holding the stop until systemd kills the daemon.
#include <csignal>
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

class service_shutdown : public service_fixture {
 protected:
  service_shutdown() : service_fixture("webhook-secret-for-shutdown-tests") {}

  std::set<std::string> stored_ids(std::string_view where = "1") {
    std::set<std::string> ids;
    for (const auto& row : query(database(), "SELECT delivery_id FROM webhook_deliveries WHERE " + std::string(where))) {
      ids.insert(row[0]);
    }
    return ids;
  }
};

TEST_F(service_shutdown, sigterm_under_webhook_load_loses_no_acknowledged_delivery) {
  const auto command = run_command(write_service_config(webhook_keys("127.0.0.1:0")));
  std::set<std::string> acknowledged;
  {
    process daemon(command, dir.path(), {notify.env()});
    ASSERT_TRUE(notify.until(daemon, starts_with("READY=1"))) << daemon.err();
    const auto port = listening_port(daemon.err());
    ASSERT_NE(port, 0) << daemon.err();

    delivery_load traffic(poster, "http://127.0.0.1:" + std::to_string(port) + "/webhook", 6);
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
  const auto file = write_service_config(webhook_keys("127.0.0.1:0"), "[service]\nstop_timeout = \"1s\"\n");
  // Every GitHub answer takes 20 s: the first pass is in flight for as long as the test lasts.
  fake.faults(R"({"faults":[{"delay_ms":20000,"repeat":100}]})");
  process daemon(run_command(file), dir.path(), {notify.env()});
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
