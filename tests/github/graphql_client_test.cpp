// graphql_client against a scripted local server: GitHub's headers and body, answers with data and
// per-node errors, fatal refusals, retried failures, and rate-limit pauses that hold every request.
#include "github/graphql_client.hpp"

#include <gtest/gtest.h>

#include "github/json.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace roadmapd::github {
namespace {

using namespace std::chrono_literals;
using test::received_request;
using test::script;
using test::scripted_reply;
using test::test_server;

constexpr const char* token = "ghp_secret_token_for_tests";
constexpr const char* viewer_answer = R"({"data":{"viewer":{"login":"octocat"}}})";

scripted_reply json_reply(int status, std::string body, net::header_list headers = {}) {
  scripted_reply r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

scripted_reply with_act(scripted_reply r, scripted_reply::action a) {
  r.act = a;
  return r;
}

class graphql_client_test : public ::testing::Test {
 protected:
  client_options options_for(const std::string& base) { return test::quick_client_options(base, token); }
  result<graphql_response> execute(graphql_client& c, std::string_view doc = "query { viewer { login } }",
                                   std::string vars = "{}") {
    return test::run_until_done(io_, c.execute(doc, std::move(vars)));
  }
  static std::string login_of(const graphql_response& r) {
    const auto* viewer = find_member(*r.data, "viewer");
    if (viewer == nullptr) return "(no viewer)";
    return std::string(string_member(*viewer, "login").value_or("(no login)"));
  }

  boost::asio::io_context io_;
};

TEST_F(graphql_client_test, sends_githubs_headers_and_the_query_with_variables) {
  test_server server(script({json_reply(200, viewer_answer)}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client, "query($n: Int!) { viewer { login } }", R"({"n":3})");
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(login_of(*r), "octocat");
  EXPECT_TRUE(r->errors.empty());

  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/graphql");
  EXPECT_EQ(seen[0].header("Authorization").value_or(""), std::string("bearer ") + token);
  EXPECT_EQ(seen[0].header("User-Agent").value_or(""), "roadmapd");
  EXPECT_EQ(seen[0].header("Content-Type").value_or(""), "application/json");
  EXPECT_EQ(seen[0].header("Accept").value_or(""), "application/json");
  EXPECT_EQ(seen[0].body, R"({"query":"query($n: Int!) { viewer { login } }","variables":{"n":3}})");
}

TEST_F(graphql_client_test, per_node_errors_come_back_with_the_data) {
  test_server server(script({json_reply(
      200, R"({"data":{"viewer":{"login":"octocat"},"node":null},)"
           R"("errors":[{"type":"NOT_FOUND","path":["node"],"message":"Could not resolve to a node with the global id of 'X'"}]})")}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(login_of(*r), "octocat");
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].type, "NOT_FOUND");
  EXPECT_EQ(r->errors[0].path, "node");
}

TEST_F(graphql_client_test, errors_without_data_are_an_error_listing_them) {
  test_server server(script({json_reply(
      200, R"({"data":null,"errors":[{"type":"NOT_FOUND","path":["organization"],)"
           R"("message":"Could not resolve to an Organization with the login of 'nope'."}]})")}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(),
            "GitHub rejected the query: Could not resolve to an Organization with the login of 'nope'. (at organization)");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(graphql_client_test, bad_credentials_are_not_retried_and_never_show_the_token) {
  test_server server(script({json_reply(401, R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/graphql"})")}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "GitHub rejected the token (401 Bad credentials): check github.token_file");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(graphql_client_test, client_errors_are_not_retried) {
  for (int status : {404, 422}) {
    test_server server(script({json_reply(status, R"({"message":"Validation Failed"})")}));
    graphql_client client(io_.get_executor(), options_for(server.url()));
    auto r = execute(client);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.message(), "GitHub answered " + std::to_string(status) + ": Validation Failed");
    EXPECT_EQ(server.requests().size(), 1u) << status;
  }
}

TEST_F(graphql_client_test, a_plain_403_is_not_retried) {
  test_server server(script({json_reply(403, R"({"message":"Resource not accessible by integration"})")}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "GitHub refused the request (403): Resource not accessible by integration");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(graphql_client_test, server_errors_are_retried_until_an_answer_comes) {
  test_server server(script({json_reply(502, "<html>Unicorn!</html>"), json_reply(500, R"({"message":"Server Error"})"),
                             json_reply(200, viewer_answer)}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(login_of(*r), "octocat");
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(client.stats().requests, 3);
  EXPECT_EQ(client.stats().retries, 2);
}

TEST_F(graphql_client_test, gives_up_after_max_attempts_with_the_last_cause) {
  test_server server(script({json_reply(503, R"({"message":"Service Unavailable"})")}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "GitHub answered 503: Service Unavailable (gave up after 4 attempts)");
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST_F(graphql_client_test, dropped_truncated_and_something_went_wrong_answers_are_retried) {
  test_server server(script({
      with_act(json_reply(200, viewer_answer), scripted_reply::action::drop),
      with_act(json_reply(200, viewer_answer), scripted_reply::action::truncate),
      json_reply(200, R"({"data":null,"errors":[{"message":"Something went wrong while executing your query. Please include `AB:CD` when reporting this issue."}]})"),
      json_reply(200, viewer_answer),
  }));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(login_of(*r), "octocat");
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST_F(graphql_client_test, a_server_that_never_answers_is_retried_after_the_timeout) {
  test_server server(script({with_act({}, scripted_reply::action::hang), json_reply(200, viewer_answer)}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_F(graphql_client_test, a_secondary_limit_pauses_every_request_for_retry_after) {
  test_server server(script({
      json_reply(403, R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})",
                 {{"Retry-After", "1"}}),
      json_reply(200, viewer_answer),
  }));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  int succeeded = 0;
  for (int i = 0; i < 2; ++i) {
    boost::asio::co_spawn(
        io_,
        [&]() -> boost::asio::awaitable<void> {
          auto r = co_await client.execute("query { viewer { login } }");
          if (r) ++succeeded;
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
  }
  io_.run();
  EXPECT_EQ(succeeded, 2);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  // Neither the refused request nor the other one came back before Retry-After had passed.
  EXPECT_GE(seen[1].arrived - seen[0].arrived, 1s);
  EXPECT_GE(seen[2].arrived - seen[0].arrived, 1s);
  EXPECT_EQ(client.stats().secondary_limit_hits, 1);
}

TEST_F(graphql_client_test, rate_limited_with_no_budget_waits_for_the_reset) {
  auto reset = std::chrono::duration_cast<std::chrono::seconds>(wall_clock::now().time_since_epoch()) + 1s;
  test_server server(script({
      json_reply(200, R"({"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for user ID 1."}]})",
                 {{"x-ratelimit-limit", "5000"}, {"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(reset.count())}}),
      json_reply(200, viewer_answer,
                 {{"x-ratelimit-limit", "5000"}, {"x-ratelimit-remaining", "4999"}, {"x-ratelimit-reset", std::to_string(reset.count() + 3600)}}),
  }));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_GE(wall_clock::now().time_since_epoch(), reset + 1s) << "the retry went out before the budget reset";
  EXPECT_EQ(client.stats().remaining, 4999);
  EXPECT_EQ(client.stats().limit, 5000);
}

TEST_F(graphql_client_test, the_cost_reported_by_the_query_is_counted) {
  test_server server(script({json_reply(
      200, R"({"data":{"rateLimit":{"cost":3,"remaining":4990,"resetAt":"2030-01-01T00:00:00Z"},"viewer":{"login":"octocat"}}})")}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  ASSERT_TRUE(execute(client));
  ASSERT_TRUE(execute(client));
  EXPECT_EQ(client.stats().points, 6);
  EXPECT_EQ(client.stats().remaining, 4990);
}

TEST_F(graphql_client_test, over_tls_with_a_ca_file_and_a_path_prefix) {
  test::temp_dir dir;
  test::make_test_certs(dir / "certs");
  test_server server(script({json_reply(200, viewer_answer)}), test::tls_files{dir / "certs/server.pem", dir / "certs/server-key.pem"});
  auto o = options_for(server.url());
  o.graphql_url = server.url() + "/api/graphql";
  o.ca_file = dir / "certs/ca.pem";
  graphql_client client(io_.get_executor(), o);
  auto r = execute(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(server.requests().at(0).target, "/api/graphql");
}

TEST_F(graphql_client_test, an_untrusted_certificate_fails_at_once) {
  test::temp_dir dir;
  test::make_test_certs(dir / "certs");
  test_server server(script({json_reply(200, viewer_answer)}), test::tls_files{dir / "certs/untrusted.pem", dir / "certs/untrusted-key.pem"});
  auto o = options_for(server.url());
  o.ca_file = dir / "certs/ca.pem";
  graphql_client client(io_.get_executor(), o);
  auto r = execute(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "GitHub GraphQL request failed: TLS handshake with 127.0.0.1:" +
                             server.url().substr(server.url().rfind(':') + 1) +
                             " failed: certificate verify failed (unable to get local issuer certificate)");
  EXPECT_EQ(server.connections(), 1) << "a certificate that does not verify is not retried";
}

TEST_F(graphql_client_test, malformed_variables_are_a_bug) {
  test_server server(script({json_reply(200, viewer_answer)}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  EXPECT_THROW((void)execute(client, "query { viewer { login } }", "{not json"), std::invalid_argument);
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace roadmapd::github
