// The pure half of `roadmapd redeliver` (lib/github/hook_deliveries): reading GitHub's delivery
// list, following its Link header, and choosing what to redeliver. Built into the redeliver suite.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "github/hook_deliveries.hpp"
#include "util/time.hpp"

namespace roadmapd::github {
namespace {

using ::testing::ElementsAre;

std::chrono::system_clock::time_point at(const char* iso) { return *util::parse_iso8601(iso); }

hook_delivery delivery(long long id, std::string guid, const char* when, int status_code) {
  hook_delivery d;
  d.id = id;
  d.guid = std::move(guid);
  d.delivered_at = when;
  d.delivered = at(when);
  d.status_code = status_code;
  d.event = "issues";
  return d;
}

std::vector<long long> ids(const std::vector<hook_delivery>& ds) {
  std::vector<long long> out;
  for (const auto& d : ds) out.push_back(d.id);
  return out;
}

TEST(hook_deliveries, parses_githubs_delivery_summaries) {
  auto parsed = parse_hook_deliveries(R"([
    {"id": 12345678, "guid": "0b989ba4-242f-11e5-81e1-c7b6966d2516", "delivered_at": "2019-06-03T00:57:16Z",
     "redelivery": false, "duration": 0.27, "status": "OK", "status_code": 200, "event": "issues",
     "action": "opened", "installation_id": 123, "repository_id": 456, "throttled_at": "2019-06-03T00:57:16Z"},
    {"id": 123456789, "guid": "0b989ba4-242f-11e5-81e1-c7b6966d2516", "delivered_at": "2019-06-04T00:57:16Z",
     "redelivery": true, "duration": 0.28, "status": "Invalid HTTP Response: 503", "status_code": 503,
     "event": "push", "action": null, "installation_id": null, "repository_id": null}
  ])");
  ASSERT_TRUE(parsed.has_value()) << parsed.message();
  ASSERT_EQ(parsed->size(), 2u);
  const auto& a = (*parsed)[0];
  EXPECT_EQ(a.id, 12345678);
  EXPECT_EQ(a.guid, "0b989ba4-242f-11e5-81e1-c7b6966d2516");
  EXPECT_EQ(a.delivered_at, "2019-06-03T00:57:16Z");
  EXPECT_EQ(a.delivered, at("2019-06-03T00:57:16Z"));
  EXPECT_FALSE(a.redelivery);
  EXPECT_EQ(a.status, "OK");
  EXPECT_TRUE(a.succeeded());
  EXPECT_EQ(a.action, "opened");
  const auto& b = (*parsed)[1];
  EXPECT_TRUE(b.redelivery);
  EXPECT_EQ(b.status_code, 503);
  EXPECT_FALSE(b.succeeded());
  EXPECT_EQ(b.event, "push");
  EXPECT_EQ(b.action, "");
}

TEST(hook_deliveries, malformed_answers_name_the_json_path) {
  EXPECT_EQ(parse_hook_deliveries(R"({"message": "Not Found"})").message(), "expected a JSON array of deliveries");
  EXPECT_EQ(parse_hook_deliveries(R"([{"id": 1, "guid": "g", "delivered_at": "2019-06-03T00:57:16Z",
                                       "status_code": 200, "event": "issues"},
                                      {"id": 2, "guid": "g", "delivered_at": "yesterday", "status_code": 200,
                                       "event": "issues"}])")
                .message(),
            "[1].delivered_at: expected an ISO-8601 time");
  EXPECT_EQ(parse_hook_deliveries(R"([{"id": "1"}])").message(), "[0].id: expected an integer");
  EXPECT_EQ(parse_hook_deliveries(R"([{"id": 1, "guid": "g", "delivered_at": "2019-06-03T00:57:16Z",
                                       "event": "issues"}])")
                .message(),
            "[0].status_code: expected an integer");
  EXPECT_FALSE(parse_hook_deliveries("[").has_value());
}

TEST(hook_deliveries, next_cursor_comes_from_the_next_link_only) {
  EXPECT_EQ(next_page_cursor(R"(<https://api.github.com/orgs/apache/hooks/1/deliveries?per_page=100&cursor=v1_13>; rel="next")"),
            "v1_13");
  EXPECT_EQ(next_page_cursor(R"(<https://ghe.example.com/api/v3/repos/a/b/hooks/1/deliveries?cursor=v1_9&per_page=2>; rel="prev", )"
                             R"(<https://ghe.example.com/api/v3/repos/a/b/hooks/1/deliveries?cursor=v1_5&per_page=2>; rel="next")"),
            "v1_5");
  EXPECT_EQ(next_page_cursor(R"(<https://api.github.com/orgs/apache/hooks/1/deliveries?cursor=v1_9>; rel="prev")"),
            std::nullopt);
  EXPECT_EQ(next_page_cursor(R"(<https://api.github.com/orgs/apache/hooks/1/deliveries?page=2>; rel="next")"),
            std::nullopt);
  EXPECT_EQ(next_page_cursor(""), std::nullopt);
}

TEST(hook_deliveries, picks_the_latest_failed_attempt_of_each_guid_that_never_succeeded) {
  const auto since = at("2026-11-20T00:00:00Z");
  const std::vector<hook_delivery> listed = {
      delivery(9, "retried-and-failed", "2026-11-20T05:00:00Z", 502),
      delivery(8, "succeeded-later", "2026-11-20T04:30:00Z", 200),
      delivery(7, "succeeded-later", "2026-11-20T04:00:00Z", 500),
      delivery(6, "ok", "2026-11-20T03:00:00Z", 204),
      delivery(5, "timed-out", "2026-11-20T00:00:00Z", 0),
      delivery(4, "retried-and-failed", "2026-11-20T01:00:00Z", 500),
      delivery(3, "too-old", "2026-11-19T23:59:59Z", 500),
      delivery(2, "client-error", "2026-11-20T06:00:00Z", 404),
  };
  EXPECT_THAT(ids(failed_deliveries(listed, since)), ElementsAre(5, 9, 2));
  EXPECT_THAT(ids(failed_deliveries(listed, at("2026-11-20T05:30:00Z"))), ElementsAre(2));
  EXPECT_THAT(ids(failed_deliveries({}, since)), ElementsAre());
}

TEST(hook_deliveries, hook_paths_for_organizations_and_repositories) {
  EXPECT_EQ((hook_ref{12, "apache", ""}).path(), "/orgs/apache/hooks/12");
  EXPECT_EQ((hook_ref{12, "", "apache/tvm"}).path(), "/repos/apache/tvm/hooks/12");
  EXPECT_EQ((hook_ref{12, "", "apache/tvm"}).describe(), "hook 12 of repository apache/tvm");
}

}  // namespace
}  // namespace roadmapd::github
