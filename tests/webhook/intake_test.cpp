// The intake's decisions as GitHub (or anyone else) sees them: the status and body of each answer,
// and what the inbox holds afterwards. Nothing is stored for any 4xx; secrets reach no log line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "store/database.hpp"
#include "webhook/inbox.hpp"
#include "webhook/intake.hpp"
#include "webhook/signature.hpp"

namespace roadmapd::webhook {
namespace {

constexpr std::string_view secret = "hook-secret-9f2c";

struct recording_observer : intake_observer {
  std::vector<std::string> calls;
  void on_accepted(std::string_view event) override { calls.push_back("accepted " + std::string(event)); }
  void on_duplicate(std::string_view event) override { calls.push_back("duplicate " + std::string(event)); }
  void on_ping() override { calls.push_back("ping"); }
  void on_rejected(std::string_view reason, std::string_view event) override {
    calls.push_back("rejected " + std::string(reason) + " " + std::string(event));
  }
  void on_stored() override { calls.push_back("stored"); }
};

std::string url_encode(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 0xf]);
    }
  }
  return out;
}

class intake_test : public ::testing::Test {
 protected:
  // A request as GitHub sends it; tests then remove or change what they are about.
  http::request github_request(std::string event, std::string body,
                               std::string delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958") {
    http::request req;
    req.method = "POST";
    req.target = "/webhook";
    req.remote_address = "140.82.115.1:443";
    req.headers = {{"Content-Type", "application/json"},
                   {"X-GitHub-Event", std::move(event)},
                   {"X-GitHub-Delivery", std::move(delivery)},
                   {"X-GitHub-Hook-ID", "292430182"},
                   {"X-Hub-Signature-256", sign(body, secret)}};
    req.body = std::move(body);
    return req;
  }

  static void remove_header(http::request& req, std::string_view name) {
    std::erase_if(req.headers, [&](const auto& h) { return http::iequals(h.first, name); });
  }
  static void set_header(http::request& req, std::string_view name, std::string value) {
    remove_header(req, name);
    req.headers.emplace_back(std::string(name), std::move(value));
  }

  long long stored() { return scalar("SELECT count(*) FROM webhook_deliveries"); }
  long long scalar(const char* sql) {
    auto& q = db.prepare(sql);
    q.query();
    long long v = q.step() ? q.column_int64(0) : -1;
    q.reset();
    return v;
  }

  void expect_rejected(const http::request& req, int status, std::string_view body, std::string_view reason) {
    const auto r = in.handle(req);
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(r.body, std::string(body) + "\n");
    EXPECT_EQ(stored(), 0) << "nothing may be stored for a " << status;
    ASSERT_FALSE(observer.calls.empty());
    EXPECT_THAT(observer.calls.back(), ::testing::StartsWith("rejected " + std::string(reason) + " "));
  }

  store::database db = store::database::open(":memory:").value();
  inbox box{db};
  recording_observer observer;
  intake in{box, intake_options{{std::string(secret)}}, &observer};
  const std::string issue_opened =
      R"({"action":"opened","issue":{"number":7,"title":"RFC: caf\u00e9"},"repository":{"full_name":"apache/tvm"}})";
};

TEST_F(intake_test, a_signed_delivery_is_stored_and_answered_202) {
  const auto r = in.handle(github_request("issues", issue_opened));
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "accepted\n");
  EXPECT_EQ(observer.calls, (std::vector<std::string>{"accepted issues", "stored"}));

  auto d = box.next_pending();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->delivery_id, "72d3162e-cc78-11e3-81ab-4c9367dc0958");
  EXPECT_EQ(d->event, "issues");
  EXPECT_EQ(d->action, "opened");
  EXPECT_EQ(d->hook_id, "292430182");
  EXPECT_EQ(d->payload, issue_opened);
}

TEST_F(intake_test, the_same_delivery_again_is_200_and_stored_once) {
  EXPECT_EQ(in.handle(github_request("issues", issue_opened)).status, 202);
  const auto again = in.handle(github_request("issues", issue_opened));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, "duplicate delivery\n");
  EXPECT_EQ(stored(), 1);
  EXPECT_EQ(observer.calls.back(), "duplicate issues");
}

TEST_F(intake_test, a_rejection_names_the_event_for_metrics_only_when_github_documents_it) {
  auto unsigned_issue = github_request("issues", issue_opened);
  remove_header(unsigned_issue, "X-Hub-Signature-256");
  in.handle(unsigned_issue);
  EXPECT_EQ(observer.calls.back(), "rejected missing_signature issues");

  auto no_event = github_request("issues", issue_opened);
  remove_header(no_event, "X-GitHub-Event");
  in.handle(no_event);
  EXPECT_EQ(observer.calls.back(), "rejected missing_event none");

  in.handle(github_request("made_up_event", issue_opened));
  EXPECT_EQ(observer.calls.back(), "rejected unsupported_event other");
}

TEST_F(intake_test, missing_signature_is_401) {
  auto req = github_request("issues", issue_opened);
  remove_header(req, "X-Hub-Signature-256");
  expect_rejected(req, 401, "missing X-Hub-Signature-256 header", "missing_signature");
}

TEST_F(intake_test, a_signature_by_another_secret_is_401) {
  auto req = github_request("issues", issue_opened);
  set_header(req, "X-Hub-Signature-256", sign(req.body, "not the secret"));
  expect_rejected(req, 401, "signature does not match", "bad_signature");
}

TEST_F(intake_test, a_body_changed_after_signing_is_401) {
  auto req = github_request("issues", issue_opened);
  req.body[3] = 'A';
  expect_rejected(req, 401, "signature does not match", "bad_signature");
}

TEST_F(intake_test, the_signature_is_checked_before_anything_else) {
  auto req = github_request("issues", issue_opened);
  remove_header(req, "X-GitHub-Event");
  set_header(req, "Content-Type", "text/plain");
  set_header(req, "X-Hub-Signature-256", "sha256=00");
  expect_rejected(req, 401, "signature does not match", "bad_signature");
}

TEST_F(intake_test, a_rejected_signature_is_logged_without_the_secret) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  auto req = github_request("issues", issue_opened);
  set_header(req, "X-Hub-Signature-256", sign(req.body, "wrong"));
  in.handle(req);
  spdlog::set_default_logger(previous);

  const auto lines = sink->last_formatted();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("72d3162e-cc78-11e3-81ab-4c9367dc0958"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("140.82.115.1:443"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("warning"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].find(secret), std::string::npos) << lines[0];
}

TEST_F(intake_test, either_secret_is_accepted_during_rotation) {
  intake rotating{box, intake_options{{"old-secret", std::string(secret)}}, nullptr};
  auto with_old = github_request("issues", issue_opened, "d-old");
  set_header(with_old, "X-Hub-Signature-256", sign(with_old.body, "old-secret"));
  EXPECT_EQ(rotating.handle(with_old).status, 202);
  EXPECT_EQ(rotating.handle(github_request("issues", issue_opened, "d-new")).status, 202);
  EXPECT_EQ(stored(), 2);
}

TEST_F(intake_test, missing_event_is_400) {
  auto req = github_request("issues", issue_opened);
  remove_header(req, "X-GitHub-Event");
  expect_rejected(req, 400, "missing X-GitHub-Event header", "missing_event");
}

TEST_F(intake_test, missing_delivery_is_400) {
  auto req = github_request("issues", issue_opened);
  remove_header(req, "X-GitHub-Delivery");
  expect_rejected(req, 400, "missing X-GitHub-Delivery header", "missing_delivery");
}

TEST_F(intake_test, a_delivery_id_that_is_no_guid_is_400) {
  expect_rejected(github_request("issues", issue_opened, "1; DROP TABLE x"), 400,
                  "malformed X-GitHub-Delivery header (expected a GUID)", "malformed_delivery");
}

TEST_F(intake_test, an_event_github_does_not_send_is_400) {
  expect_rejected(github_request("foo", issue_opened), 400, "unsupported event 'foo'", "unsupported_event");
  expect_rejected(github_request("issues\r\nX: y", issue_opened), 400, "malformed X-GitHub-Event header",
                  "unsupported_event");
}

TEST_F(intake_test, other_content_types_are_415) {
  auto req = github_request("issues", issue_opened);
  set_header(req, "Content-Type", "text/plain");
  expect_rejected(req, 415, "unsupported content type 'text/plain'; set the hook's content type to application/json",
                  "unsupported_content_type");
  remove_header(req, "Content-Type");
  expect_rejected(req, 415, "missing Content-Type header; set the hook's content type to application/json",
                  "unsupported_content_type");
}

TEST_F(intake_test, a_charset_parameter_is_fine) {
  auto req = github_request("issues", issue_opened);
  set_header(req, "Content-Type", "Application/JSON; charset=utf-8");
  EXPECT_EQ(in.handle(req).status, 202);
}

TEST_F(intake_test, a_form_encoded_delivery_stores_the_decoded_payload) {
  // Signed over the raw form body, as GitHub does; the inbox keeps the JSON.
  auto req = github_request("issues", "payload=" + url_encode(issue_opened));
  set_header(req, "Content-Type", "application/x-www-form-urlencoded");
  const auto r = in.handle(req);
  EXPECT_EQ(r.status, 202);
  auto d = box.next_pending();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->payload, issue_opened);
  EXPECT_EQ(d->action, "opened");
}

TEST_F(intake_test, a_form_without_payload_is_400) {
  auto req = github_request("issues", "other=1&payloads=2");
  set_header(req, "Content-Type", "application/x-www-form-urlencoded");
  expect_rejected(req, 400, "the form body has no payload field", "malformed_form");
  auto broken = github_request("issues", "payload=%7");
  set_header(broken, "Content-Type", "application/x-www-form-urlencoded");
  expect_rejected(broken, 400, "the form's payload field has a broken %-escape", "malformed_form");
}

TEST_F(intake_test, ping_is_answered_and_not_stored) {
  const auto r = in.handle(github_request("ping", R"({"zen":"Keep it logically awesome.","hook_id":292430182})"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "pong\n");
  EXPECT_EQ(stored(), 0);
  EXPECT_EQ(observer.calls, (std::vector<std::string>{"ping"}));
}

TEST_F(intake_test, a_payload_that_is_not_json_is_still_stored_with_the_action_it_names) {
  // The worker marks it failed with the parse error; the intake only reads as far as "action".
  const std::string broken = R"({"action":"opened", "issue": )";
  EXPECT_EQ(in.handle(github_request("issues", broken)).status, 202);
  const std::string garbage = "not json at all";
  EXPECT_EQ(in.handle(github_request("issues", garbage, "72d3162e-cc78-11e3-81ab-4c9367dc0959")).status, 202);
  EXPECT_EQ(stored(), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM webhook_deliveries JOIN webhook_payloads USING (seq) "
                   "WHERE payload = 'not json at all' AND action IS NULL"), 1);
  auto d = box.next_pending();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->payload, broken);
  EXPECT_EQ(d->action, "opened");
}

TEST_F(intake_test, the_action_is_the_top_level_string_member_wherever_it_stands) {
  const std::pair<const char*, std::optional<std::string>> cases[] = {
      {R"({"issue":{"action":"nested","labels":[{"action":"deeper"}]},"action":"closed"})", "closed"},
      {R"({"issue":{"number":1},"sender":{"login":"x"}})", std::nullopt},
      {R"({"action":7,"issue":{}})", std::nullopt},
      {R"({"action":{"name":"x"},"zen":"z"})", std::nullopt},
      {R"([{"action":"opened"}])", std::nullopt},
      {R"("opened")", std::nullopt},
      {R"({"action":"caf\u00e9 \"q\""})", "caf\xc3\xa9 \"q\""},
  };
  int n = 0;
  for (const auto& [json, action] : cases) {
    SCOPED_TRACE(json);
    char id[40];
    std::snprintf(id, sizeof id, "72d3162e-cc78-11e3-81ab-%012d", n++);
    ASSERT_EQ(in.handle(github_request("issues", json, id)).status, 202);
    auto d = box.next_pending();
    ASSERT_TRUE(d);
    EXPECT_EQ(d->action, action);
    box.mark_done(d->seq);
  }
}

TEST_F(intake_test, a_documented_event_without_a_handler_is_still_stored) {
  EXPECT_EQ(in.handle(github_request("star", R"({"action":"created"})")).status, 202);
  EXPECT_EQ(stored(), 1);
}

TEST_F(intake_test, a_hook_id_that_is_not_a_number_is_not_kept) {
  auto req = github_request("issues", issue_opened);
  set_header(req, "X-GitHub-Hook-ID", "12; x");
  EXPECT_EQ(in.handle(req).status, 202);
  EXPECT_EQ(box.next_pending()->hook_id, "");
}

TEST(github_events_test, lists_the_events_roadmapd_handles_and_no_made_up_ones) {
  for (const char* e : {"projects_v2_item", "projects_v2", "issues", "pull_request", "issue_comment", "label",
                        "milestone", "repository", "ping"}) {
    EXPECT_TRUE(is_github_event(e)) << e;
  }
  EXPECT_FALSE(is_github_event("foo"));
  EXPECT_FALSE(is_github_event("Issues"));
  EXPECT_FALSE(is_github_event(""));
}

}  // namespace
}  // namespace roadmapd::webhook
