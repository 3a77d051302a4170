// The webhook endpoint one stage at a time, for bench/webhook_load.sh: how many requests/s the HTTP
// server alone answers, then with the intake's checks (signature, headers, action), then with the
// durable group commit; roadmapd itself adds the worker. Tells where the time of a delivery goes.
//   webhook_stages MODE PORT SECRET_FILE DATABASE    (MODE: http | verify | store)
#include <csignal>
#include <fstream>
#include <iostream>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "http/router.hpp"
#include "http/server.hpp"
#include "store/database.hpp"
#include "webhook/committer.hpp"
#include "webhook/inbox.hpp"
#include "webhook/intake.hpp"

namespace asio = boost::asio;
using namespace roadmapd;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: webhook_stages http|verify|store PORT SECRET_FILE DATABASE\n";
    return 2;
  }
  const std::string mode = argv[1];
  if (mode != "http" && mode != "verify" && mode != "store") {
    std::cerr << "webhook_stages: unknown mode " << mode << "\n";
    return 2;
  }
  std::string secret;
  std::getline(std::ifstream(argv[3]), secret);

  asio::io_context io;
  auto db = store::database::open(argv[4]);
  if (!db) {
    std::cerr << "webhook_stages: " << db.message() << "\n";
    return 1;
  }
  webhook::inbox box(*db);
  webhook::intake intake(box, webhook::intake_options{{secret}});
  webhook::committer committer(io.get_executor(), box);

  http::router routes;
  routes.add_async("POST", "/webhook", [&](http::request r) -> asio::awaitable<http::response> {
    if (mode == "http") co_return http::response::text(202, "accepted");
    auto checked = intake.check(r);
    if (auto* answered = std::get_if<http::response>(&checked)) co_return std::move(*answered);
    auto& d = std::get<webhook::new_delivery>(checked);
    if (mode == "verify") co_return http::response::text(202, "accepted");
    const webhook::new_delivery summary{d.delivery_id, d.event, d.action, d.hook_id, {}};
    const auto stored = co_await committer.store(std::move(d));
    co_return intake.answer(summary, stored);
  });
  http::server_options o;
  o.port = static_cast<std::uint16_t>(std::stoi(argv[2]));
  http::server server(io.get_executor(), o, routes.as_handler());
  if (auto started = server.start(); !started) {
    std::cerr << "webhook_stages: " << started.message() << "\n";
    return 1;
  }
  asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](auto, int) { io.stop(); });
  std::cout << "listening" << std::endl;
  io.run();
}
