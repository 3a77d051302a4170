// The endpoint's limits against the running daemon, on raw sockets: bodies over the limit are refused
// before they are sent, truncated, stalled and trickled requests are cut off by their deadlines
// without holding up a delivery on another connection, connections over the cap are refused, idle
// kept-alive ones are closed. None of it stores anything.
#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "endpoint_support.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using steady_clock = std::chrono::steady_clock;

constexpr auto answer_wait = std::chrono::seconds(10);  // far beyond every deadline of the fixture
constexpr std::size_t body_limit = 65536;               // the fixture's max_body_bytes
const std::string too_large = "roadmapd_webhook_deliveries_total{event=\"issues\",outcome=\"too_large\"}";

// A delivery of exactly `size` bytes: an issue payload padded with an extra member.
std::string payload_of_size(const fake_github& fake, std::size_t size) {
  std::string body = issue_edited_payload(fake, 1, "Padded");
  const std::string head = "{\"padding\":\"";
  const std::string tail = "\",";
  const std::size_t fixed = body.size() + head.size() + tail.size() - 1;
  if (size < fixed) throw std::logic_error("payload_of_size: too small");
  return head + std::string(size - fixed, 'a') + tail + body.substr(1);
}

// What became of a connection that sends its bytes one a second.
struct trickled {
  std::size_t sent = 0;               // bytes the server took before it cut the connection off
  wire_answer answer;                 // anything it said, and whether it closed
  steady_clock::time_point ended_at;  // when the client saw the end
};

// Sends `slow` one byte a second (after `fast` at once) until the server answers or closes; gives up
// after the last byte. `started` turns true once the first slow byte is out.
trickled trickle(raw_connection& conn, std::string_view fast, std::string_view slow, std::atomic<bool>& started) {
  trickled out;
  if (!conn.send(fast)) {
    out.answer.closed = true;
  }
  for (std::size_t i = 0; i < slow.size() && !out.answer.closed; ++i) {
    if (!conn.send(slow.substr(i, 1))) {
      out.answer.closed = true;
      break;
    }
    ++out.sent;
    started = true;
    if (conn.readable_within(std::chrono::seconds(1))) {
      out.answer = conn.read_until_close(answer_wait);
      break;
    }
  }
  out.ended_at = steady_clock::now();
  started = true;
  return out;
}

void wait_until(const std::atomic<bool>& flag) {
  for (int i = 0; i < 500 && !flag; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

using endpoint_limits = endpoint_daemon;

TEST_F(endpoint_limits, a_body_at_the_limit_is_taken_and_one_over_it_is_answered_413_before_it_is_sent) {
  const auto at_limit = payload_of_size(fake, body_limit);
  const std::string at_limit_id = "e1d1c2b3-0000-4000-8000-000000000001";
  auto taken = post_delivery(at_limit, at_limit_id);
  EXPECT_EQ(taken.status, 202) << taken.body;
  EXPECT_THAT(stored_deliveries(), ElementsAre(at_limit_id));

  const auto before = metrics();
  const auto over = payload_of_size(fake, body_limit + 1);
  auto headers = delivery_headers(over, "e1d1c2b3-0000-4000-8000-000000000002");
  headers.emplace_back("Content-Length", std::to_string(over.size()));
  raw_connection conn(port());
  // Only the request head: the answer has to come without the body.
  ASSERT_TRUE(conn.send(raw_request("POST", "/webhook", headers)));
  const auto answer = conn.read_response(answer_wait);
  EXPECT_EQ(answer.status(), 413) << answer.bytes;
  EXPECT_THAT(answer.body(), HasSubstr(std::to_string(body_limit)));
  EXPECT_TRUE(conn.read_until_close(answer_wait).closed) << "the connection stays open after a 413";
  EXPECT_THAT(stored_deliveries(), ElementsAre(at_limit_id));

  const auto after = metrics();
  EXPECT_EQ(metric_value(after, too_large) - metric_value(before, too_large), 1)
      << "a 413 is not counted; the deliveries counters are now:\n"
      << metric_lines(after, "roadmapd_webhook_deliveries_total");
}

TEST_F(endpoint_limits, a_chunked_body_over_the_limit_is_answered_413_and_stores_nothing) {
  const std::string chunk(8192, 'a');
  auto headers = delivery_headers(chunk, "e1d1c2b3-0000-4000-8000-000000000003");
  headers.emplace_back("Transfer-Encoding", "chunked");
  const auto before = metrics();
  raw_connection conn(port());
  ASSERT_TRUE(conn.send(raw_request("POST", "/webhook", headers)));
  std::string chunks;
  for (std::size_t sent = 0; sent <= body_limit; sent += chunk.size()) chunks += "2000\r\n" + chunk + "\r\n";
  conn.send(chunks);  // the server may stop reading once it has seen enough; the answer says what it did
  const auto answer = conn.read_response(answer_wait);
  EXPECT_EQ(answer.status(), 413) << answer.bytes;
  EXPECT_TRUE(conn.read_until_close(answer_wait).closed) << "the connection stays open after a 413";
  EXPECT_THAT(stored_deliveries(), IsEmpty());

  const auto after = metrics();
  EXPECT_EQ(metric_value(after, too_large) - metric_value(before, too_large), 1)
      << "a 413 is not counted; the deliveries counters are now:\n"
      << metric_lines(after, "roadmapd_webhook_deliveries_total");
}

TEST_F(endpoint_limits, oversized_or_malformed_request_heads_are_refused_and_close_the_connection) {
  const std::string body = issue_edited_payload(fake, 1, "Never stored");
  {
    SCOPED_TRACE("headers over 16 KB");
    auto headers = delivery_headers(body, "e1d1c2b3-0000-4000-8000-000000000004");
    headers.emplace_back("X-Padding", std::string(17 * 1024, 'p'));
    raw_connection conn(port());
    conn.send(raw_request("POST", "/webhook", headers, body));
    const auto answer = conn.read_response(answer_wait);
    EXPECT_EQ(answer.status(), 431) << answer.bytes;
    EXPECT_TRUE(conn.read_until_close(answer_wait).closed);
  }
  {
    SCOPED_TRACE("not HTTP");
    raw_connection conn(port());
    ASSERT_TRUE(conn.send("\x16\x03\x01\x02\x00 not http at all\r\n\r\n"));
    const auto answer = conn.read_response(answer_wait);
    EXPECT_EQ(answer.status(), 400) << answer.bytes;
    EXPECT_TRUE(conn.read_until_close(answer_wait).closed);
  }
  EXPECT_THAT(stored_deliveries(), IsEmpty());
}

TEST_F(endpoint_limits, a_body_cut_short_by_the_client_closing_stores_nothing_and_gets_no_answer) {
  const std::string body = issue_edited_payload(fake, 1, "Never stored");
  raw_connection conn(port());
  const auto request = raw_request("POST", "/webhook", delivery_headers(body, "e1d1c2b3-0000-4000-8000-000000000005"), body);
  ASSERT_TRUE(conn.send(std::string_view(request).substr(0, request.size() - body.size() / 2)));
  conn.shutdown_write();
  const auto answer = conn.read_until_close(answer_wait);
  EXPECT_TRUE(answer.closed) << "the server kept a half-closed connection with a partial body open";
  EXPECT_EQ(answer.bytes, "");
  EXPECT_THAT(stored_deliveries(), IsEmpty());
}

TEST_F(endpoint_limits, a_stalled_body_is_cut_off_at_its_deadline_while_another_delivery_is_taken) {
  const std::string body = issue_edited_payload(fake, 1, "Never stored");
  raw_connection stalled(port());
  const auto request = raw_request("POST", "/webhook", delivery_headers(body, "e1d1c2b3-0000-4000-8000-000000000006"), body);
  ASSERT_TRUE(stalled.send(std::string_view(request).substr(0, request.size() - body.size() / 2)));

  const std::string other_id = "e1d1c2b3-0000-4000-8000-000000000007";
  auto other = post_delivery(issue_edited_payload(fake, 2, "Taken while another client stalls"), other_id);
  EXPECT_EQ(other.status, 202) << other.body;
  EXPECT_FALSE(stalled.readable_within(std::chrono::milliseconds(0)))
      << "the stalled connection was cut off before the other delivery was answered";

  const auto answer = stalled.read_until_close(answer_wait);
  EXPECT_TRUE(answer.closed) << "a connection whose body stalled was not closed by the body deadline";
  EXPECT_EQ(answer.bytes, "");
  EXPECT_THAT(stored_deliveries(), ElementsAre(other_id));
}

TEST_F(endpoint_limits, a_body_trickled_one_byte_a_second_is_cut_off_at_the_body_deadline) {
  const std::string body = issue_edited_payload(fake, 1, "Never stored");
  raw_connection conn(port());
  const auto request = raw_request("POST", "/webhook", delivery_headers(body, "e1d1c2b3-0000-4000-8000-000000000008"), body);
  const auto head = std::string_view(request).substr(0, request.size() - body.size());
  std::atomic<bool> started{false};
  const auto result = trickle(conn, head, body, started);
  // Bytes kept arriving, but the body deadline counts from its start, not from the last byte.
  EXPECT_TRUE(result.answer.closed) << "still open after " << result.sent << " body bytes";
  EXPECT_LT(result.sent, body.size());
  EXPECT_EQ(result.answer.bytes, "");
  EXPECT_THAT(stored_deliveries(), IsEmpty());
}

TEST_F(endpoint_limits, headers_trickled_one_byte_a_second_hold_up_no_delivery_and_are_cut_off) {
  const std::string body = issue_edited_payload(fake, 1, "Never stored");
  const auto request = raw_request("POST", "/webhook", delivery_headers(body, "e1d1c2b3-0000-4000-8000-000000000009"), body);
  const auto head_size = request.size() - body.size();
  raw_connection slow(port());
  std::atomic<bool> started{false};
  trickled result;
  std::jthread slow_client([&] { result = trickle(slow, {}, request, started); });
  wait_until(started);

  const std::string other_id = "e1d1c2b3-0000-4000-8000-000000000010";
  auto other = post_delivery(issue_edited_payload(fake, 2, "Taken while headers trickle"), other_id);
  const auto other_done_at = steady_clock::now();
  EXPECT_EQ(other.status, 202) << other.body;
  slow_client.join();

  EXPECT_TRUE(result.answer.closed) << "still open after " << result.sent << " header bytes";
  EXPECT_LT(result.sent, head_size) << "the trickled headers were all read";
  EXPECT_TRUE(result.answer.bytes.empty() || result.answer.status() == 408) << result.answer.bytes;
  EXPECT_LT(other_done_at, result.ended_at) << "the other delivery was answered only after the trickling client was cut off";
  EXPECT_THAT(stored_deliveries(), ElementsAre(other_id));
}

TEST_F(endpoint_limits, a_connection_over_the_cap_is_refused_and_deliveries_resume_when_the_others_close) {
  // The fixture's max_connections is 4; each held connection has started a request and stalls.
  std::vector<std::unique_ptr<raw_connection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<raw_connection>(port()));
    ASSERT_TRUE(held.back()->send("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  }

  const std::string body = issue_edited_payload(fake, 1, "Never stored");
  raw_connection extra(port());
  const auto refusal = extra.read_until_close(answer_wait);
  extra.send(raw_request("POST", "/webhook", delivery_headers(body, "e1d1c2b3-0000-4000-8000-000000000011"), body));
  EXPECT_TRUE(refusal.closed) << "a connection over the cap was left open";
  EXPECT_TRUE(refusal.bytes.empty() || refusal.status() == 503) << refusal.bytes;
  if (refusal.status() == 503) {
    EXPECT_EQ(refusal.body(), "too many connections\n");
  }
  // The refusal came while the others were open, not because their deadlines had freed a place.
  for (auto& h : held) {
    EXPECT_FALSE(h->readable_within(std::chrono::milliseconds(0))) << "a held connection was closed first";
  }

  // Their header deadline closes the held connections, without an answer.
  for (auto& h : held) {
    const auto cut = h->read_until_close(answer_wait);
    EXPECT_TRUE(cut.closed) << "a connection that never finished its headers stayed open";
    EXPECT_EQ(cut.bytes, "");
  }
  const std::string id = "e1d1c2b3-0000-4000-8000-000000000012";
  auto after = post_delivery(issue_edited_payload(fake, 2, "Taken once places are free"), id);
  EXPECT_EQ(after.status, 202) << after.body;
  EXPECT_THAT(stored_deliveries(), ElementsAre(id));
  // Never silent: a warning that says what to do, and a counter.
  EXPECT_THAT(daemon->err(), HasSubstr("warning http: the webhook listener refused 1 connection(s) with 503: 4 of "
                                       "max_connections 4 open; /healthz, /readyz and /metrics are refused too"));
  EXPECT_EQ(metric_value(metrics(), "roadmapd_http_connections_refused_total{listener=\"webhook\"}"), 1.0);
}

// With [admin], /healthz, /readyz and /metrics have their own listener: a webhook endpoint at its
// connection cap still answers health checks there, and the webhook port serves only the webhook.
class endpoint_with_admin : public endpoint_daemon {
 protected:
  std::string limits_toml() const override {
    return endpoint_daemon::limits_toml() + "\n[admin]\nlisten = \"127.0.0.1:0\"\n";
  }
};

TEST_F(endpoint_with_admin, health_and_metrics_answer_on_their_own_listener_while_the_webhook_one_is_full) {
  ASSERT_NE(admin_base(), base()) << daemon->err();
  EXPECT_EQ(http_call("GET", base() + "/healthz").status, 404) << "not on the public port";
  EXPECT_EQ(http_call("GET", base() + "/metrics").status, 404);
  EXPECT_EQ(http_call("GET", admin_base() + "/healthz").status, 200);

  std::vector<std::unique_ptr<raw_connection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<raw_connection>(port()));
    ASSERT_TRUE(held.back()->send("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  }
  raw_connection extra(port());
  EXPECT_TRUE(extra.read_until_close(answer_wait).closed) << "the webhook listener is full";
  EXPECT_EQ(http_call("GET", admin_base() + "/healthz").status, 200) << "health is not behind the webhook cap";
  const auto exposition = metrics();
  EXPECT_EQ(metric_value(exposition, "roadmapd_http_connections_refused_total{listener=\"webhook\"}"), 1.0);
  EXPECT_THAT(exposition, ::testing::ContainsRegex("roadmapd_build_info\\{revision=\"[0-9a-f]+(-dirty)?\",version=\"[0-9.]+\"\\} 1"));
  EXPECT_THAT(daemon->err(), Not(HasSubstr("are refused too")));
  for (auto& h : held) h->read_until_close(answer_wait);
}

TEST_F(endpoint_limits, a_kept_alive_connection_takes_several_deliveries_and_is_closed_when_idle) {
  raw_connection conn(port());
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    const std::string id = "e1d1c2b3-0000-4000-8000-00000000002" + std::to_string(i);
    const auto body = issue_edited_payload(fake, 1 + i, "Kept alive " + std::to_string(i));
    ASSERT_TRUE(conn.send(raw_request("POST", "/webhook", delivery_headers(body, id), body))) << "request " << i;
    const auto answer = conn.read_response(answer_wait);
    EXPECT_EQ(answer.status(), 202) << answer.bytes;
    EXPECT_THAT(answer.bytes, Not(HasSubstr("Connection: close")));
    ids.push_back(id);
  }
  const auto idle = conn.read_until_close(answer_wait);
  EXPECT_TRUE(idle.closed) << "an idle kept-alive connection was not closed";
  EXPECT_EQ(idle.bytes, "");
  EXPECT_THAT(stored_deliveries(), ElementsAre(ids[0], ids[1]));
}

// GitHub's own maximum, with the limit left at its default.
class endpoint_default_limits : public endpoint_daemon {
 protected:
  std::string limits_toml() const override { return {}; }
};

TEST_F(endpoint_default_limits, a_25_mb_body_is_taken_and_one_byte_more_is_answered_413_before_it_is_sent) {
  constexpr std::size_t github_max = 25 * 1024 * 1024;
  const std::string head = "{\"action\":\"started\",\"padding\":\"";
  const std::string body = head + std::string(github_max - head.size() - 2, 'a') + "\"}";
  ASSERT_EQ(body.size(), github_max);
  const std::string id = "e1d1c2b3-0000-4000-8000-000000000030";
  auto taken = post_delivery(body, id, "watch");
  EXPECT_EQ(taken.status, 202) << taken.body;
  EXPECT_EQ(scalar(db, "SELECT length(p.payload) FROM webhook_payloads p JOIN webhook_deliveries d USING (seq) "
                       "WHERE d.delivery_id = '" + id + "'"),
            std::to_string(github_max));

  auto headers = delivery_headers(body + " ", "e1d1c2b3-0000-4000-8000-000000000031", "watch");
  headers.emplace_back("Content-Length", std::to_string(github_max + 1));
  raw_connection conn(port());
  ASSERT_TRUE(conn.send(raw_request("POST", "/webhook", headers)));
  const auto answer = conn.read_response(answer_wait);
  EXPECT_EQ(answer.status(), 413) << answer.bytes;
  EXPECT_TRUE(conn.read_until_close(answer_wait).closed);
  EXPECT_THAT(stored_deliveries(), ElementsAre(id));
}

}  // namespace
}  // namespace roadmapd::test
