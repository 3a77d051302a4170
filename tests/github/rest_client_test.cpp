// github::rest_client against the fake GitHub: the REST root's path (GHES /api/v3) is kept, a 5xx is
// retried and a 401 is not, and every attempt reaches the optional observer (the metrics hook), as it
// does for graphql_client.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "fake_github.hpp"
#include "github/rest_client.hpp"
#include "temp_dir.hpp"

namespace roadmapd::github {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class rest_client_test : public ::testing::Test {
 protected:
  // Runs one request to completion; `outcomes_` collects what the observer saw.
  result<net::http_response> request(const std::string& api_url, std::string method, std::string target) {
    boost::asio::io_context io;
    rest_options o;
    o.api_url = api_url;
    o.client.token = test::fake_github::token;
    o.client.ca_file = fake_.ca_file();
    o.client.request_timeout = std::chrono::seconds(5);
    o.client.backoff_base = std::chrono::milliseconds(10);
    o.client.max_attempts = 3;
    o.client.observer = [this](std::string_view outcome, std::optional<long> remaining) {
      outcomes_.emplace_back(outcome);
      EXPECT_FALSE(remaining.has_value());  // the REST budget is not the GraphQL one
    };
    rest_client client(io.get_executor(), o);
    std::optional<result<net::http_response>> out;
    boost::asio::co_spawn(
        io, [&]() -> boost::asio::awaitable<void> { out = co_await client.request(method, target); },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
    io.run();
    return std::move(*out);
  }

  void seed() {
    fake_.edit(R"({"ops":[{"op":"add_hook_delivery","hook":5,"owner":"apache","event":"issues","status_code":500}]})");
  }

  test::temp_dir dir_;
  test::fake_github fake_{dir_};
  std::vector<std::string> outcomes_;
};

TEST_F(rest_client_test, ghes_root_path_is_kept_and_a_5xx_is_retried) {
  seed();
  fake_.faults(R"({"faults":[{"status":502}]})");
  auto r = request(fake_.api_url() + "/api/v3/", "GET", "/orgs/apache/hooks/5/deliveries?per_page=100");
  ASSERT_TRUE(r.has_value()) << r.message();
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("\"event\":\"issues\""));
  EXPECT_THAT(outcomes_, ElementsAre("retried", "ok"));
  auto log = fake_.requests();
  ASSERT_EQ(log.Size(), 2u);
  EXPECT_STREQ(log[1]["target"].GetString(), "/api/v3/orgs/apache/hooks/5/deliveries?per_page=100");
}

TEST_F(rest_client_test, a_refused_token_is_not_retried) {
  fake_.faults(R"({"faults":[{"status":401}]})");
  auto r = request(fake_.api_url(), "GET", "/orgs/apache/hooks/5/deliveries");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.message(), "GitHub rejected the token (401 Bad credentials): check github.token_file");
  EXPECT_THAT(outcomes_, ElementsAre("failed"));
  EXPECT_EQ(fake_.requests().Size(), 1u);
}

TEST_F(rest_client_test, a_secondary_limit_pauses_then_goes_through) {
  seed();
  fake_.faults(R"({"faults":[{"status":403,"secondary":true,"retry_after":1}]})");
  auto r = request(fake_.api_url(), "POST", "/orgs/apache/hooks/5/deliveries/1/attempts");
  ASSERT_TRUE(r.has_value()) << r.message();
  EXPECT_EQ(r->status, 202);
  EXPECT_THAT(outcomes_, ElementsAre("secondary_limit", "ok"));
}

TEST_F(rest_client_test, a_404_names_githubs_message) {
  auto r = request(fake_.api_url(), "GET", "/orgs/apache/hooks/404/deliveries");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.message(), "GitHub answered 404: Not Found");
  EXPECT_THAT(outcomes_, ElementsAre("failed"));
}

TEST_F(rest_client_test, graphql_client_reports_attempts_with_the_remaining_budget) {
  fake_.faults(R"({"faults":[{"status":503}]})");
  boost::asio::io_context io;
  client_options o;
  o.graphql_url = fake_.api_url() + "/graphql";
  o.token = test::fake_github::token;
  o.ca_file = fake_.ca_file();
  o.backoff_base = std::chrono::milliseconds(10);
  std::vector<std::pair<std::string, std::optional<long>>> seen;
  o.observer = [&](std::string_view outcome, std::optional<long> remaining) { seen.emplace_back(outcome, remaining); };
  graphql_client client(io.get_executor(), o);
  std::optional<result<graphql_response>> out;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { out = co_await client.execute("{ viewer { login } rateLimit { cost remaining resetAt } }"); },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();
  ASSERT_TRUE(out && out->has_value()) << (out ? out->message() : "no answer");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, "retried");
  EXPECT_EQ(seen[1].first, "ok");
  // The fixture's budget is 5,000; this query cost 1.
  EXPECT_EQ(seen[1].second, 4999);
}

}  // namespace
}  // namespace roadmapd::github
