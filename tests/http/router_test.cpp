// The endpoint table answers what a client asked for: the handler, 404 for an unknown path, 405 with
// Allow for a known path asked with another method; a query string does not change the route.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "http/router.hpp"

namespace roadmapd::http {
namespace {

namespace asio = boost::asio;

response run(const router& r, std::string method, std::string target) {
  asio::io_context ioc;
  request req;
  req.method = std::move(method);
  req.target = std::move(target);
  auto answer = asio::co_spawn(ioc, r.route(std::move(req)), asio::use_future);
  ioc.run();
  return answer.get();
}

router make_router() {
  router r;
  r.add("GET", "/healthz", [](const request&) { return response::text(200, "alive"); });
  r.add("POST", "/webhook", [](const request& req) { return response::text(202, "got " + req.body); });
  r.add_async("GET", "/webhook", [](request) -> asio::awaitable<response> { co_return response::text(200, "async"); });
  return r;
}

TEST(router_test, known_paths_reach_their_handler_even_with_a_query) {
  const auto r = make_router();
  auto a = run(r, "GET", "/healthz?verbose=1");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "alive\n");
  EXPECT_EQ(run(r, "GET", "/webhook").body, "async\n");
}

TEST(router_test, unknown_path_is_404) {
  const auto a = run(make_router(), "GET", "/nope");
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.body, "no such endpoint: /nope\n");
}

TEST(router_test, wrong_method_is_405_with_the_allowed_ones) {
  const auto a = run(make_router(), "DELETE", "/webhook");
  EXPECT_EQ(a.status, 405);
  ASSERT_EQ(a.headers.size(), 1u);
  EXPECT_EQ(a.headers[0].first, "Allow");
  EXPECT_EQ(a.headers[0].second, "POST, GET");
}

TEST(request_test, header_lookup_ignores_case_and_path_drops_the_query) {
  request req;
  req.target = "/webhook?x=1";
  req.headers = {{"X-GitHub-Event", "issues"}, {"content-type", "application/json"}};
  EXPECT_EQ(req.header("x-github-event"), "issues");
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_FALSE(req.header("X-GitHub-Delivery"));
  EXPECT_EQ(req.path(), "/webhook");
}

}  // namespace
}  // namespace roadmapd::http
