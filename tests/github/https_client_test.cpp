// https_client against a scripted local server: what is sent and received, keep-alive reuse and
// reconnection, deadlines, dropped and truncated answers, and TLS verification with clear errors.
#include "net/https_client.hpp"

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "test_server.hpp"

namespace roadmapd::net {
namespace {

using namespace std::chrono_literals;
using test::scripted_reply;
using test::test_server;

scripted_reply ok_json(std::string body = R"({"ok":true})") {
  scripted_reply r;
  r.body = std::move(body);
  return r;
}

class https_client_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::temp_dir();
    test::make_test_certs(dir_->path() / "certs");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path cert(const std::string& name) { return dir_->path() / "certs" / name; }
  static test::tls_files tls(const std::string& name) { return {cert(name + ".pem"), cert(name + "-key.pem")}; }

  result<http_response> call(https_client& client, http_request req = {}) {
    return test::run_until_done(io_, client.request(std::move(req)));
  }
  https_options options_for(const std::string& url) {
    https_options o;
    o.base_url = url;
    o.read_timeout = 300ms;
    o.connect_timeout = 2s;
    o.handshake_timeout = 2s;
    return o;
  }
  static std::string port_of(const std::string& url) { return url.substr(url.rfind(':') + 1); }

  boost::asio::io_context io_;
  static test::temp_dir* dir_;
};

test::temp_dir* https_client_test::dir_ = nullptr;

TEST_F(https_client_test, sends_the_request_and_returns_status_headers_and_body) {
  test_server server([](const test::received_request&) {
    scripted_reply r = ok_json(R"({"data":{}})");
    r.status = 201;
    r.headers = {{"X-RateLimit-Remaining", "4999"}};
    return r;
  });
  https_client client(io_.get_executor(), options_for(server.url()));
  http_request req;
  req.method = "POST";
  req.target = "/graphql";
  req.headers = {{"Authorization", "bearer abc"}, {"Content-Type", "application/json"}};
  req.body = R"({"query":"{ viewer { login } }"})";
  auto r = call(client, req);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, R"({"data":{}})");
  EXPECT_EQ(r->header("x-ratelimit-remaining").value_or(""), "4999");
  EXPECT_FALSE(r->header("x-missing").has_value());

  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/graphql");
  EXPECT_EQ(seen[0].body, req.body);
  EXPECT_EQ(seen[0].header("authorization").value_or(""), "bearer abc");
  EXPECT_EQ(seen[0].header("user-agent").value_or(""), "roadmapd");
  EXPECT_EQ(seen[0].header("host").value_or(""), "127.0.0.1:" + port_of(server.url()));
}

TEST_F(https_client_test, keeps_the_connection_alive_between_requests) {
  test_server server([](const test::received_request&) { return ok_json(); });
  https_client client(io_.get_executor(), options_for(server.url()));
  ASSERT_TRUE(call(client));
  ASSERT_TRUE(call(client));
  ASSERT_TRUE(call(client));
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(https_client_test, reconnects_when_the_server_closed_the_kept_alive_connection) {
  int n = 0;
  test_server server([&n](const test::received_request&) {
    scripted_reply r = ok_json(R"({"n":)" + std::to_string(++n) + "}");
    if (n == 1) r.act = scripted_reply::action::answer_and_close;
    return r;
  });
  https_client client(io_.get_executor(), options_for(server.url()));
  ASSERT_TRUE(call(client));
  auto second = call(client);
  ASSERT_TRUE(second) << second.message();
  EXPECT_EQ(second->body, R"({"n":2})");
  EXPECT_EQ(server.connections(), 2);
}

TEST_F(https_client_test, concurrent_requests_share_the_connection_one_at_a_time) {
  test_server server([](const test::received_request& req) { return ok_json(req.body); });
  https_client client(io_.get_executor(), options_for(server.url()));
  std::vector<std::string> bodies;
  for (int i = 0; i < 3; ++i) {
    boost::asio::co_spawn(
        io_,
        [&client, &bodies, i]() -> boost::asio::awaitable<void> {
          http_request req;
          req.method = "POST";
          req.body = "request " + std::to_string(i);
          auto r = co_await client.request(req);
          bodies.push_back(r ? r->body : r.message());
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
  }
  io_.run();
  EXPECT_EQ(bodies, (std::vector<std::string>{"request 0", "request 1", "request 2"}));
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(https_client_test, a_server_that_never_answers_hits_the_read_deadline) {
  test_server server([](const test::received_request&) {
    scripted_reply r;
    r.act = scripted_reply::action::hang;
    return r;
  });
  https_client client(io_.get_executor(), options_for(server.url()));
  http_request req;
  req.headers = {{"Authorization", "bearer very-secret-token"}};
  auto r = call(client, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "read from 127.0.0.1:" + port_of(server.url()) + " timed out after 300 ms");
}

TEST_F(https_client_test, a_dropped_connection_is_reported) {
  test_server server([](const test::received_request&) {
    scripted_reply r;
    r.act = scripted_reply::action::drop;
    return r;
  });
  https_client client(io_.get_executor(), options_for(server.url()));
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "read from 127.0.0.1:" + port_of(server.url()) + ": connection closed before any response arrived");
  EXPECT_EQ(server.requests().size(), 1u) << "a fresh connection is not retried";
}

TEST_F(https_client_test, a_truncated_answer_is_reported) {
  test_server server([](const test::received_request&) {
    scripted_reply r = ok_json(R"({"data":{"a":"0123456789"}})");
    r.act = scripted_reply::action::truncate;
    return r;
  });
  https_client client(io_.get_executor(), options_for(server.url()));
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "read from 127.0.0.1:" + port_of(server.url()) + ": connection closed before the response was complete");
}

TEST_F(https_client_test, a_body_over_the_limit_is_refused) {
  test_server server([](const test::received_request&) { return ok_json(std::string(5000, 'x')); });
  auto o = options_for(server.url());
  o.body_limit = 1000;
  https_client client(io_.get_executor(), o);
  http_result r = test::run_until_done(io_, client.send({}));
  ASSERT_FALSE(r.response);
  EXPECT_EQ(r.response.message(),
            "read from 127.0.0.1:" + port_of(server.url()) + ": the response body exceeds the limit of 1000 bytes");
  EXPECT_TRUE(r.permanent_failure);
}

TEST_F(https_client_test, a_refused_connection_is_reported) {
  std::string url;
  {
    test_server gone([](const test::received_request&) { return ok_json(); });
    url = gone.url();
  }
  https_client client(io_.get_executor(), options_for(url));
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "connect to 127.0.0.1:" + port_of(url) + " failed: Connection refused");
}

TEST_F(https_client_test, an_unusable_base_url_is_reported_on_request) {
  https_client client(io_.get_executor(), options_for("ftp://example.com"));
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "base URL \"ftp://example.com\" must start with https:// (or http://)");
}

TEST_F(https_client_test, a_missing_ca_file_is_reported_on_request) {
  auto o = options_for("https://127.0.0.1:1");
  o.ca_file = "/nonexistent/ca.pem";
  https_client client(io_.get_executor(), o);
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "CA file /nonexistent/ca.pem does not exist or is not a file");
}

TEST_F(https_client_test, tls_with_the_ca_file_is_accepted) {
  test_server server([](const test::received_request&) { return ok_json(); }, tls("server"));
  auto o = options_for(server.url());
  o.ca_file = cert("ca.pem");
  https_client client(io_.get_executor(), o);
  auto r = call(client);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(r->body, R"({"ok":true})");
  ASSERT_TRUE(call(client));
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(https_client_test, tls_by_host_name_is_accepted) {
  test_server server([](const test::received_request&) { return ok_json(); }, tls("server"));
  auto o = options_for("https://localhost:" + port_of(server.url()));
  o.ca_file = cert("ca.pem");
  https_client client(io_.get_executor(), o);
  auto r = call(client);
  ASSERT_TRUE(r) << r.message();
}

TEST_F(https_client_test, tls_signed_by_an_unknown_ca_is_rejected) {
  test_server server([](const test::received_request&) { return ok_json(); }, tls("server"));
  https_client client(io_.get_executor(), options_for(server.url()));  // system store only
  http_result r = test::run_until_done(io_, client.send({}));
  ASSERT_FALSE(r.response);
  EXPECT_EQ(r.response.message(), "TLS handshake with 127.0.0.1:" + port_of(server.url()) +
                                      " failed: certificate verify failed (unable to get local issuer certificate)");
  EXPECT_TRUE(r.permanent_failure);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(https_client_test, tls_from_another_ca_than_the_ca_file_is_rejected) {
  test_server server([](const test::received_request&) { return ok_json(); }, tls("untrusted"));
  auto o = options_for(server.url());
  o.ca_file = cert("ca.pem");
  https_client client(io_.get_executor(), o);
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "TLS handshake with 127.0.0.1:" + port_of(server.url()) +
                             " failed: certificate verify failed (unable to get local issuer certificate)");
}

TEST_F(https_client_test, tls_for_another_ip_address_is_rejected) {
  test_server server([](const test::received_request&) { return ok_json(); }, tls("wronghost"));
  auto o = options_for(server.url());
  o.ca_file = cert("ca.pem");
  https_client client(io_.get_executor(), o);
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "TLS handshake with 127.0.0.1:" + port_of(server.url()) +
                             " failed: certificate verify failed (IP address mismatch)");
}

TEST_F(https_client_test, tls_for_another_host_name_is_rejected) {
  test_server server([](const test::received_request&) { return ok_json(); }, tls("wronghost"));
  auto o = options_for("https://localhost:" + port_of(server.url()));
  o.ca_file = cert("ca.pem");
  https_client client(io_.get_executor(), o);
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "TLS handshake with localhost:" + port_of(server.url()) +
                             " failed: certificate verify failed (hostname mismatch)");
}

TEST_F(https_client_test, a_tls_server_that_never_answers_hits_the_read_deadline) {
  test_server server(
      [](const test::received_request&) {
        scripted_reply r;
        r.act = scripted_reply::action::hang;
        return r;
      },
      tls("server"));
  auto o = options_for(server.url());
  o.ca_file = cert("ca.pem");
  https_client client(io_.get_executor(), o);
  auto r = call(client);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "read from 127.0.0.1:" + port_of(server.url()) + " timed out after 300 ms");
}

}  // namespace
}  // namespace roadmapd::net
