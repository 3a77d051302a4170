// graphql_client against the fake GitHub (tests/fake-github) over TLS: a real schema-checked query
// with its rate-limit accounting, and GitHub's own fault answers seen through the client.
#include "github/graphql_client.hpp"

#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "github/json.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace roadmapd::github {
namespace {

using namespace std::chrono_literals;

constexpr const char* viewer_query = "query { viewer { login } rateLimit { cost remaining resetAt } }";

class graphql_client_fake_github_test : public ::testing::Test {
 protected:
  client_options options() const {
    client_options o;
    o.graphql_url = fake_.api_url() + "/graphql";
    o.token = test::fake_github::token;
    o.ca_file = fake_.ca_file();
    o.request_timeout = 2s;
    o.secondary_limit_wait = 1s;
    o.backoff_base = 1ms;
    o.backoff_max = 1s;
    o.max_attempts = 4;
    return o;
  }
  result<graphql_response> execute(graphql_client& c, std::string_view doc = viewer_query) {
    return test::run_until_done(io_, c.execute(doc));
  }
  static std::string login_of(const graphql_response& r) {
    const auto* viewer = find_member(*r.data, "viewer");
    return viewer ? std::string(string_member(*viewer, "login").value_or("")) : "";
  }
  // The statuses the fake recorded, in order (0 for a dropped connection).
  std::vector<int> statuses() const {
    std::vector<int> out;
    auto reqs = fake_.requests();
    for (const auto& r : reqs.GetArray()) {
      auto s = r.FindMember("status");
      out.push_back(s != r.MemberEnd() && s->value.IsInt() ? s->value.GetInt() : 0);
    }
    return out;
  }

  test::temp_dir dir_;
  test::fake_github fake_{dir_};
  boost::asio::io_context io_;
};

TEST_F(graphql_client_fake_github_test, answers_a_query_and_counts_its_cost) {
  graphql_client client(io_.get_executor(), options());
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(login_of(*r), "roadmapd-bot");
  ASSERT_TRUE(execute(client));
  EXPECT_EQ(client.stats().points, 2);
  EXPECT_GT(client.stats().remaining, 0);
  EXPECT_GT(client.stats().limit, 0);
  EXPECT_EQ(statuses(), (std::vector<int>{200, 200}));
}

TEST_F(graphql_client_fake_github_test, a_schema_error_is_an_error_naming_the_field) {
  graphql_client client(io_.get_executor(), options());
  auto r = execute(client, "query { viewer { bogusField } }");
  ASSERT_FALSE(r);
  EXPECT_NE(r.message().find("bogusField"), std::string::npos) << r.message();
  EXPECT_EQ(fake_.graphql_request_count(), 1);
}

TEST_F(graphql_client_fake_github_test, a_wrong_token_is_reported_without_retrying) {
  auto o = options();
  o.token = "not-the-token";
  graphql_client client(io_.get_executor(), o);
  auto r = execute(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "GitHub rejected the token (401 Bad credentials): check github.token_file");
  EXPECT_EQ(r.message().find("not-the-token"), std::string::npos);
  EXPECT_EQ(statuses(), (std::vector<int>{401}));
}

TEST_F(graphql_client_fake_github_test, transient_faults_are_retried) {
  fake_.faults(R"({"faults":[{"status":502},{"drop":true},{"truncate":true},{"malformed":true},)"
               R"({"graphql_error":"SOMETHING_WENT_WRONG"}]})");
  auto o = options();
  o.max_attempts = 6;
  graphql_client client(io_.get_executor(), o);
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(login_of(*r), "roadmapd-bot");
  EXPECT_EQ(fake_.graphql_request_count(), 6);
  // The drop hit a kept-alive connection before any byte came back: the transport resent it on a
  // new connection by itself, so the client saw one failure fewer than the fake served.
  EXPECT_EQ(client.stats().retries, 4);
}

TEST_F(graphql_client_fake_github_test, secondary_limit_and_rate_limited_answers_are_waited_out) {
  fake_.faults(R"({"faults":[{"status":403,"secondary":true,"retry_after":1},{"graphql_error":"RATE_LIMITED","reset_in_seconds":1}]})");
  graphql_client client(io_.get_executor(), options());
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(fake_.graphql_request_count(), 3);
  EXPECT_EQ(client.stats().secondary_limit_hits, 2);
  EXPECT_GE(client.stats().waited, 2s);
}

TEST_F(graphql_client_fake_github_test, a_persistent_outage_gives_up_with_the_last_cause) {
  fake_.faults(R"({"faults":[{"status":503,"repeat":10}]})");
  auto o = options();
  o.max_attempts = 3;
  graphql_client client(io_.get_executor(), o);
  auto r = execute(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "GitHub answered 503: Service Unavailable (gave up after 3 attempts)");
  EXPECT_EQ(statuses(), (std::vector<int>{503, 503, 503}));
}

}  // namespace
}  // namespace roadmapd::github
