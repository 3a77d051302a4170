// config::plan_reload as a maintainer meets it on `systemctl reload`: each edit to the file gives
// the exact log line and the one flag the daemon acts on; the database file, [webhook] appearing or
// going away and (with socket activation) the listening address wait for a restart with a warning;
// a changed token or webhook secret is reported without its text.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/reload.hpp"

#include "temp_dir.hpp"

namespace roadmapd::config {
namespace {

namespace fs = std::filesystem;

using temp_dir = roadmapd::test::temp_dir;  // tests/support
using lines = std::vector<std::string>;

const std::string token = "ghp_0123456789abcdefABCDEF0123456789abcd";
const std::string secret = "webhook-secret-Zq81hLmP";

const std::string base = R"([github]
token_file = "github-token"

[storage]
database = "/var/lib/roadmapd/roadmapd.db"

[sync]
interval = "5m"

[log]
level = "info"

[service]
stop_timeout = "30s"

[rule_sets.relaxed.sections]
enabled = false

[[project]]
owner = "apache"
number = 42

[[project]]
owner = "apache"
number = 43

[[repository]]
name = "apache/tvm"
)";

const std::string webhook = R"(
[webhook]
listen = "127.0.0.1:8080"
path = "/webhook"
secret_files = ["webhook-secret"]
)";

const std::string with_webhook = base + webhook;

// `text` with `from` replaced by `to`, as a maintainer edits the file.
std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("not in the config: " + from);
  return text.replace(at, from.size(), to);
}

// The flags a plan sets, by name, so that a test says exactly which part the daemon touches.
lines flags(const reload_plan& p) {
  lines out;
  if (p.github) out.push_back("github");
  if (p.listener) out.push_back("listener");
  if (p.limits) out.push_back("limits");
  if (p.webhook_path) out.push_back("webhook_path");
  if (p.webhook_secrets) out.push_back("webhook_secrets");
  if (p.webhook_retention) out.push_back("webhook_retention");
  if (p.sync_interval) out.push_back("sync_interval");
  if (p.targets) out.push_back("targets");
  if (p.log_level) out.push_back("log_level");
  return out;
}

class config_reload : public ::testing::Test {
 protected:
  void SetUp() override {
    credentials_.write("github-token", token + "\n");
    credentials_.write("webhook-secret", secret + "\n");
  }

  // Parses as if read from /etc/roadmapd/roadmapd.toml with secrets in a credentials dir.
  settings parsed(const std::string& text) {
    auto s = parse(text, "/etc/roadmapd/roadmapd.toml", credentials_.path());
    if (!s.has_value()) throw std::runtime_error(s.message());
    return std::move(s.value());
  }

  reload_plan reload(const std::string& before, const std::string& after, bool socket_from_systemd = false) {
    return plan_reload(parsed(before), parsed(after), socket_from_systemd);
  }

  temp_dir credentials_;
};

TEST_F(config_reload, the_same_file_changes_nothing) {
  const auto plan = reload(with_webhook, with_webhook);
  EXPECT_TRUE(plan.nothing_changed());
  EXPECT_EQ(plan.changes, lines{});
  EXPECT_EQ(plan.needs_restart, lines{});
  EXPECT_EQ(flags(plan), lines{});
}

TEST_F(config_reload, boards_and_repositories_added_removed_and_edited) {
  std::string next = edited(base, "number = 42\n", "number = 42\nrule_set = \"relaxed\"\n");
  next = edited(next, "number = 43\n", "number = 44\n");
  next += "\n[[repository]]\nname = \"apache/tvm-rfcs\"\n";

  const auto plan = reload(base, next);
  EXPECT_EQ(plan.changes, (lines{"board apache/42 changed", "board apache/44 added: synced from the next pass",
                                 "board apache/43 removed: no longer synced or judged",
                                 "repository apache/tvm-rfcs added: synced from the next pass"}));
  EXPECT_EQ(plan.needs_restart, lines{});
  EXPECT_EQ(flags(plan), lines{"targets"});
  ASSERT_EQ(plan.effective.projects.size(), 2u);
  EXPECT_EQ(plan.effective.projects[0].number, 42);
  EXPECT_EQ(plan.effective.projects[0].rule_set, "relaxed");
  EXPECT_EQ(plan.effective.projects[1].number, 44);
  ASSERT_EQ(plan.effective.repositories.size(), 2u);
  EXPECT_EQ(plan.effective.repositories[1].full_name(), "apache/tvm-rfcs");
}

TEST_F(config_reload, sync_interval) {
  const auto plan = reload(base, edited(base, "interval = \"5m\"", "interval = \"1m\""));
  EXPECT_EQ(plan.changes, lines{"[sync] interval: 5m -> 1m"});
  EXPECT_EQ(flags(plan), lines{"sync_interval"});
  EXPECT_EQ(plan.effective.sync.interval, std::chrono::minutes(1));
}

TEST_F(config_reload, log_level) {
  const auto plan = reload(base, edited(base, "level = \"info\"", "level = \"debug\""));
  EXPECT_EQ(plan.changes, lines{"[log] level: info -> debug"});
  EXPECT_EQ(flags(plan), lines{"log_level"});
  EXPECT_EQ(plan.effective.log.level, "debug");
}

TEST_F(config_reload, service_stop_timeout) {
  const auto plan = reload(base, edited(base, "stop_timeout = \"30s\"", "stop_timeout = \"90s\""));
  EXPECT_EQ(plan.changes, lines{"[service] stop_timeout: 30s -> 1m30s"});
  EXPECT_EQ(flags(plan), lines{});
  EXPECT_EQ(plan.effective.service.stop_timeout, std::chrono::seconds(90));
}

TEST_F(config_reload, storage_database_waits_for_a_restart) {
  const auto plan = reload(base, edited(base, "/var/lib/roadmapd/roadmapd.db", "/srv/roadmapd/mirror.db"));
  EXPECT_EQ(plan.changes, lines{});
  EXPECT_EQ(plan.needs_restart,
            lines{"[storage] database: /var/lib/roadmapd/roadmapd.db -> /srv/roadmapd/mirror.db: the mirror stays "
                  "where it is until a restart (every part holds it open)"});
  EXPECT_EQ(flags(plan), lines{});
  EXPECT_FALSE(plan.nothing_changed());
  EXPECT_EQ(plan.effective.storage.database, "/var/lib/roadmapd/roadmapd.db");
}

TEST_F(config_reload, webhook_added_waits_for_a_restart) {
  const auto plan = reload(base, with_webhook);
  EXPECT_EQ(plan.changes, lines{});
  EXPECT_EQ(plan.needs_restart, lines{"[webhook] added: the endpoint starts at the next restart"});
  EXPECT_EQ(flags(plan), lines{});
  EXPECT_FALSE(plan.effective.webhook.has_value());
}

TEST_F(config_reload, webhook_removed_keeps_serving_until_a_restart) {
  const auto plan = reload(with_webhook, base);
  EXPECT_EQ(plan.changes, lines{});
  EXPECT_EQ(plan.needs_restart, lines{"[webhook] removed: the endpoint keeps serving until a restart"});
  EXPECT_EQ(flags(plan), lines{});
  ASSERT_TRUE(plan.effective.webhook.has_value());
  EXPECT_EQ(plan.effective.webhook->listen_port, 8080);
  EXPECT_EQ(plan.effective.webhook->path, "/webhook");
  EXPECT_EQ(plan.effective.webhook->secrets, lines{secret});
}

TEST_F(config_reload, webhook_listen_moves_the_listener) {
  const auto plan = reload(with_webhook, edited(with_webhook, "127.0.0.1:8080", "127.0.0.1:9090"));
  EXPECT_EQ(plan.changes, lines{"[webhook] listen: 127.0.0.1:8080 -> 127.0.0.1:9090"});
  EXPECT_EQ(plan.needs_restart, lines{});
  EXPECT_EQ(flags(plan), lines{"listener"});
  EXPECT_EQ(plan.effective.webhook->listen_port, 9090);
}

TEST_F(config_reload, webhook_listen_with_socket_activation_waits_for_a_restart) {
  const auto plan =
      reload(with_webhook, edited(with_webhook, "127.0.0.1:8080", "127.0.0.1:9090"), /*socket_from_systemd=*/true);
  EXPECT_EQ(plan.changes, lines{});
  EXPECT_EQ(plan.needs_restart, lines{"[webhook] listen: 127.0.0.1:8080 -> 127.0.0.1:9090: the listening socket "
                                      "comes from systemd (roadmapd.socket); restart to apply"});
  EXPECT_EQ(flags(plan), lines{});
  EXPECT_EQ(plan.effective.webhook->listen_host, "127.0.0.1");
  EXPECT_EQ(plan.effective.webhook->listen_port, 8080);
}

TEST_F(config_reload, webhook_limits_apply_in_place_on_the_same_socket) {
  auto text = with_webhook;
  text += "max_body_bytes = 32768\nmax_connections = 64\nheader_timeout = \"5s\"\n";
  const auto plan = reload(with_webhook, text);
  EXPECT_EQ(plan.changes, (lines{"[webhook] max_connections: 256 -> 64", "[webhook] header_timeout: 10s -> 5s",
                                 "[webhook] max_body_bytes: 26214400 -> 32768"}));
  EXPECT_EQ(plan.listener_changes, lines{});
  EXPECT_EQ(flags(plan), lines{"limits"});
  EXPECT_EQ(plan.effective.webhook->max_body_bytes, 32768u);
  // Under socket activation too: only the address is systemd's.
  const auto activated = reload(with_webhook, text, /*socket_from_systemd=*/true);
  EXPECT_EQ(flags(activated), lines{"limits"});
  EXPECT_EQ(activated.needs_restart, lines{});
}

TEST_F(config_reload, the_admin_listener_waits_for_a_restart) {
  const auto with_admin = with_webhook + "\n[admin]\nlisten = \"127.0.0.1:9101\"\n";
  const auto plan = reload(with_admin, edited(with_admin, "127.0.0.1:9101", "127.0.0.1:9102"));
  EXPECT_EQ(plan.changes, lines{});
  EXPECT_EQ(plan.needs_restart, lines{"[admin]: the admin listener (/healthz, /readyz, /metrics) keeps its address and "
                                      "limits until a restart"});
  ASSERT_TRUE(plan.effective.admin.has_value());
  EXPECT_EQ(plan.effective.admin->listen_port, 9101);
  EXPECT_EQ(reload(with_webhook, with_admin).needs_restart.size(), 1u) << "adding it too";
}

TEST_F(config_reload, webhook_path) {
  const auto plan = reload(with_webhook, edited(with_webhook, "path = \"/webhook\"", "path = \"/hooks/github\""));
  EXPECT_EQ(plan.changes, lines{"[webhook] path: /webhook -> /hooks/github"});
  EXPECT_EQ(flags(plan), lines{"webhook_path"});
  EXPECT_EQ(plan.effective.webhook->path, "/hooks/github");
}

TEST_F(config_reload, webhook_secret_rotated_without_showing_it) {
  const settings running = parsed(with_webhook);
  const std::string rotated = "webhook-secret-Rr02xYvK";
  credentials_.write("webhook-secret", rotated + "\n");

  const auto plan = plan_reload(running, parsed(with_webhook), false);
  EXPECT_EQ(plan.changes, lines{"[webhook] secrets: 1 -> 1 secret file(s), contents re-read"});
  EXPECT_EQ(plan.needs_restart, lines{});
  EXPECT_EQ(flags(plan), lines{"webhook_secrets"});
  EXPECT_EQ(plan.effective.webhook->secrets, lines{rotated});
  for (const auto& line : plan.changes) {
    EXPECT_EQ(line.find(secret), std::string::npos) << line;
    EXPECT_EQ(line.find(rotated), std::string::npos) << line;
  }
}

TEST_F(config_reload, github_token_rotated_without_showing_it) {
  const settings running = parsed(base);
  const std::string rotated = "ghp_9876543210zyxwvuZYXWVU9876543210zyxw";
  credentials_.write("github-token", rotated + "\n");

  const auto plan = plan_reload(running, parsed(base), false);
  EXPECT_EQ(plan.changes,
            lines{"[github] token_file: the token in " + (credentials_ / "github-token").string() + " changed"});
  EXPECT_EQ(plan.needs_restart, lines{});
  EXPECT_EQ(flags(plan), lines{"github"});
  EXPECT_EQ(plan.effective.github.token, rotated);
  for (const auto& line : plan.changes) {
    EXPECT_EQ(line.find(token), std::string::npos) << line;
    EXPECT_EQ(line.find(rotated), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace roadmapd::config
