// Integration: the real roadmapd against the fake GitHub with injected faults. A pass either completes
// or fails with one line naming the target and the cause; a failure leaves the last good mirror as it
// was; and the next pass converges to exactly what a clean sync mirrors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "fake_github.hpp"
#include "mirror_snapshot.hpp"
#include "process.hpp"
#include "roadmapd_runner.hpp"
#include "temp_dir.hpp"

namespace roadmapd::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string json_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  v.Accept(w);
  return out.GetString();
}

// variables.<name> of a request in the fake's log, as JSON text; "" when it has none.
std::string variable(const rapidjson::Value& request, const char* name) {
  auto vars = request.FindMember("variables");
  if (vars == request.MemberEnd() || !vars->value.IsObject()) return "";
  auto v = vars->value.FindMember(name);
  return v == vars->value.MemberEnd() ? "" : json_text(v->value);
}

// The lines roadmapd prints itself (not through the log) when a command fails: "roadmapd: ...".
std::vector<std::string> failure_lines(const std::string& err) {
  std::vector<std::string> out;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("roadmapd: ")) out.push_back(line);
  }
  return out;
}

// Polls `done` until it holds or `limit` passes; the caller asserts on the result.
template <class F>
bool eventually(F done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(100ms);
  }
  return true;
}

// A test directory with its own fake GitHub and config, and the mirror a clean sync of the untouched
// fixture produces (computed against the same fake before any fault is queued).
class faults_test : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_dir clean;
    write_config(clean, fake_);
    auto r = roadmapd({"sync", "--once", "--config", (clean / "roadmapd.toml").string()}, clean);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    reference_ = snapshot(clean / "mirror.db");
    clean_requests_ = fake_.requests().Size();
    fake_.clear_requests();
    write_config(dir_, fake_);
  }

  // Whatever happened, the token never reached what a user or an attacker with the files could read.
  void TearDown() override {
    EXPECT_THAT(seen_output_, ::testing::Not(HasSubstr(fake_github::token)));
    for (const char* file : {"mirror.db", "mirror.db-wal", "mirror.db-journal"}) {
      if (std::filesystem::exists(dir_ / file)) {
        EXPECT_THAT(read_file(dir_ / file), ::testing::Not(HasSubstr(fake_github::token))) << file;
      }
    }
  }

  run_result sync(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"sync", "--once", "--config", config().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = roadmapd(args, dir_);
    seen_output_ += r.out + r.err;
    return r;
  }

  std::unique_ptr<process> start(std::vector<std::string> args) {
    args.insert(args.begin(), ROADMAPD_BINARY);
    args.insert(args.end(), {"--config", config().string()});
    return std::make_unique<process>(args, dir_.path());
  }

  // Edits the written config, e.g. a shorter request_timeout.
  void change_config(const std::string& from, const std::string& to) {
    auto text = read_file(config());
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << "config has no " << from;
    text.replace(at, from.size(), to);
    dir_.write("roadmapd.toml", text);
  }

  std::filesystem::path config() const { return dir_ / "roadmapd.toml"; }
  std::filesystem::path db() const { return dir_ / "mirror.db"; }
  mirror_snapshot mirror() const { return snapshot(db()); }

  temp_dir dir_;
  fake_github fake_{dir_};
  mirror_snapshot reference_;
  rapidjson::SizeType clean_requests_ = 0;  // requests a clean sync of the fixture takes
  std::string seen_output_;
};

// ---- One fault: the request is retried and the pass completes ---------------------------------

struct fault_case {
  const char* name;
  const char* fault;           // as queued with POST /faults
  const char* warning;         // what the log says about it
  const char* request_timeout = "5s";
};

std::ostream& operator<<(std::ostream& out, const fault_case& c) { return out << c.name; }

class single_fault_test : public faults_test, public ::testing::WithParamInterface<fault_case> {};

TEST_P(single_fault_test, is_retried_and_the_pass_mirrors_what_a_clean_sync_mirrors) {
  const auto& c = GetParam();
  change_config("request_timeout = \"5s\"", std::string("request_timeout = \"") + c.request_timeout + "\"");
  // Requests 1 and 2 read board apache/1 and the first page of apache/2 (130 items); the fault hits
  // the read of the second page.
  fake_.faults(std::string(R"({"faults":[{"delay_ms":0,"repeat":2},)") + c.fault + "]}");

  auto r = sync();

  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(failure_lines(r.err), ::testing::IsEmpty());
  EXPECT_THAT(r.err, HasSubstr(c.warning));
  EXPECT_EQ(difference(reference_, mirror()), "");
  auto log = fake_.requests();
  ASSERT_GE(log.Size(), 4u);
  const auto& hit = log[2];
  const auto& retry = log[3];
  EXPECT_EQ(json_text(hit["fault"]), json_text(parse_json(c.fault))) << "the fault hit another request";
  EXPECT_NE(variable(hit, "after"), "") << "not a later page: " << json_text(hit["variables"]);
  EXPECT_TRUE(retry["fault"].IsNull());
  EXPECT_EQ(retry["status"].GetInt(), 200);
  EXPECT_EQ(json_text(retry["query"]), json_text(hit["query"]));
  EXPECT_EQ(json_text(retry["variables"]), json_text(hit["variables"]));
  EXPECT_EQ(log.Size(), clean_requests_ + 1) << "one retry, nothing else re-read";
}

INSTANTIATE_TEST_SUITE_P(
    faults, single_fault_test,
    ::testing::Values(
        fault_case{"status_500", R"({"status":500})", "GitHub answered 500: Server Error; retrying"},
        fault_case{"status_502", R"({"status":502})", "GitHub answered 502: "},
        fault_case{"status_503", R"({"status":503})", "GitHub answered 503: Service Unavailable; retrying"},
        fault_case{"status_504", R"({"status":504})", "GitHub answered 504: "},
        fault_case{"secondary_403_retry_after", R"({"status":403,"secondary":true,"retry_after":2})",
                   "GitHub rate limit (403): You have exceeded a secondary rate limit. Please wait a few minutes before "
                   "you try again. If you reach out to GitHub Support for help, please include the request ID"},
        fault_case{"secondary_403_no_retry_after", R"({"status":403,"secondary":true})",
                   "pausing all requests for 1 s"},
        fault_case{"status_429", R"({"status":429})", "GitHub rate limit (429): You have exceeded a secondary"},
        fault_case{"graphql_rate_limited", R"({"graphql_error":"RATE_LIMITED"})",
                   "GitHub rate limit (RATE_LIMITED): API rate limit exceeded"},
        fault_case{"something_went_wrong", R"({"graphql_error":"SOMETHING_WENT_WRONG"})",
                   "GitHub failed to run the query: Something went wrong while executing your query"},
        fault_case{"timeout", R"({"delay_ms":2500})", "timed out after 1 s", "1s"},
        // A kept-alive connection closed before any answer is resent at once on a new one.
        fault_case{"drop", R"({"drop":true})", "closed the kept-alive connection; reconnecting"},
        fault_case{"truncate", R"({"truncate":true})", "connection closed before the response was complete"},
        fault_case{"malformed_json", R"({"malformed":true})", "GitHub sent a malformed answer"}),
    [](const auto& info) { return std::string(info.param.name); });

// ---- A persistent fault: the pass fails cleanly, the next one converges -------------------------

struct persistent_case {
  const char* name;
  const char* fault;
  const char* cause;           // in the failure line
};

std::ostream& operator<<(std::ostream& out, const persistent_case& c) { return out << c.name; }

class persistent_fault_test : public faults_test, public ::testing::WithParamInterface<persistent_case> {};

TEST_P(persistent_fault_test, fails_with_one_line_keeps_the_mirror_and_the_next_pass_converges) {
  const auto& c = GetParam();
  ASSERT_EQ(sync().exit_code, 0);
  const auto last_good = mirror();
  ASSERT_EQ(difference(reference_, last_good), "");

  // A full pass reads board apache/1 first: all 4 attempts (max_attempts) fail, and one more
  // request after them, so the next target needs a retry too.
  std::string fault = c.fault;
  fault.insert(fault.size() - 1, R"(,"repeat":5)");
  fake_.faults(R"({"faults":[)" + fault + "]}");
  auto failed = sync({"--full"});

  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  auto lines = failure_lines(failed.err);
  ASSERT_EQ(lines.size(), 1u) << failed.err;
  EXPECT_THAT(lines[0], StartsWith("roadmapd: sync failed: board apache/1: "));
  EXPECT_THAT(lines[0], HasSubstr(c.cause));
  EXPECT_THAT(lines[0], HasSubstr("(gave up after 4 attempts)"));
  EXPECT_EQ(difference(last_good, mirror()), "");

  fake_.clear_faults();
  auto again = sync();
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(failure_lines(again.err), ::testing::IsEmpty());
  EXPECT_EQ(difference(reference_, mirror()), "");
}

INSTANTIATE_TEST_SUITE_P(
    faults, persistent_fault_test,
    ::testing::Values(persistent_case{"status_500", R"({"status":500})", "GitHub answered 500: Server Error"},
                      persistent_case{"status_502", R"({"status":502})", "GitHub answered 502: "},
                      persistent_case{"drop", R"({"drop":true})", "connection closed before any response arrived"},
                      persistent_case{"truncate", R"({"truncate":true})",
                                      "connection closed before the response was complete"},
                      persistent_case{"malformed_json", R"({"malformed":true})", "GitHub sent a malformed answer"},
                      persistent_case{"something_went_wrong", R"({"graphql_error":"SOMETHING_WENT_WRONG"})",
                                      "Something went wrong while executing your query"}),
    [](const auto& info) { return std::string(info.param.name); });

// ---- Interrupted board reads -------------------------------------------------------------------

// Rows of the items of board apache/2 (without sync bookkeeping), in board order.
rows board_2_items(const mirror_snapshot& s, const mirror_snapshot& reference) {
  // The project id of apache/2 is the first column of its projects row.
  std::string id;
  for (const auto& p : reference.at("projects")) {
    if (p[1] == "apache" && p[2] == "2") id = p[0];
  }
  rows out;
  for (const auto& item : s.at("items")) {
    if (item[1] == id) out.push_back(item);
  }
  return out;
}

TEST_F(faults_test, failure_in_the_middle_of_a_board_keeps_its_first_page_and_the_next_pass_resumes) {
  // Board apache/2 has 130 items: its first page (request 2) arrives, every read of the second fails.
  fake_.faults(R"({"faults":[{"delay_ms":0,"repeat":2},{"status":502,"repeat":4}]})");
  auto failed = sync();

  EXPECT_EQ(failed.exit_code, 1);
  auto lines = failure_lines(failed.err);
  ASSERT_EQ(lines.size(), 1u) << failed.err;
  EXPECT_THAT(lines[0], StartsWith("roadmapd: sync failed: board apache/2: GitHub answered 502"));
  // The first page is stored as GitHub sent it; nothing half-written.
  const auto expected_board = board_2_items(reference_, reference_);
  const auto partial = board_2_items(mirror(), reference_);
  ASSERT_EQ(expected_board.size(), 130u);
  ASSERT_EQ(partial.size(), 100u);
  for (const auto& row : partial) {
    EXPECT_NE(std::find(expected_board.begin(), expected_board.end(), row), expected_board.end())
        << "item row differs from a clean sync: " << row[0];
  }
  // The other targets were still mirrored.
  for (const char* table : {"issues", "tracking_tasks", "issue_labels"}) {
    EXPECT_EQ(mirror().at(table), reference_.at(table)) << table;
  }
  const auto cursor = scalar(db(), "SELECT value FROM sync_state WHERE key = 'board/apache/2/cursor'");
  ASSERT_FALSE(cursor.empty());

  fake_.clear_requests();
  auto again = sync();

  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("board apache/2: resuming an interrupted read at item 100"));
  EXPECT_EQ(difference(reference_, mirror()), "");
  bool resumed = false, reread_first_page = false;
  auto log = fake_.requests();
  for (const auto& req : log.GetArray()) {
    if (variable(req, "after") == "\"" + cursor + "\"") resumed = true;
    if (variable(req, "owner") == "\"apache\"" && variable(req, "number") == "2") reread_first_page = true;
  }
  EXPECT_TRUE(resumed) << "no request continued from the stored cursor";
  EXPECT_FALSE(reread_first_page) << "board apache/2 was read again from the start";
}

TEST_F(faults_test, failure_in_the_middle_of_a_board_keeps_its_previous_rows_until_the_read_completes) {
  ASSERT_EQ(sync().exit_code, 0);
  const auto last_good = mirror();

  // A full pass: page 1 of apache/2 is re-read, every read of page 2 fails.
  fake_.faults(R"({"faults":[{"delay_ms":0,"repeat":2},{"status":502,"repeat":4}]})");
  auto failed = sync({"--full"});

  EXPECT_EQ(failed.exit_code, 1);
  auto lines = failure_lines(failed.err);
  ASSERT_EQ(lines.size(), 1u) << failed.err;
  EXPECT_THAT(lines[0], StartsWith("roadmapd: sync failed: board apache/2: GitHub answered 502"));
  EXPECT_EQ(difference(last_good, mirror()), "") << "items not re-read yet must not be dropped";

  auto again = sync();

  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("board apache/2: resuming an interrupted read at item 100"));
  EXPECT_EQ(difference(reference_, mirror()), "");
}

TEST_F(faults_test, killed_during_a_board_read_the_next_pass_converges) {
  // Request 3 (the second page of apache/2) is held long enough to kill roadmapd while it waits.
  fake_.faults(R"({"faults":[{"delay_ms":0,"repeat":2},{"delay_ms":3000}]})");
  auto daemon = start({"sync", "--once"});
  ASSERT_TRUE(eventually([&] { return fake_.requests().Size() >= 3; }, 30s)) << daemon->err();
  daemon->signal(SIGKILL);
  ASSERT_TRUE(daemon->wait(10s).has_value());
  seen_output_ += daemon->out() + daemon->err();
  ASSERT_EQ(board_2_items(mirror(), reference_).size(), 100u) << "the kill did not land mid-board";

  auto again = sync();

  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("resuming an interrupted read"));
  EXPECT_EQ(difference(reference_, mirror()), "");
}

// ---- Budgets -----------------------------------------------------------------------------------

TEST_F(faults_test, exhausted_primary_budget_is_waited_out_and_the_pass_completes) {
  // Enough for a request or two of the 9 a full sync takes; the budget refills in 2 s.
  fake_.rate_limit(R"({"remaining":6,"reset_in_seconds":2})");

  auto r = sync();

  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("github: rate limit: holding requests for"));
  EXPECT_EQ(difference(reference_, mirror()), "");
}

// ---- The service keeps going -------------------------------------------------------------------

TEST_F(faults_test, run_logs_a_failed_pass_backs_off_and_recovers_without_exiting) {
  // Two attempts per request keep the failing pass short; the interval is the minimum, 10 s.
  change_config("max_attempts = 4", "max_attempts = 2");
  fake_.faults(R"({"faults":[{"status":503,"repeat":1000}]})");
  auto daemon = start({"run"});

  ASSERT_TRUE(eventually([&] { return daemon->err().find("sync pass failed") != std::string::npos; }, 60s))
      << daemon->err();
  EXPECT_THAT(daemon->err(), HasSubstr("sync pass failed: board apache/1: GitHub answered 503: Service Unavailable"));
  EXPECT_TRUE(daemon->running());
  fake_.clear_faults();

  std::string diff = "not compared";
  const bool converged = eventually(
      [&] {
        try {
          diff = difference(reference_, mirror());
        } catch (const std::exception& e) {  // the daemon may hold a write lock just then
          diff = e.what();
        }
        return diff.empty();
      },
      60s);
  EXPECT_TRUE(converged) << diff << daemon->err();
  EXPECT_TRUE(daemon->running()) << daemon->err();
  daemon->signal(SIGTERM);
  auto code = daemon->wait(30s);
  seen_output_ += daemon->out() + daemon->err();
  ASSERT_TRUE(code.has_value()) << "roadmapd run ignored SIGTERM";
  EXPECT_EQ(*code, 0) << daemon->err();
  EXPECT_THAT(failure_lines(daemon->err()), ::testing::IsEmpty());
}

}  // namespace
}  // namespace roadmapd::test
