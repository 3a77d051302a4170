// `roadmapd run` under a stand-in service manager: the sd_notify messages it sends to $NOTIFY_SOCKET
// (READY once the webhook endpoint listens, STATUS after a pass, WATCHDOG at the configured rate,
// STOPPING on SIGTERM) and socket activation (a webhook posted to the socket passed as fd 3).
#include <csignal>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "http_call.hpp"
#include "service_fixture.hpp"

namespace roadmapd::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using steady = std::chrono::steady_clock;

class systemd_service : public service_fixture {
 protected:
  systemd_service() : service_fixture("webhook-secret-for-systemd-tests") {}

  std::vector<std::string> command(const std::string& listen) { return run_command(write_service_config(webhook_keys(listen))); }
};

TEST_F(systemd_service, notifies_ready_status_watchdog_and_stopping) {
  const auto started = steady::now();
  process daemon(command("127.0.0.1:0"), dir.path(), {notify.env(), "WATCHDOG_USEC=1000000"});

  const auto ready = notify.until(daemon, starts_with("READY=1"));
  ASSERT_TRUE(ready) << daemon.err();
  const auto ready_at = steady::now();
  EXPECT_THAT(*ready, MatchesRegex("READY=1\nSTATUS=started; .*inbox 0 pending; rules: 0 sent"));
  // READY means the endpoint listens: it was logged before, and it answers now.
  const auto err = daemon.err();
  const auto port = listening_port(err);
  ASSERT_NE(port, 0) << err;
  EXPECT_THAT(err, HasSubstr("webhook endpoint listening on http://127.0.0.1:" + std::to_string(port) +
                             "/webhook ([webhook] listen)"));
  EXPECT_EQ(http_call("GET", "http://127.0.0.1:" + std::to_string(port) + "/healthz").status, 200);

  const auto status = notify.until(daemon, [](const std::string& m) { return m.find("last sync") != std::string::npos; });
  ASSERT_TRUE(status) << daemon.err();
  EXPECT_THAT(*status, MatchesRegex("STATUS=last sync [0-9]{2}:[0-9]{2}:[0-9]{2} ok; inbox 0 pending; rules: 0 sent"));

  // Watch the keep-alives for at least three seconds more.
  notify.until(daemon, [](const std::string&) { return false; }, 3s);
  const auto signalled_at = steady::now();
  daemon.signal(SIGTERM);
  const auto stopping = notify.until(daemon, starts_with("STOPPING=1"), 30s);
  ASSERT_TRUE(stopping) << daemon.err();
  EXPECT_EQ(*stopping, "STOPPING=1\nSTATUS=stopping on signal 15");
  EXPECT_EQ(daemon.wait(30s), 0) << daemon.err();
  const auto exited_at = steady::now();
  notify.drain();

  // WatchdogSec=1s: a keep-alive every 500 ms. At least a few came while we watched for 3 s or
  // more; never more than one per 500 ms of the daemon's whole life (plus the one at start).
  const int keep_alives = notify.count("WATCHDOG=1");
  const auto watched = std::chrono::duration_cast<std::chrono::milliseconds>(signalled_at - ready_at);
  const auto lived = std::chrono::duration_cast<std::chrono::milliseconds>(exited_at - started);
  EXPECT_GE(watched, 3s);
  EXPECT_GE(keep_alives, 2) << "over " << watched.count() << " ms";
  EXPECT_LE(keep_alives, lived / 500ms + 1) << "over " << lived.count() << " ms";
  EXPECT_EQ(notify.count_starting("READY=1"), 1);
}

TEST_F(systemd_service, socket_activation_serves_webhooks_on_the_passed_socket) {
  loopback_socket activated(SOCK_STREAM);
  loopback_socket occupied(SOCK_STREAM);  // [webhook] listen names a busy port: binding it would fail
  process daemon(command("127.0.0.1:" + std::to_string(occupied.port)), dir.path(), {notify.env()},
                 {activated.fd});

  ASSERT_TRUE(notify.until(daemon, starts_with("READY=1"))) << daemon.err();
  EXPECT_THAT(daemon.err(), HasSubstr("webhook endpoint listening on http://127.0.0.1:" +
                                      std::to_string(activated.port) + "/webhook (socket passed by systemd)"));
  EXPECT_EQ(poster.post("http://127.0.0.1:" + std::to_string(activated.port) + "/webhook", delivery_guid(1),
                        "[Roadmap] Renamed through an activated socket"),
            202);

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(30s), 0) << daemon.err();
  notify.drain();
  EXPECT_EQ(scalar(dir / "mirror.db", "SELECT count(*) FROM webhook_deliveries"), "1");
  // No WATCHDOG_USEC, no keep-alives.
  EXPECT_EQ(notify.count("WATCHDOG=1"), 0);
}

TEST_F(systemd_service, a_passed_socket_that_is_not_a_tcp_listener_stops_the_start_with_the_cause) {
  loopback_socket udp(SOCK_DGRAM);
  process daemon(command("127.0.0.1:0"), dir.path(), {notify.env()}, {udp.fd});
  EXPECT_EQ(daemon.wait(60s), 1);
  EXPECT_THAT(daemon.err(), HasSubstr("socket activation: file descriptor 3 passed by systemd is not a listening "
                                      "TCP socket"));
  notify.drain();
  EXPECT_EQ(notify.count_starting("READY=1"), 0);
}

}  // namespace
}  // namespace roadmapd::test
