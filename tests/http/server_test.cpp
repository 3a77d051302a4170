// The server over real loopback sockets: what a client sees for routing, keep-alive, oversized or
// truncated requests, slow clients, the connection cap, a failing handler and a graceful stop.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "http/router.hpp"
#include "http/server.hpp"
#include "raw_client.hpp"

namespace roadmapd::http {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::make_request;
using test::raw_client;

// Polls a condition the server reaches on its own thread; a safety bound, not a timing assertion.
bool eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 1000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

class server_test : public ::testing::Test {
 protected:
  void start(server_options options = {}) {
    routes_.add("GET", "/hello", [this](const request&) {
      ++calls_;
      return response::text(200, "hello");
    });
    routes_.add("POST", "/echo", [this](const request& req) {
      ++calls_;
      response r;
      r.status = 200;
      r.content_type = "application/octet-stream";
      r.body = req.body;
      r.headers.emplace_back("X-Echo-Event", std::string(req.header("x-github-event").value_or("")));
      return r;
    });
    routes_.add("GET", "/boom", [](const request&) -> response { throw std::runtime_error("handler bug"); });
    server_ = std::make_unique<server>(ioc_.get_executor(), options, routes_.as_handler());
    auto started = server_->start();
    ASSERT_TRUE(started) << started.message();
    port_ = server_->port();
    loop_ = std::thread([this] { ioc_.run(); });
  }

  void TearDown() override {
    ioc_.stop();
    if (loop_.joinable()) loop_.join();
    server_.reset();
  }

  asio::io_context ioc_;
  router routes_;
  std::unique_ptr<server> server_;
  std::thread loop_;
  std::uint16_t port_ = 0;
  std::atomic<int> calls_{0};
};

TEST_F(server_test, routes_to_handlers_and_answers_404_and_405) {
  start();
  EXPECT_NE(port_, 0);
  raw_client c(port_);
  ASSERT_TRUE(c.send(make_request("GET", "/hello")));
  auto ok = c.read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "hello\n");
  EXPECT_EQ(ok->header("Content-Type"), "text/plain; charset=utf-8");

  ASSERT_TRUE(c.send(make_request("GET", "/missing")));
  auto missing = c.read_response();
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  ASSERT_TRUE(c.send(make_request("PUT", "/hello", {}, "x")));
  auto wrong = c.read_response();
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->header("Allow"), "GET");
}

TEST_F(server_test, the_handler_gets_the_raw_body_and_headers) {
  start();
  raw_client c(port_);
  const std::string body = "{\"a\": 1,\r\n  \"b\": \"\\u00e9\"}\0tail";
  ASSERT_TRUE(c.send(make_request("POST", "/echo", {{"X-GitHub-Event", "issues"}}, body)));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, body);
  EXPECT_EQ(r->header("X-Echo-Event"), "issues");
}

TEST_F(server_test, keeps_the_connection_alive_between_requests) {
  start();
  raw_client c(port_);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(c.send(make_request("GET", "/hello")));
    auto r = c.read_response();
    ASSERT_TRUE(r) << "request " << i;
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(server_->stats().accepted_connections, 1);
  EXPECT_EQ(calls_, 2);
}

TEST_F(server_test, a_body_over_the_limit_is_refused_before_it_is_sent) {
  server_options o;
  o.max_body_bytes = 1000;
  std::mutex m;
  std::vector<std::string> refused;  // what on_refused was told: status, target, a header
  o.on_refused = [&](int status, const request& head) {
    std::lock_guard lock(m);
    refused.push_back(std::to_string(status) + " " + head.target + " " +
                      std::string(head.header("x-github-event").value_or("-")));
  };
  start(o);
  raw_client c(port_);
  // Headers only: the answer must come without the client sending a byte of the body.
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-GitHub-Event: issues\r\n"
                     "Content-Length: 5000\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, "request body of 5000 bytes is over the limit of 1000 bytes\n");
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(c.closed_within(10s));
  EXPECT_EQ(calls_, 0);
  std::lock_guard lock(m);
  EXPECT_EQ(refused, std::vector<std::string>{"413 /echo issues"});
}

TEST_F(server_test, a_body_within_the_limit_is_served) {
  server_options o;
  o.max_body_bytes = 1000;
  start(o);
  raw_client c(port_);
  ASSERT_TRUE(c.send(make_request("POST", "/echo", {}, std::string(1000, 'x'))));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.size(), 1000u);
}

TEST_F(server_test, a_chunked_body_over_the_limit_gets_413) {
  server_options o;
  o.max_body_bytes = 1000;
  start(o);
  raw_client c(port_);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "7d0\r\n" + std::string(2000, 'x') + "\r\n0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(calls_, 0);
}

TEST_F(server_test, expect_100_continue_gets_the_go_ahead) {
  start();
  raw_client c(port_);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  // The interim answer arrives before the body is sent.
  ASSERT_FALSE(c.closed_within(std::chrono::milliseconds(0)));
  for (int i = 0; i < 1000 && c.received().find("100 Continue") == std::string::npos; ++i) {
    if (c.closed_within(10ms)) break;
  }
  EXPECT_NE(c.received().find("HTTP/1.1 100 Continue"), std::string::npos);
  ASSERT_TRUE(c.send("hello"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
}

TEST_F(server_test, headers_over_the_limit_get_431) {
  server_options o;
  o.max_header_bytes = 1024;
  start(o);
  raw_client c(port_);
  ASSERT_TRUE(c.send(make_request("GET", "/hello", {{"X-Pad", std::string(4096, 'a')}})));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(calls_, 0);
}

TEST_F(server_test, a_truncated_body_reaches_no_handler) {
  start();
  {
    raw_client c(port_);
    ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
    ASSERT_TRUE(eventually([&] { return server_->stats().active_connections == 1; }));
  }
  ASSERT_TRUE(eventually([&] { return server_->stats().active_connections == 0; }));
  EXPECT_EQ(calls_, 0);
  EXPECT_EQ(server_->stats().requests, 0);
}

TEST_F(server_test, malformed_request_gets_400) {
  start();
  raw_client c(port_);
  ASSERT_TRUE(c.send("NOT HTTP AT ALL\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(calls_, 0);
}

TEST_F(server_test, a_client_trickling_headers_is_cut_off_while_others_are_served) {
  server_options o;
  // Long enough that a loaded CI machine still answers the fast client inside it.
  o.header_timeout = 3000ms;
  start(o);
  raw_client slow(port_);
  const std::string request = make_request("GET", "/hello", {{"X-Pad", std::string(200, 'p')}});
  ASSERT_TRUE(slow.send(request.substr(0, 1)));
  ASSERT_TRUE(eventually([&] { return server_->stats().active_connections == 1; }));

  raw_client fast(port_);
  ASSERT_TRUE(fast.send(make_request("GET", "/hello")));
  auto r = fast.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // The fast client was answered while the slow one was still connected.
  EXPECT_FALSE(slow.closed_within(0ms));

  // One byte at a time; the whole request would take far longer than the header deadline.
  std::size_t sent = 1;
  bool cut = false;
  while (sent < request.size() && !cut) {
    if (!slow.send(request.substr(sent, 1))) {
      cut = true;
      break;
    }
    ++sent;
    cut = slow.closed_within(100ms);
  }
  EXPECT_TRUE(cut) << "the slow client sent its whole request without being cut off";
  EXPECT_LT(sent, request.size());
  EXPECT_EQ(slow.received(), "") << "a cut-off client gets no answer";
  EXPECT_EQ(calls_, 1);
  // The socket closes before the server's coroutine resumes to count the timeout.
  EXPECT_TRUE(eventually([&] { return server_->stats().timed_out_connections >= 1; }));
}

TEST_F(server_test, a_body_trickling_past_the_deadline_is_cut_off) {
  server_options o;
  o.body_timeout = 1000ms;
  start(o);
  raw_client slow(port_);
  ASSERT_TRUE(slow.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n"));
  std::size_t sent = 0;
  bool cut = false;
  while (sent < 200 && !cut) {
    if (!slow.send("x")) break;
    ++sent;
    cut = slow.closed_within(100ms);
  }
  EXPECT_TRUE(cut || sent < 200);
  EXPECT_LT(sent, 200u);
  EXPECT_EQ(calls_, 0);
}

TEST_F(server_test, connections_beyond_the_cap_get_503_and_later_ones_are_served) {
  server_options o;
  o.max_connections = 1;
  start(o);
  auto holder = std::make_unique<raw_client>(port_);
  ASSERT_TRUE(eventually([&] { return server_->stats().active_connections == 1; }));

  raw_client refused(port_);
  auto r = refused.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->body, "too many connections\n");
  EXPECT_TRUE(refused.closed_within(10s));
  EXPECT_EQ(server_->stats().refused_connections, 1);

  holder.reset();
  ASSERT_TRUE(eventually([&] { return server_->stats().active_connections == 0; }));
  raw_client later(port_);
  ASSERT_TRUE(later.send(make_request("GET", "/hello")));
  auto ok = later.read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(server_test, a_throwing_handler_gets_a_bare_500_and_the_server_goes_on) {
  start();
  raw_client c(port_);
  ASSERT_TRUE(c.send(make_request("GET", "/boom")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "internal server error\n");
  ASSERT_TRUE(c.send(make_request("GET", "/hello")));
  auto ok = c.read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(server_test, stop_closes_idle_connections_and_refuses_new_ones) {
  start();
  raw_client idle(port_);
  ASSERT_TRUE(idle.send(make_request("GET", "/hello")));
  ASSERT_TRUE(idle.read_response());
  server_->stop();
  EXPECT_TRUE(idle.closed_within(10s));
  ASSERT_TRUE(eventually([&] { return server_->stats().active_connections == 0; }));
  EXPECT_FALSE(raw_client::try_connect(port_));
}

TEST_F(server_test, an_address_in_use_is_an_error_naming_it) {
  start();
  server second(ioc_.get_executor(), server_options{.host = "127.0.0.1", .port = port_}, routes_.as_handler());
  auto started = second.start();
  ASSERT_FALSE(started);
  EXPECT_NE(started.message().find("cannot listen on 127.0.0.1:" + std::to_string(port_)), std::string::npos)
      << started.message();
}

TEST(server_options_test, a_host_name_is_not_an_address) {
  asio::io_context ioc;
  router r;
  server s(ioc.get_executor(), server_options{.host = "localhost"}, r.as_handler());
  auto started = s.start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.message(), "listen address \"localhost\" is not an IP address");
}

}  // namespace
}  // namespace roadmapd::http
