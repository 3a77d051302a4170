// Integration: `roadmapd redeliver` against the fake GitHub's hook-deliveries endpoints. What a
// maintainer sees (one line per delivery, a summary, the exit code) and what GitHub is asked to do
// (a POST .../attempts for each failed delivery since TIME, and nothing else).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fake_github.hpp"
#include "roadmapd_runner.hpp"
#include "temp_dir.hpp"

namespace roadmapd::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string string_of(const rapidjson::Value& v, const char* name) {
  auto m = v.FindMember(name);
  return m != v.MemberEnd() && m->value.IsString() ? m->value.GetString() : "";
}

const std::string org_hook = "hook_id = 42\nhook_organization = \"apache\"\n";

class redeliver_test : public ::testing::Test {
 protected:
  // A config with a [webhook] section naming the hook (`hook_keys`) after the fixture's targets.
  void configure(const std::string& hook_keys) {
    dir_.write("webhook-secret", "s3cret\n");
    write_config(dir_, fake_, fixture_targets_toml() + "\n[webhook]\nlisten = \"127.0.0.1:0\"\n"
                              "secret_files = [\"webhook-secret\"]\n" + hook_keys);
  }

  // Seeds one delivery of hook 42 (apache) and returns its {id, guid}.
  std::pair<long long, std::string> seed(const std::string& event, const std::string& action, int status_code,
                                         const std::string& delivered_at, const std::string& extra = "") {
    std::string op = R"({"op":"add_hook_delivery","hook":42,"owner":"apache","event":")" + event +
                     R"(","status_code":)" + std::to_string(status_code);
    if (!action.empty()) op += R"(,"action":")" + action + "\"";
    if (!delivered_at.empty()) op += R"(,"delivered_at":")" + delivered_at + "\"";
    op += extra + "}";
    auto reply = parse_json(fake_.edit(R"({"ops":[)" + op + "]}"));
    const auto& r = reply["results"][0];
    return {r["id"].GetInt64(), r["guid"].GetString()};
  }

  run_result redeliver(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"redeliver", "--config", (dir_ / "roadmapd.toml").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return roadmapd(args, dir_);
  }

  // "METHOD target" of every request the fake received, in order.
  std::vector<std::string> requests() const {
    std::vector<std::string> out;
    auto log = fake_.requests();
    for (const auto& r : log.GetArray()) out.push_back(string_of(r, "method") + " " + string_of(r, "target"));
    return out;
  }

  std::vector<std::string> posts() const {
    std::vector<std::string> out;
    for (auto& r : requests()) {
      if (r.starts_with("POST ")) out.push_back(r.substr(5));
    }
    return out;
  }

  static std::string attempts(long long id) {
    return "/orgs/apache/hooks/42/deliveries/" + std::to_string(id) + "/attempts";
  }

  temp_dir dir_;
  fake_github fake_{dir_};
};

TEST_F(redeliver_test, redelivers_only_failed_deliveries_since_the_given_time) {
  configure(org_hook);
  seed("projects_v2_item", "edited", 502, "2026-11-19T23:00:00Z");  // failed, but before --since
  const auto closed = seed("issues", "closed", 503, "2026-11-20T01:00:00Z");
  const auto opened = seed("pull_request", "opened", 0, "2026-11-20T02:00:00Z");  // timed out
  seed("ping", "", 200, "2026-11-20T03:00:00Z");
  // Failed, then redelivered by hand with success: nothing left to do for this guid.
  const auto comment = seed("issue_comment", "created", 500, "2026-11-20T04:00:00Z");
  seed("issue_comment", "created", 200, "2026-11-20T04:05:00Z", R"(,"redelivery":true,"guid":")" + comment.second + "\"");
  fake_.clear_requests();

  auto r = redeliver({"--since", "2026-11-20T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(lines_of(r.out),
              ElementsAre("redelivered " + closed.second + " issues.closed from 2026-11-20T01:00:00Z (was 503)",
                          "redelivered " + opened.second + " pull_request.opened from 2026-11-20T02:00:00Z (was 0)",
                          "redelivered 2 of 2 failed deliveries since 2026-11-20T00:00:00Z (hook 42 of "
                          "organization apache)"));
  EXPECT_THAT(requests(), ElementsAre("GET /orgs/apache/hooks/42/deliveries?per_page=100",
                                      "POST " + attempts(closed.first), "POST " + attempts(opened.first)));
  // GitHub's headers for REST, and the token only in Authorization (which the fake redacts).
  auto log = fake_.requests();
  for (const auto& req : log.GetArray()) {
    const auto& h = req["headers"];
    EXPECT_EQ(string_of(h, "accept"), "application/vnd.github+json");
    EXPECT_EQ(string_of(h, "x-github-api-version"), "2022-11-28");
    EXPECT_THAT(string_of(h, "user-agent"), HasSubstr("roadmapd"));
    EXPECT_EQ(string_of(h, "authorization"), "<redacted>");
  }
  EXPECT_THAT(r.out + r.err, Not(HasSubstr(fake_github::token)));

  // The redeliveries went through, so a second run finds nothing to do. Listed: the five seeded
  // since --since and the two redeliveries.
  fake_.clear_requests();
  r = redeliver({"--since", "2026-11-20T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(lines_of(r.out), ElementsAre("no failed deliveries since 2026-11-20T00:00:00Z (hook 42 of "
                                           "organization apache, 7 deliveries listed)"));
  EXPECT_THAT(posts(), IsEmpty());
}

TEST_F(redeliver_test, dry_run_lists_without_asking_github) {
  configure(org_hook);
  const auto failed = seed("issues", "edited", 500, "2026-11-20T01:00:00Z");
  fake_.clear_requests();
  auto r = redeliver({"--since=2026-11-20T00:00:00Z", "--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(lines_of(r.out),
              ElementsAre("would redeliver " + failed.second + " issues.edited from 2026-11-20T01:00:00Z (was 500)",
                          "would redeliver 1 failed deliveries since 2026-11-20T00:00:00Z (hook 42 of organization "
                          "apache)"));
  EXPECT_THAT(posts(), IsEmpty());
}

TEST_F(redeliver_test, since_may_be_a_duration_back_from_now) {
  configure(org_hook);
  seed("issues", "opened", 500, "2020-01-01T00:00:00Z");
  const auto recent = seed("issues", "reopened", 404, "");  // delivered now
  fake_.clear_requests();
  auto r = redeliver({"--since", "2d"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(posts(), ElementsAre(attempts(recent.first)));
  EXPECT_THAT(r.out, HasSubstr("redelivered " + recent.second + " issues.reopened from "));
  EXPECT_THAT(r.out, HasSubstr("redelivered 1 of 1 failed deliveries since "));
}

TEST_F(redeliver_test, pages_through_a_repository_hook_on_ghes) {
  configure("hook_id = 7\nhook_repository = \"apache/tvm\"\n");
  // GHES: the REST root is .../api/v3, which the fake also serves.
  std::string config = read_file(dir_ / "roadmapd.toml");
  const std::string api_line = "api_url = \"" + fake_.api_url() + "\"";
  config.replace(config.find(api_line), api_line.size(), "api_url = \"" + fake_.api_url() + "/api/v3\"");
  dir_.write("roadmapd.toml", config);

  std::string ops;
  for (int i = 0; i < 130; ++i) {
    if (!ops.empty()) ops += ",";
    ops += R"({"op":"add_hook_delivery","hook":7,"repository":"apache/tvm","event":"issues","action":"labeled",)"
           R"("status_code":502,"delivered_at":"2026-11-20T10:00:00Z"})";
  }
  fake_.edit("{\"ops\":[" + ops + "]}");
  fake_.clear_requests();

  auto r = redeliver({"--since", "2026-11-20T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 131u) << r.out;
  EXPECT_EQ(lines.back(), "redelivered 130 of 130 failed deliveries since 2026-11-20T00:00:00Z (hook 7 of repository "
                          "apache/tvm)");
  const auto reqs = requests();
  ASSERT_GE(reqs.size(), 2u);
  EXPECT_EQ(reqs[0], "GET /api/v3/repos/apache/tvm/hooks/7/deliveries?per_page=100");
  EXPECT_THAT(reqs[1], ::testing::MatchesRegex("GET /api/v3/repos/apache/tvm/hooks/7/deliveries\\?per_page=100&cursor=v1_[0-9]+"));
  const auto p = posts();
  EXPECT_EQ(p.size(), 130u);
  EXPECT_EQ(std::set<std::string>(p.begin(), p.end()).size(), 130u);
  for (const auto& target : p) EXPECT_THAT(target, ::testing::StartsWith("/api/v3/repos/apache/tvm/hooks/7/deliveries/"));
}

TEST_F(redeliver_test, a_refused_redelivery_is_reported_and_the_rest_still_go) {
  configure(org_hook);
  const auto first = seed("issues", "opened", 500, "2026-11-20T01:00:00Z");
  const auto second = seed("issues", "closed", 500, "2026-11-20T02:00:00Z");
  fake_.clear_requests();
  // The list goes through; the first POST is refused for good; the second fails once with a 502
  // (retried) and then goes through.
  fake_.faults(R"({"faults":[{"delay_ms":1},{"status":401},{"status":502}]})");
  auto r = redeliver({"--since", "2026-11-20T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(lines_of(r.out),
              ElementsAre("not redelivered " + first.second + " issues.opened from 2026-11-20T01:00:00Z (was 500): "
                          "redelivering delivery " + std::to_string(first.first) + " of hook 42 of organization apache: "
                          "GitHub rejected the token (401 Bad credentials): check github.token_file",
                          "redelivered " + second.second + " issues.closed from 2026-11-20T02:00:00Z (was 500)",
                          "redelivered 1 of 2 failed deliveries since 2026-11-20T00:00:00Z (hook 42 of "
                          "organization apache)"));
  EXPECT_THAT(posts(), ElementsAre(attempts(first.first), attempts(second.first), attempts(second.first)));
}

TEST_F(redeliver_test, an_unknown_hook_fails_with_a_hint) {
  configure("hook_id = 99\nhook_organization = \"apache\"\n");
  auto r = redeliver({"--since", "2026-11-20T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(lines_of(r.err),
              ::testing::Contains("roadmapd: redeliver failed: listing deliveries of hook 99 of organization apache: "
                                  "GitHub answered 404: Not Found (check [webhook] hook_id and hook_organization; the "
                                  "token needs the admin:org_hook scope)"));
  EXPECT_THAT(posts(), IsEmpty());
}

TEST_F(redeliver_test, missing_hook_keys_are_named) {
  configure("hook_organization = \"apache\"\n");
  auto r = redeliver({"--since", "2026-11-20T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "roadmapd: " + (dir_ / "roadmapd.toml").string() +
                       ": redeliver needs [webhook] hook_id (the GitHub hook whose deliveries to list)\n");

  write_config(dir_, fake_);  // no [webhook] section at all
  r = redeliver({"--since", "2026-11-20T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "roadmapd: " + (dir_ / "roadmapd.toml").string() +
                       ": redeliver needs [webhook] hook_id and hook_organization or hook_repository (the GitHub "
                       "hook whose deliveries to list)\n");
  EXPECT_THAT(requests(), IsEmpty());
}

TEST_F(redeliver_test, bad_since_is_a_usage_error) {
  configure(org_hook);
  auto r = redeliver({"--since", "last tuesday"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "roadmapd: --since: \"last tuesday\" is neither a time like 2026-11-20T00:00:00Z nor a duration "
                   "like 6h or 2d\n");
  r = redeliver({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("redeliver needs --since TIME"));
  EXPECT_THAT(requests(), IsEmpty());
}

}  // namespace
}  // namespace roadmapd::test
