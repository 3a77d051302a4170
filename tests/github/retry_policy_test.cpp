// retry_policy: which GitHub answers are kept, retried, waited out or given up on (with the
// message a maintainer reads), and the bounds of the jittered backoff.
#include "github/retry_policy.hpp"

#include <set>

#include <gtest/gtest.h>

#include "github/json.hpp"

namespace roadmapd::github {
namespace {

using namespace std::chrono_literals;

decision classify_answer(int status, std::string body, net::header_list headers = {}) {
  net::http_response r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return classify(r, parse_json(r.body));
}

constexpr const char* secondary_body =
    R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",)"
    R"("documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"})";

TEST(retry_policy, data_is_ok) {
  auto d = classify_answer(200, R"({"data":{"viewer":{"login":"octocat"}}})");
  EXPECT_EQ(d.kind, verdict::ok);
}

TEST(retry_policy, data_with_per_node_errors_is_ok) {
  auto d = classify_answer(200, R"({"data":{"node":null},"errors":[{"type":"NOT_FOUND","path":["node"],"message":"Could not resolve to a node"}]})");
  EXPECT_EQ(d.kind, verdict::ok);
}

TEST(retry_policy, errors_without_data_are_fatal_and_listed_with_paths) {
  auto d = classify_answer(200, R"({"data":null,"errors":[{"type":"NOT_FOUND","path":["organization","projectV2"],)"
                                R"("message":"Could not resolve to a ProjectV2 with the number 9."},)"
                                R"({"message":"Field 'bogus' doesn't exist on type 'Query'"}]})");
  EXPECT_EQ(d.kind, verdict::fatal);
  EXPECT_EQ(d.reason,
            "GitHub rejected the query: Could not resolve to a ProjectV2 with the number 9. (at organization.projectV2); "
            "Field 'bogus' doesn't exist on type 'Query'");
}

TEST(retry_policy, bad_credentials_name_the_token_file) {
  auto d = classify_answer(401, R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/graphql"})");
  EXPECT_EQ(d.kind, verdict::fatal);
  EXPECT_EQ(d.reason, "GitHub rejected the token (401 Bad credentials): check github.token_file");
}

TEST(retry_policy, client_errors_are_not_retried_and_quote_github) {
  for (int status : {400, 404, 410, 422, 451}) {
    auto d = classify_answer(status, R"({"message":"Problems parsing JSON"})");
    EXPECT_EQ(d.kind, verdict::fatal) << status;
    EXPECT_EQ(d.reason, "GitHub answered " + std::to_string(status) + ": Problems parsing JSON");
  }
}

TEST(retry_policy, a_plain_403_is_not_a_rate_limit) {
  auto d = classify_answer(403, R"({"message":"Resource not accessible by integration"})",
                           {{"x-ratelimit-remaining", "4000"}});
  EXPECT_EQ(d.kind, verdict::fatal);
  EXPECT_EQ(d.reason, "GitHub refused the request (403): Resource not accessible by integration");
}

TEST(retry_policy, secondary_limit_403_with_retry_after) {
  auto d = classify_answer(403, secondary_body, {{"Retry-After", "42"}, {"x-ratelimit-remaining", "4000"}});
  EXPECT_EQ(d.kind, verdict::secondary_limit);
  ASSERT_TRUE(d.limit.retry_after.has_value());
  EXPECT_EQ(*d.limit.retry_after, 42s);
  EXPECT_FALSE(d.limit.budget_exhausted);
  EXPECT_NE(d.reason.find("secondary rate limit"), std::string::npos);
}

TEST(retry_policy, secondary_limit_is_recognised_by_its_message_alone) {
  auto d = classify_answer(403, secondary_body);
  EXPECT_EQ(d.kind, verdict::secondary_limit);
  EXPECT_FALSE(d.limit.retry_after.has_value());
}

TEST(retry_policy, a_403_with_no_budget_left_waits_for_reset) {
  auto d = classify_answer(403, R"({"message":"API rate limit exceeded for user ID 1."})",
                           {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1800000600"}});
  EXPECT_EQ(d.kind, verdict::secondary_limit);
  EXPECT_TRUE(d.limit.budget_exhausted);
  ASSERT_TRUE(d.limit.reset_at.has_value());
  EXPECT_EQ(*d.limit.reset_at, wall_clock::time_point(std::chrono::seconds(1'800'000'600)));
}

TEST(retry_policy, status_429_is_a_rate_limit) {
  auto d = classify_answer(429, "Too Many Requests");
  EXPECT_EQ(d.kind, verdict::secondary_limit);
}

TEST(retry_policy, rate_limited_graphql_error_is_a_rate_limit) {
  auto d = classify_answer(200, R"({"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for user ID 1."}]})",
                           {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1800000600"}});
  EXPECT_EQ(d.kind, verdict::secondary_limit);
  EXPECT_TRUE(d.limit.budget_exhausted);
  EXPECT_EQ(d.reason, "GitHub rate limit (RATE_LIMITED): API rate limit exceeded for user ID 1.");
}

TEST(retry_policy, server_errors_are_retried) {
  for (int status : {500, 502, 503, 504}) {
    auto d = classify_answer(status, "<html>Unicorn!</html>");
    EXPECT_EQ(d.kind, verdict::retry) << status;
    EXPECT_EQ(d.reason, "GitHub answered " + std::to_string(status) + ": <html>Unicorn!</html>");
  }
}

TEST(retry_policy, something_went_wrong_is_retried) {
  auto d = classify_answer(200, R"({"data":null,"errors":[{"message":"Something went wrong while executing your query. )"
                                R"(Please include `ABCD:1234` when reporting this issue."}]})");
  EXPECT_EQ(d.kind, verdict::retry);
}

TEST(retry_policy, truncated_json_is_retried_and_names_the_offset) {
  auto d = classify_answer(200, R"({"data":{"viewer":{"lo)");
  EXPECT_EQ(d.kind, verdict::retry);
  EXPECT_NE(d.reason.find("invalid JSON at offset"), std::string::npos) << d.reason;
}

TEST(retry_policy, an_answer_with_neither_data_nor_errors_is_retried) {
  EXPECT_EQ(classify_answer(200, "{}").kind, verdict::retry);
  EXPECT_EQ(classify_answer(200, "[1,2]").kind, verdict::retry);
}

TEST(retry_policy, error_paths_join_names_and_indexes) {
  auto doc = parse_json(R"({"errors":[{"type":"FORBIDDEN","message":"no","path":["organization","projectV2","items","nodes",3,"content"]}]})");
  ASSERT_TRUE(doc);
  auto errors = read_graphql_errors(**doc);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "organization.projectV2.items.nodes.3.content");
  EXPECT_EQ(errors[0].type, "FORBIDDEN");
}

TEST(retry_policy, backoff_stays_within_the_doubling_ceiling_and_the_cap) {
  std::mt19937_64 rng(12345);
  for (int attempt = 1; attempt <= 12; ++attempt) {
    auto ceiling = std::min<std::chrono::milliseconds>(300s, 1000ms * (1LL << (attempt - 1)));
    for (int i = 0; i < 200; ++i) {
      auto d = backoff(attempt, 1000ms, 300s, rng);
      EXPECT_GE(d, 0ms);
      EXPECT_LE(d, ceiling);
    }
  }
}

TEST(retry_policy, backoff_is_jittered) {
  std::mt19937_64 rng(7);
  std::set<long long> seen;
  for (int i = 0; i < 50; ++i) seen.insert(backoff(4, 1000ms, 300s, rng).count());
  EXPECT_GT(seen.size(), 40u);
}

TEST(retry_policy, invalid_json_error_names_offset_and_cause) {
  auto r = parse_json(R"({"a": 1,, })");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "invalid JSON at offset 8: Missing a name for object member.");
}

}  // namespace
}  // namespace roadmapd::github
