// `systemctl reload` (SIGHUP) on a running daemon while webhooks keep arriving: a valid edit is
// applied without a restart (a new board is synced, the log level changes, the webhook path, secret
// and listening port move), a broken edit is refused with the same message check-config prints and
// the daemon keeps running on the old config. Every delivery posted meanwhile is answered 202 and
// applied: a reload never drops one.
#include <csignal>
#include <string>
#include <thread>

#include <sys/socket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "http_call.hpp"
#include "roadmapd_runner.hpp"
#include "service_fixture.hpp"

namespace roadmapd::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

constexpr const char* new_secret = "webhook-secret-after-rotation";

// The fixture's targets without the user-owned board denise-k/7, which a reload then adds.
std::string targets_without_user_board() {
  auto all = fixture_targets_toml();
  const std::string block = "[[project]]\nowner = \"denise-k\"\nnumber = 7\n";
  const auto at = all.find(block);
  if (at == std::string::npos) throw std::runtime_error("the fixture's targets changed: denise-k/7 not found");
  return all.erase(at, block.size());
}

class service_reload : public service_fixture {
 protected:
  service_reload() : service_fixture("webhook-secret-for-reload-tests") {}

  // The config file, rewritten in place as a maintainer edits it.
  std::filesystem::path config(const std::string& targets, const std::string& webhook, const std::string& level,
                               const std::string& extra = "") {
    write_service_config(webhook, extra, targets);
    auto text = read_file(dir / "roadmapd.toml");
    const std::string written_level = "level = \"debug\"";
    text.replace(text.find(written_level), written_level.size(), "level = \"" + level + "\"");
    return dir.write("roadmapd.toml", text);
  }

  // Sends SIGHUP and waits for RELOADING=1 and then READY=1; returns the READY message.
  std::string reload(process& daemon) {
    daemon.signal(SIGHUP);
    auto reloading = notify.until(daemon, starts_with("RELOADING=1"));
    EXPECT_TRUE(reloading) << daemon.err();
    EXPECT_THAT(reloading.value_or(""),
                MatchesRegex("RELOADING=1\nMONOTONIC_USEC=[0-9]+\nSTATUS=reloading .*/roadmapd\\.toml"));
    auto ready = notify.until(daemon, starts_with("READY=1"));
    EXPECT_TRUE(ready) << daemon.err();
    return ready.value_or("");
  }

  std::string board_count(const std::string& owner, int number) {
    return scalar(database(), "SELECT count(*) FROM items JOIN projects ON projects.id = items.project_id "
                              "WHERE projects.owner = '" + owner + "' AND projects.number = " + std::to_string(number));
  }

  bool eventually(const std::function<bool()>& condition, std::chrono::seconds limit = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(50ms);
    }
    return condition();
  }
};

TEST_F(service_reload, a_valid_edit_is_applied_and_a_broken_one_is_refused_while_webhooks_arrive) {
  const auto file = config(targets_without_user_board(), webhook_keys("127.0.0.1:0"),
                           "info");
  process daemon(run_command(file), dir.path(), {notify.env()});
  ASSERT_TRUE(notify.until(daemon, starts_with("READY=1"))) << daemon.err();
  ASSERT_TRUE(notify.until(daemon, [](const std::string& m) { return m.find("last sync") != std::string::npos; }))
      << daemon.err();
  const auto port = listening_port(daemon.err());
  ASSERT_NE(port, 0) << daemon.err();
  EXPECT_EQ(board_count("denise-k", 7), "0");
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/webhook";

  delivery_load traffic(poster, url, 1, 5ms);
  ASSERT_TRUE(eventually([&] { return traffic.posted() >= 20; })) << daemon.err();

  // The first judgement found items without a priority.
  const auto priority_findings = [&](std::string_view action) {
    return std::stol(scalar(database(), "SELECT count(*) FROM enforcement_audit WHERE finding = 'missing-priority' "
                                        "AND action = '" + std::string(action) + "'"));
  };
  ASSERT_TRUE(eventually([&] { return priority_findings("found") > 0; })) << daemon.err();
  EXPECT_EQ(priority_findings("fixed"), 0);

  // A valid edit: the user board is added, the log level goes to debug, the priority rule goes off.
  config(fixture_targets_toml(),
         webhook_keys("127.0.0.1:0"), "debug", "[rule_sets.default.priority]\nenabled = false\n");
  const auto ready = reload(daemon);
  EXPECT_THAT(ready, HasSubstr("STATUS=reloaded; "));
  EXPECT_TRUE(eventually([&] { return board_count("denise-k", 7) != "0"; })) << daemon.err();
  const auto applied = daemon.err();
  EXPECT_THAT(applied, HasSubstr("reload: board denise-k/7 added: synced from the next pass"));
  EXPECT_THAT(applied, HasSubstr("reload: [log] level: info -> debug"));
  // Every item was judged again under the new rules: the priority findings are gone.
  EXPECT_TRUE(eventually([&] { return priority_findings("fixed") == priority_findings("found"); })) << daemon.err();
  // Debug lines appear from now on (the worker logs each applied delivery at debug).
  const long before_debug = traffic.posted();
  ASSERT_TRUE(eventually([&] { return traffic.posted() >= before_debug + 20; }));
  EXPECT_TRUE(eventually([&] { return daemon.err().find(" debug webhook: ") != std::string::npos; })) << daemon.err();
  // The listener was not touched: same settings, same socket.
  EXPECT_THAT(applied, Not(HasSubstr("reload: [webhook] listen")));
  EXPECT_EQ(listening_port(applied), port);

  // A broken edit: an unknown key. The daemon says why, exactly as check-config would, and goes on.
  auto broken = read_file(dir / "roadmapd.toml");
  broken.replace(broken.find("interval = \"1h\""), 8, "intreval");
  dir.write("roadmapd.toml", broken);
  const auto check = roadmapd({"check-config", "--config", file.string()}, dir);
  ASSERT_EQ(check.exit_code, 2);
  const auto reason = check.err.substr(std::string("roadmapd: ").size(), check.err.find('\n') - 10);
  const auto refused = reload(daemon);
  EXPECT_THAT(refused, HasSubstr("STATUS=reload refused (config not valid); "));
  EXPECT_THAT(daemon.err(), HasSubstr("reload refused, still running on the previous config: " + reason));
  EXPECT_TRUE(daemon.running());
  // A dashboard sees it too: the file on disk would not start the daemon.
  const auto metrics = http_call("GET", "http://127.0.0.1:" + std::to_string(port) + "/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("roadmapd_config_last_reload_successful 0\n"));
  EXPECT_THAT(metrics, HasSubstr("roadmapd_config_reloads_total{outcome=\"refused\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("roadmapd_config_reloads_total{outcome=\"applied\"} 1\n"));

  const long after_refusal = traffic.posted();
  ASSERT_TRUE(eventually([&] { return traffic.posted() >= after_refusal + 20; }));
  traffic.finish();
  EXPECT_EQ(static_cast<long>(traffic.acknowledged().size()), traffic.posted())
      << traffic.refused() << " refused, " << traffic.other_statuses().size() << " other statuses";

  // Every delivery was stored and applied; none is left behind by the reloads.
  EXPECT_TRUE(eventually([&] {
    return scalar(database(), "SELECT count(*) FROM webhook_deliveries WHERE status = 'done'") ==
           std::to_string(traffic.posted());
  })) << scalar(database(), "SELECT group_concat(status || ':' || n) FROM "
                            "(SELECT status, count(*) AS n FROM webhook_deliveries GROUP BY status)");

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(60s), 0) << daemon.err();
  notify.drain();
  EXPECT_EQ(notify.count_starting("RELOADING=1"), 2);
  EXPECT_EQ(notify.count_starting("READY=1"), 3);  // start, and the end of each reload
}

TEST_F(service_reload, the_webhook_path_secret_and_port_move_without_a_restart) {
  dir.write("rotated-secret", std::string(new_secret) + "\n");
  const auto file = config(fixture_targets_toml(), webhook_keys("127.0.0.1:0"), "info");
  process daemon(run_command(file), dir.path(), {notify.env()});
  ASSERT_TRUE(notify.until(daemon, starts_with("READY=1"))) << daemon.err();
  const auto old_port = listening_port(daemon.err());
  ASSERT_NE(old_port, 0);
  const std::string old_url = "http://127.0.0.1:" + std::to_string(old_port) + "/webhook";
  ASSERT_EQ(poster.post(old_url, delivery_guid(1, 2), "[Roadmap] Before the move"), 202) << daemon.err();

  const auto new_port = free_port();
  config(fixture_targets_toml(),
         webhook_keys("127.0.0.1:" + std::to_string(new_port), "/hooks/github", "rotated-secret"), "info");
  reload(daemon);
  const auto log = daemon.err();
  EXPECT_THAT(log, HasSubstr("reload: [webhook] listen: 127.0.0.1:0 -> 127.0.0.1:" + std::to_string(new_port)));
  EXPECT_THAT(log, HasSubstr("reload: [webhook] path: /webhook -> /hooks/github"));
  EXPECT_THAT(log, HasSubstr("reload: [webhook] secrets: 1 -> 1 secret file(s), contents re-read"));
  EXPECT_THAT(log, Not(HasSubstr(new_secret)));
  EXPECT_THAT(log, Not(HasSubstr(secret)));
  EXPECT_EQ(listening_port(log), new_port);

  const std::string new_url = "http://127.0.0.1:" + std::to_string(new_port) + "/hooks/github";
  EXPECT_EQ(poster.post_signed_with(new_url, delivery_guid(2, 2), "[Roadmap] After the move", new_secret), 202);
  // The old secret no longer signs validly, the old path is gone, the old port is closed.
  EXPECT_EQ(poster.post(new_url, delivery_guid(3, 2), "[Roadmap] Stale secret"), 401);
  EXPECT_EQ(http_call("POST", "http://127.0.0.1:" + std::to_string(new_port) + "/webhook", "{}").status, 404);
  EXPECT_EQ(poster.post_signed_with(old_url, delivery_guid(4, 2), "[Roadmap] Old port", new_secret), 0);

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(60s), 0) << daemon.err();
  EXPECT_EQ(scalar(database(), "SELECT group_concat(delivery_id) FROM webhook_deliveries ORDER BY seq"),
            delivery_guid(1, 2) + "," + delivery_guid(2, 2));
}

// The connection cap, timeouts and body limit change on the running socket: no new socket on the
// same address (which would fail with "Address already in use"), and the new limit holds at once.
TEST_F(service_reload, a_lower_body_limit_applies_in_place_on_the_same_address) {
  const auto file = config(fixture_targets_toml(), webhook_keys("127.0.0.1:0"), "info");
  process daemon(run_command(file), dir.path(), {notify.env()});
  ASSERT_TRUE(notify.until(daemon, starts_with("READY=1"))) << daemon.err();
  const auto port = listening_port(daemon.err());
  ASSERT_NE(port, 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/webhook";
  const std::string long_title(40 * 1024, 'x');  // a delivery of over 40 KB
  ASSERT_EQ(poster.post(url, delivery_guid(1, 5), long_title), 202) << daemon.err();

  config(fixture_targets_toml(), webhook_keys("127.0.0.1:0") + "max_body_bytes = 32768\nmax_connections = 64\n", "info");
  const auto ready = reload(daemon);
  const auto log = daemon.err();
  EXPECT_THAT(log, HasSubstr("reload: [webhook] max_body_bytes: 26214400 -> 32768"));
  EXPECT_THAT(log, HasSubstr("reload: [webhook] max_connections: 256 -> 64"));
  EXPECT_THAT(log, HasSubstr("reload: done (2 changes)"));
  EXPECT_THAT(log, Not(HasSubstr("already in use")));
  EXPECT_THAT(log, Not(HasSubstr("not applied")));
  EXPECT_THAT(ready, HasSubstr("STATUS=reloaded; "));
  EXPECT_EQ(listening_port(log), port) << "the same socket";

  EXPECT_EQ(poster.post(url, delivery_guid(2, 5), long_title), 413);
  EXPECT_EQ(poster.post(url, delivery_guid(3, 5), "[Roadmap] Short enough"), 202);
  const auto metrics = http_call("GET", "http://127.0.0.1:" + std::to_string(port) + "/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("roadmapd_config_reloads_total{outcome=\"applied\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("roadmapd_config_last_reload_successful 1"));

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(60s), 0) << daemon.err();
}

TEST_F(service_reload, a_listen_address_in_use_keeps_the_old_socket_and_says_so) {
  const auto file = config(fixture_targets_toml(), webhook_keys("127.0.0.1:0"), "info");
  process daemon(run_command(file), dir.path(), {notify.env()});
  ASSERT_TRUE(notify.until(daemon, starts_with("READY=1"))) << daemon.err();
  const auto port = listening_port(daemon.err());
  ASSERT_NE(port, 0);

  loopback_socket occupied(SOCK_STREAM);
  const auto busy = "127.0.0.1:" + std::to_string(occupied.port);
  config(fixture_targets_toml(), webhook_keys(busy), "info");
  const auto ready = reload(daemon);
  const auto log = daemon.err();
  EXPECT_THAT(log, HasSubstr("reload: [webhook] listen: cannot listen on " + busy));
  EXPECT_THAT(log, HasSubstr("still listening on 127.0.0.1:" + std::to_string(port)));
  EXPECT_THAT(log, HasSubstr("reload: not applied: [webhook] listen: 127.0.0.1:0 -> " + busy));
  EXPECT_THAT(log, Not(HasSubstr("info reload: [webhook] listen:")));
  // A reload that could not do everything says so in the log, STATUS= and the metrics, not "done".
  EXPECT_THAT(log, HasSubstr("reload: partial: 0 changes applied, 1 not applied"));
  EXPECT_THAT(log, Not(HasSubstr("reload: done")));
  EXPECT_THAT(ready, HasSubstr("STATUS=reload partial (1 change(s) not applied, see the log)"));
  const auto metrics = http_call("GET", "http://127.0.0.1:" + std::to_string(port) + "/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("roadmapd_config_reloads_total{outcome=\"partial\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("roadmapd_config_last_reload_successful 0"));
  EXPECT_EQ(poster.post("http://127.0.0.1:" + std::to_string(port) + "/webhook", delivery_guid(1, 3), "[Roadmap] Still here"),
            202);

  // The running config still says 127.0.0.1:0, so the next reload tries the move again.
  reload(daemon);
  const auto again = daemon.err().substr(log.size());
  EXPECT_THAT(again, HasSubstr("reload: not applied: [webhook] listen: 127.0.0.1:0 -> " + busy));

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(60s), 0) << daemon.err();
}

}  // namespace
}  // namespace roadmapd::test
