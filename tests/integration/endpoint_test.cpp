// Bad deliveries against the running daemon: each refused one gets the status and text GitHub's
// "Recent Deliveries" tab would show, is counted in /metrics, and leaves the inbox as it was; a
// correctly signed payload that is not JSON is stored, then marked failed with the parse error, and
// the worker goes on with the next delivery.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "endpoint_support.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::string_view deliveries_total = "roadmapd_webhook_deliveries_total";

std::string series(std::string_view event, std::string_view outcome) {
  return std::string(deliveries_total) + "{event=\"" + std::string(event) + "\",outcome=\"" + std::string(outcome) +
         "\"}";
}

// Drops the header `name` from a delivery's headers.
raw_headers without(raw_headers headers, std::string_view name) {
  std::erase_if(headers, [&](const auto& h) { return h.first == name; });
  return headers;
}

raw_headers with(raw_headers headers, std::string_view name, std::string value) {
  for (auto& h : headers) {
    if (h.first == name) h.second = std::move(value);
  }
  return headers;
}

struct refused_case {
  std::string what;
  raw_headers headers;
  int status;
  std::string answer;  // the body GitHub would show
  std::string counted;  // the /metrics series that goes up by one
};

using endpoint_checks = endpoint_daemon;

TEST_F(endpoint_checks, each_refused_delivery_gets_its_status_and_stores_nothing) {
  const std::string body = issue_edited_payload(fake, 1, "Must never reach the mirror");
  const std::string id = "e0d1c2b3-0000-4000-8000-000000000001";
  const auto signed_headers = delivery_headers(body, id);
  // GitHub's old header alone, correctly signed: roadmapd only takes SHA-256.
  auto sha1_only = without(signed_headers, "X-Hub-Signature-256");
  sha1_only.emplace_back("X-Hub-Signature", github_sha1_signature(body));

  const std::vector<refused_case> cases = {
      {"no signature", without(signed_headers, "X-Hub-Signature-256"), 401, "missing X-Hub-Signature-256 header\n",
       series("issues", "rejected_signature")},
      {"signed with another secret",
       with(signed_headers, "X-Hub-Signature-256", github_signature(body, "not-the-secret")), 401,
       "signature does not match\n", series("issues", "rejected_signature")},
      {"signature over different bytes",
       with(signed_headers, "X-Hub-Signature-256", github_signature(body + " ")), 401, "signature does not match\n",
       series("issues", "rejected_signature")},
      {"SHA-1 signature only", sha1_only, 401,
       "missing X-Hub-Signature-256 header\n", series("issues", "rejected_signature")},
      {"unknown event", delivery_headers(body, id, "foo"), 400, "unsupported event 'foo'\n",
       series("other", "rejected_bad_request")},
      {"no X-GitHub-Delivery", without(signed_headers, "X-GitHub-Delivery"), 400,
       "missing X-GitHub-Delivery header\n", series("issues", "rejected_bad_request")},
      {"X-GitHub-Delivery that is no GUID", with(signed_headers, "X-GitHub-Delivery", "../../etc/passwd"), 400,
       "malformed X-GitHub-Delivery header (expected a GUID)\n", series("issues", "rejected_bad_request")},
      {"no X-GitHub-Event", without(signed_headers, "X-GitHub-Event"), 400, "missing X-GitHub-Event header\n",
       series("none", "rejected_bad_request")},
      {"text/plain body", with(signed_headers, "Content-Type", "text/plain"), 415,
       "unsupported content type 'text/plain'; set the hook's content type to application/json\n",
       series("issues", "rejected_bad_request")},
  };

  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto before = metrics();
    raw_connection conn(port());
    auto headers = c.headers;
    headers.emplace_back("Connection", "close");
    ASSERT_TRUE(conn.send(raw_request("POST", "/webhook", headers, body)));
    const auto answer = conn.read_response(std::chrono::seconds(10));
    EXPECT_EQ(answer.status(), c.status) << answer.bytes;
    EXPECT_EQ(answer.body(), c.answer);
    EXPECT_THAT(stored_deliveries(), IsEmpty());
    const auto after = metrics();
    EXPECT_EQ(metric_value(after, c.counted) - metric_value(before, c.counted), 1)
        << c.counted << " did not go up by one; the deliveries counters are now:\n"
        << metric_lines(after, deliveries_total);
  }

  // A maintainer finds the refused signatures in the log, by delivery id (the secret is checked
  // absent from the log when the test ends).
  EXPECT_THAT(daemon->err(), HasSubstr("rejected delivery " + id));

  // The same delivery, correctly signed, is taken: what refused the others was the flaw each had.
  auto accepted = post_delivery(body, id);
  EXPECT_EQ(accepted.status, 202) << accepted.body;
  EXPECT_THAT(stored_deliveries(), ElementsAre(id));
}

// A ping (GitHub sends one when the hook is made) is answered and not stored, counted as a ping, and
// its log line names the hook, from the payload when the header is missing.
TEST_F(endpoint_checks, a_ping_is_answered_counted_as_a_ping_and_logged_with_its_hook) {
  const std::string body = R"({"zen":"Design for failure.","hook_id":292430182,"hook":{"type":"Organization"}})";
  const auto r = http_call("POST", base() + "/webhook", body, "application/json",
                           {{"X-GitHub-Event", "ping"},
                            {"X-GitHub-Delivery", "e1d1c2b3-0000-4000-8000-000000000099"},
                            {"X-Hub-Signature-256", github_signature(body)}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "pong\n");
  EXPECT_THAT(stored_deliveries(), IsEmpty());
  const auto m = metrics();
  EXPECT_EQ(metric_value(m, "roadmapd_webhook_deliveries_total{event=\"ping\",outcome=\"ping\"}"), 1.0);
  EXPECT_EQ(metric_value(m, "roadmapd_webhook_deliveries_total{event=\"ping\",outcome=\"accepted\"}"), 0.0);
  EXPECT_THAT(daemon->err(), HasSubstr("webhook: ping e1d1c2b3-0000-4000-8000-000000000099 from 127.0.0.1"));
  EXPECT_THAT(daemon->err(), HasSubstr("(hook 292430182)"));
}

TEST_F(endpoint_checks, signed_malformed_json_is_stored_then_failed_with_the_parse_error_and_the_worker_goes_on) {
  const std::string broken = R"({"action":"edited","issue":{"number":1,"title":"cut off here)";
  const std::string broken_id = "e0d1c2b3-0000-4000-8000-000000000010";
  const std::string next_id = "e0d1c2b3-0000-4000-8000-000000000011";
  const auto before = metrics();

  auto first = post_delivery(broken, broken_id);
  EXPECT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(first.body, "accepted\n");
  auto second = post_delivery(issue_edited_payload(fake, 1, "[Roadmap] Applied after a broken delivery"), next_id);
  EXPECT_EQ(second.status, 202) << second.body;
  EXPECT_THAT(stored_deliveries(), ElementsAre(broken_id, next_id));

  EXPECT_EQ(wait_for("SELECT status FROM webhook_deliveries WHERE delivery_id = '" + broken_id + "'", "failed"),
            "failed");
  rapidjson::Document parsed;
  parsed.Parse(broken.data(), broken.size());
  ASSERT_TRUE(parsed.HasParseError());
  const auto reason = scalar(db, "SELECT reason FROM webhook_deliveries WHERE delivery_id = '" + broken_id + "'");
  EXPECT_THAT(reason, HasSubstr(rapidjson::GetParseError_En(parsed.GetParseError())));
  EXPECT_THAT(reason, HasSubstr(std::to_string(parsed.GetErrorOffset())));

  EXPECT_EQ(wait_for("SELECT status FROM webhook_deliveries WHERE delivery_id = '" + next_id + "'", "done"), "done");
  const auto number = fake.state()["issues"][1]["number"].GetInt();
  EXPECT_EQ(scalar(db, "SELECT title FROM issues WHERE repo = 'apache/tvm' AND number = " + std::to_string(number)),
            "[Roadmap] Applied after a broken delivery");

  const auto after = metrics();
  for (const auto& [outcome, count] : {std::pair{"accepted", 2}, {"failed", 1}, {"applied", 1}}) {
    const auto s = series("issues", outcome);
    EXPECT_EQ(metric_value(after, s) - metric_value(before, s), count)
        << s << "; the deliveries counters are now:\n"
        << metric_lines(after, deliveries_total);
  }
}

}  // namespace
}  // namespace roadmapd::test
