// Logging of the real binary: --log-level wins over the config, lines carry syslog priorities and
// no timestamps when stderr is the journal, and no secret (token, webhook secret) reaches any line
// of a run that syncs, takes webhooks and enforces at the most verbose level.
#include <csignal>
#include <regex>
#include <sstream>
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
using ::testing::Not;

constexpr const char* secret = "logging-suite-webhook-secret";

class logging_test : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path config = write_config(dir, fake);
};

// A pass says at info what it reads while it runs (a first read of a large board takes minutes), and
// a failed one is a warning, not an info line.
TEST_F(logging_test, a_pass_logs_each_read_at_info_and_a_failed_pass_at_warning) {
  const auto r = roadmapd({"sync", "--once", "--log-level", "info", "--config", config.string()}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, ::testing::ContainsRegex(" info board apache/2: read 130 items in 2 page\\(s\\), [0-9]+ rate-limit "
                                              "points, [0-9]+ ms\n"));
  EXPECT_THAT(r.err, ::testing::ContainsRegex(" info repository apache/tvm: read [0-9]+ pull requests in 1 page\\(s\\)"));

  fake.faults(R"({"faults":[{"status":401},{"status":401}]})");  // the probe, then the first board
  const auto failed = roadmapd({"sync", "--once", "--config", config.string()}, dir);
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_THAT(failed.err, HasSubstr(" warning incremental pass: "));
  EXPECT_THAT(failed.err, Not(HasSubstr(" info incremental pass: ")));
}

TEST_F(logging_test, the_command_line_level_wins_over_the_config) {
  // [log] level is info (the default): a pass logs its summary at info, unless told to be quieter.
  const auto normal = roadmapd({"sync", "--once", "--config", config.string()}, dir);
  ASSERT_EQ(normal.exit_code, 0) << normal.err;
  EXPECT_THAT(normal.err, HasSubstr(" info full pass: "));
  const auto quiet = roadmapd({"sync", "--once", "--log-level", "warn", "--config", config.string()}, dir);
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_THAT(quiet.err, Not(HasSubstr(" info ")));

  const auto bad = roadmapd({"sync", "--once", "--log-level", "loud", "--config", config.string()}, dir);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--log-level needs one of trace, debug, info, warn, error"));
}

TEST_F(logging_test, under_the_journal_lines_start_with_their_priority_and_have_no_time) {
  // JOURNAL_STREAM names the file that is the child's stderr, as systemd sets it.
  const auto r = run_command({"/bin/sh", "-c",
                              "JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec \"$0\" sync --once --config \"$1\"",
                              ROADMAPD_BINARY, config.string()},
                             dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.err.empty());
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(std::regex_match(line, std::regex("<[2-7]>.*"))) << line;
    EXPECT_FALSE(std::regex_search(line, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+ "))) << line;
  }
}

TEST_F(logging_test, no_secret_reaches_a_log_line_of_a_busy_run) {
  dir.write("webhook-secret", std::string(secret) + "\n");
  config = write_config(dir, fake,
                        fixture_targets_toml() +
                            "\n[webhook]\nlisten = \"127.0.0.1:0\"\nsecret_files = [\"webhook-secret\"]\n"
                            "\n[rules]\ndry_run = false\ngrace_period = \"0s\"\nactions_per_minute = 80\n"
                            "actions_per_hour = 500\n");
  process daemon({ROADMAPD_BINARY, "run", "--log-level", "trace", "--config", config.string()}, dir.path());
  const auto port = wait_for_listening_port(daemon);
  ASSERT_NE(port, 0) << daemon.err();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);

  // Deliveries good and bad, signed with the secret and with a wrong one.
  const auto state = fake.state();
  const auto payload = issue_edited_payload(state["issues"][1], "Edited", "2026-11-20T10:00:00Z");
  http_call("POST", base + "/webhook", payload, "application/json",
            {{"X-GitHub-Event", "issues"}, {"X-GitHub-Delivery", "8d3e5f00-0000-4000-8000-000000000001"},
             {"X-Hub-Signature-256", webhook::sign(payload, secret)}});
  http_call("POST", base + "/webhook", payload, "application/json",
            {{"X-GitHub-Event", "issues"}, {"X-GitHub-Delivery", "8d3e5f00-0000-4000-8000-000000000002"},
             {"X-Hub-Signature-256", webhook::sign(payload, std::string(secret) + "x")}});
  // Wait for the first pass and its enforcement to have written (bounded), then stop.
  for (int i = 0; i < 500 && fake.mutations().Size() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  daemon.signal(SIGTERM);
  daemon.wait(std::chrono::seconds(10));

  const std::string log = daemon.err() + daemon.out();
  EXPECT_THAT(log, HasSubstr(" debug webhook: stored delivery"));  // a verbose run
  EXPECT_THAT(log, Not(HasSubstr(fake_github::token)));
  EXPECT_THAT(log, Not(HasSubstr(secret)));
}

}  // namespace
}  // namespace roadmapd::test
