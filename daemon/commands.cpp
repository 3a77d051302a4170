// check-config, sync --once and run: load the config, open the mirror, wire the GitHub client and the
// sync engine onto one io_context, and run.
#include "commands.hpp"

#include <cstdio>
#include <exception>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "config/config.hpp"
#include "github/graphql_client.hpp"
#include "store/database.hpp"
#include "sync/engine.hpp"
#include "sync/scheduler.hpp"

#ifndef ROADMAPD_VERSION
#define ROADMAPD_VERSION "0.1.0"
#endif

namespace roadmapd::daemon {

namespace net = boost::asio;

namespace {

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("roadmapd");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

void fail_line(const std::string& message) { std::fprintf(stderr, "roadmapd: %s\n", message.c_str()); }

std::optional<config::settings> load_settings(const std::string& file) {
  auto settings = config::load(file);
  if (!settings) {
    fail_line(settings.message());
    return std::nullopt;
  }
  return std::move(settings).value();
}

github::client_options client_options(const config::settings& s) {
  github::client_options o;
  o.graphql_url = s.github.graphql_url;
  o.token = s.github.token;
  o.ca_file = s.github.ca_file;
  o.user_agent = s.github.user_agent;
  o.request_timeout = s.github.request_timeout;
  o.secondary_limit_wait = s.github.secondary_limit_wait;
  o.max_attempts = s.github.max_attempts;
  return o;
}

// Everything a sync needs, built in dependency order.
struct service {
  net::io_context io{1};
  config::settings settings;
  store::database db;
  github::graphql_client client;
  sync::engine engine;

  service(config::settings s, store::database d)
      : settings(std::move(s)), db(std::move(d)), client(io.get_executor(), client_options(settings)),
        engine(settings, client, db) {}
};

std::unique_ptr<service> start(const std::string& file) {
  auto settings = load_settings(file);
  if (!settings) return nullptr;
  setup_logging(settings->log.level);
  auto db = store::database::open(settings->storage.database);
  if (!db) {
    fail_line(db.message());
    return nullptr;
  }
  return std::make_unique<service>(std::move(*settings), std::move(db).value());
}

// Re-throws what a spawned coroutine threw, so a bug is not swallowed.
void rethrow(std::exception_ptr e) {
  if (e) std::rethrow_exception(e);
}

}  // namespace

int print_version() {
  std::printf("roadmapd %s\n", ROADMAPD_VERSION);
  return exit_ok;
}

int check_config(const std::string& file) {
  auto settings = load_settings(file);
  if (!settings) return exit_usage;
  std::printf("%s: OK (%zu boards, %zu repositories, database %s)\n", settings->source.c_str(),
              settings->projects.size(), settings->repositories.size(), settings->storage.database.c_str());
  return exit_ok;
}

int sync_once(const std::string& file, bool full) {
  auto svc = start(file);
  if (!svc) return exit_usage;
  std::optional<sync::pass_report> report;
  net::co_spawn(
      svc->io,
      [&]() -> net::awaitable<void> {
        report = co_await svc->engine.run_pass(full ? sync::pass_kind::full : sync::pass_kind::automatic);
      },
      rethrow);
  svc->io.run();
  for (const auto& t : report->targets) {
    for (const auto& w : t.warnings) spdlog::warn("{}: {}", t.target, w);
  }
  if (!report->ok()) {
    spdlog::info("{}", report->summary());
    fail_line("sync failed: " + report->first_error());
    return exit_failure;
  }
  spdlog::info("{}", report->summary());
  return exit_ok;
}

int run(const std::string& file) {
  auto svc = start(file);
  if (!svc) return exit_usage;
  sync::scheduler scheduler(svc->io.get_executor(), svc->engine, svc->settings.sync.interval);

  net::signal_set signals(svc->io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received, stopping", signal);
    scheduler.stop();
    svc->io.stop();
  });

  spdlog::info("roadmapd {} started: {} boards, {} repositories, database {}", ROADMAPD_VERSION,
               svc->settings.projects.size(), svc->settings.repositories.size(),
               svc->settings.storage.database.string());
  net::co_spawn(svc->io, scheduler.run(), [&](std::exception_ptr e) {
    signals.cancel();
    rethrow(e);
  });
  try {
    svc->io.run();
  } catch (const std::exception& e) {
    spdlog::critical("stopping on an internal error: {}", e.what());
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace roadmapd::daemon
