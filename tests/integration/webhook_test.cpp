// The real daemon takes webhooks: `roadmapd run` with [webhook] answers health checks, stores a
// signed delivery before answering 202, applies it to the mirror, recognises a repeat, refuses a
// bad signature, counts it all in /metrics, and after SIGKILL applies every acknowledged delivery
// exactly once.
#include <csignal>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "github_payloads.hpp"
#include "http_call.hpp"
#include "roadmapd_runner.hpp"
#include "webhook/signature.hpp"

namespace roadmapd::test {
namespace {

using ::testing::HasSubstr;

constexpr const char* secret = "webhook-secret-for-tests";

std::string issue_edited(const rapidjson::Value& issue, const std::string& title, const std::string& updated_at) {
  return issue_edited_payload(issue, title, updated_at);
}

class webhook_daemon : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path db = dir / "mirror.db";
  std::filesystem::path config;
  std::unique_ptr<process> daemon;
  std::string base;  // http://127.0.0.1:PORT

  void SetUp() override {
    dir.write("webhook-secret", std::string(secret) + "\n");
    config = write_config(dir, fake,
                          fixture_targets_toml() +
                              "\n[webhook]\nlisten = \"127.0.0.1:0\"\nsecret_files = [\"webhook-secret\"]\n"
                              "ready_max_sync_age = \"1h\"\n",
                          "[sync]\ninterval = \"1h\"\nfull_resync = \"6h\"\n");
    ASSERT_EQ(roadmapd({"sync", "--once", "--config", config.string()}, dir).exit_code, 0);
    start();
  }

  void start() {
    daemon = std::make_unique<process>(std::vector<std::string>{ROADMAPD_BINARY, "run", "--config", config.string()},
                                       dir.path());
    const auto port = wait_for_listening_port(*daemon);
    ASSERT_NE(port, 0) << daemon->err();
    base = "http://127.0.0.1:" + std::to_string(port);
  }

  http_reply post(const std::string& body, const std::string& delivery, const std::string& signing_secret = secret) {
    return http_call("POST", base + "/webhook", body, "application/json",
                     {{"X-GitHub-Event", "issues"},
                      {"X-GitHub-Delivery", delivery},
                      {"X-GitHub-Hook-ID", "4242"},
                      {"X-Hub-Signature-256", webhook::sign(body, signing_secret)}});
  }

  // Polls the mirror until `sql` gives `want` (bounded), returning what it last gave.
  std::string wait_for(const std::string& sql, const std::string& want) {
    std::string got;
    for (int i = 0; i < 500; ++i) {
      if ((got = scalar(db, sql)) == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return got;
  }
};

TEST_F(webhook_daemon, a_signed_delivery_is_stored_answered_applied_and_counted) {
  EXPECT_EQ(http_call("GET", base + "/healthz").status, 200);
  auto ready = http_call("GET", base + "/readyz");
  for (int i = 0; i < 250 && ready.status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ready = http_call("GET", base + "/readyz");
  }
  EXPECT_EQ(ready.status, 200) << ready.body;

  const auto state = fake.state();
  const auto& issue = state["issues"][1];  // apache/tvm#2
  ASSERT_EQ(issue["number"].GetInt(), 2);
  const auto body = issue_edited(issue, "[Roadmap] Renamed by a webhook", "2026-11-20T10:00:00Z");

  auto first = post(body, "6b1c3e00-0000-4000-8000-000000000001");
  EXPECT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(wait_for("SELECT title FROM issues WHERE repo = 'apache/tvm' AND number = 2", "[Roadmap] Renamed by a webhook"),
            "[Roadmap] Renamed by a webhook");
  EXPECT_EQ(wait_for("SELECT status FROM webhook_deliveries WHERE delivery_id = '6b1c3e00-0000-4000-8000-000000000001'",
                     "done"),
            "done");
  // The board items showing the issue follow at once.
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM items WHERE content_repo = 'apache/tvm' AND content_number = 2 "
                       "AND title <> '[Roadmap] Renamed by a webhook'"),
            "0");

  auto again = post(body, "6b1c3e00-0000-4000-8000-000000000001");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, "duplicate delivery\n");

  auto forged = post(body, "6b1c3e00-0000-4000-8000-000000000002", "not-the-secret");
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM webhook_deliveries"), "1");

  const auto metrics = http_call("GET", base + "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, HasSubstr("roadmapd_webhook_deliveries_total{event=\"issues\",outcome=\"accepted\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("roadmapd_webhook_deliveries_total{event=\"issues\",outcome=\"duplicate\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("roadmapd_webhook_deliveries_total{event=\"issues\",outcome=\"applied\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("outcome=\"rejected_signature\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("roadmapd_webhook_inbox_pending 0"));
  EXPECT_THAT(metrics.body, HasSubstr("roadmapd_sync_passes_total{kind=\"incremental\",outcome=\"ok\"} 1"));

  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait(std::chrono::seconds(10)), 0) << daemon->err();
  EXPECT_THAT(daemon->err(), ::testing::Not(HasSubstr(secret)));
}

TEST_F(webhook_daemon, every_delivery_acknowledged_before_a_kill_is_applied_exactly_once_after_restart) {
  const auto state = fake.state();
  constexpr int deliveries = 20;
  std::vector<std::string> ids;
  for (int i = 0; i < deliveries; ++i) {
    const auto& issue = state["issues"][i];
    const std::string id = "0a1b2c3d-0000-4000-8000-" + std::to_string(100000000000 + i);
    auto r = post(issue_edited(issue, "Edited " + std::to_string(i), "2026-11-20T10:00:" + std::to_string(10 + i) + "Z"), id);
    ASSERT_EQ(r.status, 202) << r.body;
    ids.push_back(id);
  }
  daemon->signal(SIGKILL);
  daemon->wait(std::chrono::seconds(10));
  // Every acknowledged delivery is in the inbox, whatever the worker had done when the kill came.
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM webhook_deliveries"), std::to_string(deliveries));

  start();
  EXPECT_EQ(wait_for("SELECT count(*) FROM webhook_deliveries WHERE status = 'done'", std::to_string(deliveries)),
            std::to_string(deliveries));
  for (int i = 0; i < deliveries; ++i) {
    EXPECT_EQ(scalar(db, "SELECT title FROM issues WHERE repo = 'apache/tvm' AND number = " +
                             std::to_string(state["issues"][i]["number"].GetInt())),
              "Edited " + std::to_string(i));
  }
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait(std::chrono::seconds(10)), 0);
}

}  // namespace
}  // namespace roadmapd::test
