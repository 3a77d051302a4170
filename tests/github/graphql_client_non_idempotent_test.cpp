// graphql_client with request_options{.idempotent = false} (addComment): a failure after the request
// may have reached GitHub is reported as maybe_applied and never sent again; failures that cannot
// have reached GitHub are retried as for any request.
#include "github/graphql_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include "github/json.hpp"
#include "test_server.hpp"

namespace roadmapd::github {
namespace {

using namespace std::chrono_literals;
using test::received_request;
using test::script;
using test::scripted_reply;
using test::test_server;

constexpr const char* token = "ghp_secret_token_for_tests";
constexpr const char* mutation = R"(mutation { addComment(input: {subjectId: "I_1", body: "hi"}) { commentEdge { node { id } } } })";
constexpr const char* added = R"({"data":{"addComment":{"commentEdge":{"node":{"id":"IC_1"}}}}})";
constexpr const char* viewer_answer = R"({"data":{"viewer":{"login":"octocat"}}})";

scripted_reply reply(int status, std::string body, net::header_list headers = {},
                     scripted_reply::action act = scripted_reply::action::answer) {
  scripted_reply r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.act = act;
  return r;
}

class graphql_client_non_idempotent_test : public ::testing::Test {
 protected:
  client_options options_for(const std::string& base) { return test::quick_client_options(base, token); }
  request_outcome send_once(graphql_client& c, bool idempotent = false) {
    return test::run_until_done(io_, c.send(mutation, "{}", request_options{.idempotent = idempotent}));
  }

  boost::asio::io_context io_;
};

TEST_F(graphql_client_non_idempotent_test, an_answer_comes_back_as_usual) {
  test_server server(script({reply(200, added)}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = send_once(client);
  ASSERT_TRUE(r.response) << r.response.message();
  EXPECT_FALSE(r.maybe_applied);
  const auto* payload = find_member(*r.response->data, "addComment");
  ASSERT_NE(payload, nullptr);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(graphql_client_non_idempotent_test, a_server_error_is_not_retried_and_may_have_been_applied) {
  for (int status : {500, 502, 503, 504}) {
    test_server server(script({reply(status, "<html>Unicorn!</html>"), reply(200, added)}));
    graphql_client client(io_.get_executor(), options_for(server.url()));
    auto r = send_once(client);
    ASSERT_FALSE(r.response) << status;
    EXPECT_TRUE(r.maybe_applied) << status;
    EXPECT_EQ(r.response.message(), "GitHub answered " + std::to_string(status) +
                                         ": <html>Unicorn!</html> (not retried: the request may have reached GitHub)");
    EXPECT_EQ(server.requests().size(), 1u) << status;
  }
}

TEST_F(graphql_client_non_idempotent_test, the_same_failure_is_retried_for_an_idempotent_request) {
  test_server server(script({reply(502, "<html>Unicorn!</html>"), reply(200, added)}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = send_once(client, true);
  ASSERT_TRUE(r.response) << r.response.message();
  EXPECT_FALSE(r.maybe_applied);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_F(graphql_client_non_idempotent_test, a_lost_or_late_answer_is_not_retried) {
  const std::vector<scripted_reply::action> losses = {scripted_reply::action::drop, scripted_reply::action::truncate,
                                                      scripted_reply::action::hang};
  for (auto act : losses) {
    test_server server(script({reply(200, added, {}, act), reply(200, added)}));
    graphql_client client(io_.get_executor(), options_for(server.url()));
    auto r = send_once(client);
    ASSERT_FALSE(r.response) << static_cast<int>(act);
    EXPECT_TRUE(r.maybe_applied) << static_cast<int>(act);
    EXPECT_NE(r.response.message().find("not retried: the request may have reached GitHub"), std::string::npos)
        << r.response.message();
    EXPECT_EQ(server.requests().size(), 1u) << static_cast<int>(act);
  }
}

TEST_F(graphql_client_non_idempotent_test, something_went_wrong_is_not_retried) {
  test_server server(script({reply(200, R"({"data":null,"errors":[{"message":"Something went wrong while executing your query. Please include `AB:CD` when reporting this issue."}]})"),
                             reply(200, added)}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = send_once(client);
  ASSERT_FALSE(r.response);
  EXPECT_TRUE(r.maybe_applied);
  EXPECT_EQ(server.requests().size(), 1u);
}

// A kept-alive connection that the server drops after reading the request: https_client would
// resend on a reused connection, so the mutation goes out on a fresh one and is sent exactly once.
TEST_F(graphql_client_non_idempotent_test, a_dropped_keep_alive_connection_does_not_resend_the_mutation) {
  test_server server(script({reply(200, viewer_answer), reply(200, added, {}, scripted_reply::action::drop), reply(200, added)}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  ASSERT_TRUE(test::run_until_done(io_, client.execute("query { viewer { login } }")));
  auto r = send_once(client);
  ASSERT_FALSE(r.response);
  EXPECT_TRUE(r.maybe_applied);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_NE(seen[1].body.find("addComment"), std::string::npos);
}

TEST_F(graphql_client_non_idempotent_test, a_secondary_limit_refusal_is_waited_out_and_sent_again) {
  test_server server(script({
      reply(403, R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})",
            {{"Retry-After", "1"}}),
      reply(200, added),
  }));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = send_once(client);
  ASSERT_TRUE(r.response) << r.response.message();
  EXPECT_FALSE(r.maybe_applied);
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(client.stats().secondary_limit_hits, 1);
}

TEST_F(graphql_client_non_idempotent_test, refusals_that_ran_nothing_are_not_maybe_applied) {
  test_server server(script({reply(401, R"({"message":"Bad credentials"})")}));
  graphql_client client(io_.get_executor(), options_for(server.url()));
  auto r = send_once(client);
  ASSERT_FALSE(r.response);
  EXPECT_FALSE(r.maybe_applied);
  EXPECT_EQ(r.response.message(), "GitHub rejected the token (401 Bad credentials): check github.token_file");
  EXPECT_EQ(r.response.message().find(token), std::string::npos);
}

TEST_F(graphql_client_non_idempotent_test, a_refused_connection_is_retried_and_not_maybe_applied) {
  // A loopback port that was free a moment ago: nothing listens there.
  boost::asio::ip::tcp::acceptor probe(io_, {boost::asio::ip::make_address("127.0.0.1"), 0});
  auto port = probe.local_endpoint().port();
  probe.close();
  graphql_client client(io_.get_executor(), options_for("http://127.0.0.1:" + std::to_string(port)));
  auto r = send_once(client);
  ASSERT_FALSE(r.response);
  EXPECT_FALSE(r.maybe_applied);
  EXPECT_NE(r.response.message().find("(gave up after 4 attempts)"), std::string::npos) << r.response.message();
  EXPECT_EQ(client.stats().requests, 4);
}

}  // namespace
}  // namespace roadmapd::github
