// Issue 3's end-to-end example test: every @octokit/webhooks-examples payload of the events roadmapd
// takes, signed with @octokit/webhooks-methods, is posted byte for byte to the real daemon after the
// fake GitHub was made to hold what the event reports. Each is answered 202, stored, and applied or
// ignored as docs/webhooks.md says; /metrics counts them as the inbox does; and after each event's
// examples the mirror equals a fresh full sync of the fake.
#include <algorithm>
#include <csignal>
#include <map>
#include <regex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "examples_support.hpp"
#include "fake_github.hpp"
#include "http_call.hpp"
#include "mirror_snapshot.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using ::testing::HasSubstr;

constexpr const char* secret = "examples-webhook-secret";

// In the order issue 3 lists them. projects_v2 has no example in @octokit/webhooks-examples 7.6.1
// (worker_test.cpp feeds hand-written ones); the count check below notices when one appears.
const std::vector<std::string> events{"projects_v2_item", "projects_v2", "issues", "pull_request",
                                      "issue_comment",    "label",       "milestone", "repository"};

// What fixtures/webhook-examples.targets.toml configures: its two repositories, and the node ids of
// its two boards in fixtures/webhook-examples.json.
const std::set<std::string> repositories{"Codertocat/Hello-World", "Octocoders/Hello-World"};
const std::set<std::string> boards{"PVT_kwDOAWcTxs4ACgDd", "PVT_kwDOAWcTxs07Gw"};

const std::filesystem::path fixtures = std::filesystem::path(ROADMAPD_FAKE_GITHUB_DIR) / "fixtures";

std::string targets() { return read_file(fixtures / "webhook-examples.targets.toml"); }

// The mirror minus what legitimately differs from a fresh full sync of the same GitHub state (beyond
// the pass numbers and local store times mirror_snapshot already leaves out): projects.updated_at.
// The daemon keeps the board's updatedAt from its last read of the whole board as the change probe's
// watermark; applying one item from a webhook deliberately does not advance it (GitHub bumps it for
// every item change), so the next probe still re-reads the board for changes no webhook announced.
mirror_snapshot comparable(const std::filesystem::path& database) {
  auto snap = snapshot(database);
  std::size_t column = 0;
  for (const auto& col : query(database, "SELECT name FROM pragma_table_info('projects') "
                                         "WHERE name NOT IN ('seen_pass', 'synced_at')")) {
    if (col[0] == "updated_at") break;
    ++column;
  }
  auto& projects = snap["projects"];
  for (auto& row : projects) row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
  std::ranges::sort(projects);
  return snap;
}

class examples_daemon : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir, fake_github::options{fixtures / "webhook-examples.json"}};
  std::filesystem::path db = dir / "mirror.db";
  std::filesystem::path config;
  std::unique_ptr<process> daemon;
  std::string base;  // http://127.0.0.1:PORT

  void SetUp() override {
    dir.write("webhook-secret", std::string(secret) + "\n");
    // A long interval: the mirror changes only through deliveries (and the pass a reorder asks for).
    config = write_config(dir, fake,
                          targets() + "\n[webhook]\nlisten = \"127.0.0.1:0\"\nsecret_files = [\"webhook-secret\"]\n",
                          "[sync]\ninterval = \"1h\"\nfull_resync = \"6h\"\n");
    ASSERT_EQ(roadmapd({"sync", "--once", "--config", config.string()}, dir).exit_code, 0);
    daemon = std::make_unique<process>(std::vector<std::string>{ROADMAPD_BINARY, "run", "--config", config.string()},
                                       dir.path());
    const auto port = wait_for_listening_port(*daemon);
    ASSERT_NE(port, 0) << daemon->err();
    base = "http://127.0.0.1:" + std::to_string(port);
  }

  void TearDown() override {
    if (daemon && daemon->running()) {
      daemon->signal(SIGTERM);
      daemon->wait(std::chrono::seconds(10));
    }
  }

  http_reply post(const signed_example& ex) {
    return http_call("POST", base + "/webhook", ex.body, "application/json",
                     {{"X-GitHub-Event", ex.event},
                      {"X-GitHub-Delivery", ex.delivery},
                      {"X-GitHub-Hook-ID", "4242"},
                      {"X-Hub-Signature-256", ex.signature}});
  }

  // Bounded wait until the worker has taken every stored delivery; returns how many are left.
  std::string wait_until_drained() {
    std::string pending;
    for (int i = 0; i < 1500; ++i) {
      pending = scalar(db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'");
      if (pending == "0") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pending;
  }

  // "" when the mirror equals what `roadmapd sync --once --full` makes of the fake now.
  std::string mirror_difference() {
    temp_dir fresh;
    const auto fresh_config = write_config(fresh, fake, targets());
    const auto r = roadmapd({"sync", "--once", "--full", "--config", fresh_config.string()}, fresh);
    if (r.exit_code != 0) return "the reference sync failed: " + r.err;
    return difference(comparable(fresh / "mirror.db"), comparable(db));
  }
};

TEST_F(examples_daemon, every_example_is_accepted_and_applied_or_ignored_and_the_mirror_matches_github) {
  const auto examples = sign_examples(events, secret, dir.path());
  std::map<std::string, int> per_event;
  for (const auto& ex : examples) ++per_event[ex.event];
  for (const auto& event : events) {
    if (event == "projects_v2") {
      EXPECT_EQ(per_event[event], 0) << "projects_v2 examples appeared: teach github_changes() about them";
    } else {
      EXPECT_GT(per_event[event], 0) << event;
    }
  }

  std::map<std::string, outcome> expected;  // by delivery id
  std::set<std::string> deleted;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    const auto& ex = examples[i];
    SCOPED_TRACE(ex.event + "." + ex.action + " #" + std::to_string(i) + " " + ex.delivery);
    const auto payload = parse_json(ex.body);
    // A webhook announces what already happened on GitHub: make the fake hold it first.
    const auto ops = github_changes(ex.event, payload, fake.state(), deleted);
    if (!ops.empty()) fake.edit(ops);
    expected[ex.delivery] = expected_outcome(ex.event, payload, repositories, boards);

    const auto answer = post(ex);
    EXPECT_EQ(answer.status, 202) << answer.body;
    EXPECT_EQ(answer.body, "accepted\n");

    // After the last example of each event, the mirror must show GitHub as it is now.
    if (i + 1 == examples.size() || examples[i + 1].event != ex.event) {
      ASSERT_EQ(wait_until_drained(), "0") << "deliveries still pending; daemon log:\n" << daemon->err();
      EXPECT_EQ(mirror_difference(), "") << "after the " << ex.event << " examples";
    }
  }

  const auto stored = query(db, "SELECT delivery_id, event, coalesce(action, ''), status, coalesce(reason, ''), "
                                "attempts FROM webhook_deliveries ORDER BY seq");
  ASSERT_EQ(stored.size(), examples.size());
  std::map<std::pair<std::string, std::string>, int> counted;  // (event, outcome) as the inbox says
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto& row = stored[i];
    SCOPED_TRACE(row[1] + "." + row[2] + " " + row[0]);
    EXPECT_EQ(row[0], examples[i].delivery) << "stored in the order posted";
    EXPECT_EQ(row[2], examples[i].action);
    const auto& want = expected.at(row[0]);
    EXPECT_EQ(row[3], want.status) << row[4];
    EXPECT_EQ(row[4], want.reason);
    EXPECT_EQ(row[5], "1") << "applied in one attempt";
    ++counted[{row[1], "accepted"}];
    ++counted[{row[1], row[3] == "done" ? "applied" : row[3]}];
  }
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'failed'"), "0");

  const auto metrics = http_call("GET", base + "/metrics");
  ASSERT_EQ(metrics.status, 200);
  for (const auto& [key, n] : counted) {
    EXPECT_THAT(metrics.body, HasSubstr("roadmapd_webhook_deliveries_total{event=\"" + key.first + "\",outcome=\"" +
                                        key.second + "\"} " + std::to_string(n)));
  }
  EXPECT_FALSE(std::regex_search(metrics.body, std::regex(R"re(outcome="(failed|duplicate|rejected_\w+)"\} [1-9])re")))
      << metrics.body;
  EXPECT_THAT(metrics.body, HasSubstr("roadmapd_webhook_inbox_pending 0"));

  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait(std::chrono::seconds(10)), 0) << daemon->err();
  EXPECT_THAT(daemon->err(), ::testing::Not(HasSubstr(secret)));
}

}  // namespace
}  // namespace roadmapd::test
