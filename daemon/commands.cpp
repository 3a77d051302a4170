// check-config, sync --once and run: load the config, open the mirror, wire the GitHub client and the
// sync engine onto one io_context, and run. redeliver: the REST hook-deliveries calls, no mirror.
#include "commands.hpp"

#include "client_options.hpp"
#include "publish.hpp"
#include "service.hpp"
#include "version.hpp"

#include <cstdio>
#include <exception>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "config/config.hpp"
#include "config/duration.hpp"
#include "enforce/enforcer.hpp"
#include "enforce/github_actions.hpp"
#include "github/graphql_client.hpp"
#include "github/hook_deliveries.hpp"
#include "github/rest_client.hpp"
#include "history/recorder.hpp"
#include "preflight/online.hpp"
#include "store/database.hpp"
#include "store/writer_lock.hpp"
#include "sync/engine.hpp"
#include "sync/scheduler.hpp"
#include "util/logging.hpp"
#include "util/time.hpp"

namespace roadmapd::daemon {

namespace net = boost::asio;

namespace {

using util::setup_logging;

void fail_line(const std::string& message) { std::fprintf(stderr, "roadmapd: %s\n", message.c_str()); }

std::optional<config::settings> load_settings(const std::string& file) {
  auto settings = config::load(file);
  if (!settings) {
    fail_line(settings.message());
    return std::nullopt;
  }
  return std::move(settings).value();
}

// What one sync pass needs, built in dependency order.
struct sync_context {
  net::io_context io{1};
  config::settings settings;
  store::database db;
  std::unique_ptr<history::recorder> history;  // the change log of every write to `db` ([history] enabled)
  github::graphql_client client;
  sync::engine engine;

  sync_context(config::settings s, store::database d)
      : settings(std::move(s)),
        db(std::move(d)),
        history(settings.history.enabled ? std::make_unique<history::recorder>(db) : nullptr),
        client(io.get_executor(), client_options(settings)),
        engine(settings, client, db) {
    db.set_change_log(history.get());
  }
};

// What a writing command holds: its settings, the mirror, and the lock that makes it the only
// writer of that mirror.
struct opened_mirror {
  config::settings settings;
  store::database db;
  store::writer_lock lock;
};

// The configuration, with logging set up, the writer lock taken and the mirror opened; nullopt after
// printing why not (`failed` says which exit code: a bad config is a usage error, a busy or broken
// mirror a failure).
std::optional<opened_mirror> open(const std::string& file, int& failed) {
  auto settings = load_settings(file);
  failed = exit_usage;
  if (!settings) return std::nullopt;
  setup_logging(settings->log.level);
  for (const auto& w : settings->warnings) spdlog::warn("config: {}", w);
  failed = exit_failure;
  auto lock = store::writer_lock::acquire(settings->storage.database);
  if (!lock) {
    fail_line(lock.message());
    return std::nullopt;
  }
  auto db = store::database::open(settings->storage.database);
  if (!db) {
    fail_line(db.message());
    return std::nullopt;
  }
  return opened_mirror{std::move(*settings), std::move(db).value(), std::move(lock).value()};
}

// --since: an ISO-8601 time, or a duration back from now.
result<std::chrono::system_clock::time_point> parse_since(const std::string& text) {
  if (auto t = util::parse_iso8601(text)) return *t;
  if (auto d = config::parse_duration(text)) return std::chrono::system_clock::now() - *d;
  return make_error("--since: \"" + text + "\" is neither a time like 2026-11-20T00:00:00Z nor a duration like 6h or 2d");
}

std::optional<github::hook_ref> configured_hook(const config::settings& s) {
  std::vector<std::string> missing;
  if (!s.webhook || !s.webhook->hook_id) missing.emplace_back("hook_id");
  if (!s.webhook || (s.webhook->hook_organization.empty() && s.webhook->hook_repository.empty())) {
    missing.emplace_back("hook_organization or hook_repository");
  }
  if (!missing.empty()) {
    std::string keys = missing[0];
    for (std::size_t i = 1; i < missing.size(); ++i) keys += " and " + missing[i];
    fail_line(s.source.string() + ": redeliver needs [webhook] " + keys + " (the GitHub hook whose deliveries to list)");
    return std::nullopt;
  }
  return github::hook_ref{*s.webhook->hook_id, s.webhook->hook_organization, s.webhook->hook_repository};
}

// "issues.opened", or "push" for an event without an action.
std::string event_name(const github::hook_delivery& d) { return d.action.empty() ? d.event : d.event + "." + d.action; }

// Re-throws what a spawned coroutine threw, so a bug is not swallowed.
void rethrow(std::exception_ptr e) {
  if (e) std::rethrow_exception(e);
}

}  // namespace

int print_version() {
  std::printf("roadmapd %s (git %s)\n", version, git_revision);
  return exit_ok;
}

int check_config(const std::string& file, bool online) {
  auto settings = load_settings(file);
  if (!settings) return exit_usage;
  for (const auto& w : settings->warnings) std::fprintf(stderr, "roadmapd: warning: %s\n", w.c_str());
  std::printf("%s: OK (%zu boards, %zu repositories, database %s)\n", settings->source.c_str(),
              settings->projects.size(), settings->repositories.size(), settings->storage.database.c_str());
  if (!online) return exit_ok;

  // Quiet unless asked: the client's own info lines (rate limits, App tokens) are not the report.
  setup_logging("warn");
  net::io_context io{1};
  std::shared_ptr<github::app_auth> app;
  github::graphql_client client(io.get_executor(), client_options(*settings, &app));
  preflight::online_report report;
  net::co_spawn(
      io, [&]() -> net::awaitable<void> { report = co_await preflight::check_online(*settings, client, app.get()); },
      rethrow);
  io.run();
  for (const auto& line : report.notes) std::printf("online: %s\n", line.c_str());
  for (const auto& line : report.problems) std::fprintf(stderr, "roadmapd: online: %s\n", line.c_str());
  if (!report.problems.empty()) {
    std::fprintf(stderr, "roadmapd: online: %zu problem(s): roadmapd would fail or fall short with this configuration\n",
                 report.problems.size());
    return exit_failure;
  }
  std::printf("online: OK (%zu boards and %zu repositories visible)\n", settings->projects.size(),
              settings->repositories.size());
  return exit_ok;
}

int sync_once(const std::string& file, bool full) {
  int failed = 0;
  auto opened = open(file, failed);
  if (!opened) return failed;
  auto svc = std::make_unique<sync_context>(std::move(opened->settings), std::move(opened->db));
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
    spdlog::warn("{}", report->summary());
    fail_line("sync failed: " + report->first_error());
    return exit_failure;
  }
  spdlog::info("{}", report->summary());
  return exit_ok;
}

int enforce_once(const std::string& file) {
  int failed = 0;
  auto opened = open(file, failed);
  if (!opened) return failed;
  auto svc = std::make_unique<sync_context>(std::move(opened->settings), std::move(opened->db));
  enforce::github_actions actions(svc->client);
  enforce::enforcer enforcer(svc->settings, svc->db, actions);
  std::optional<sync::pass_report> report;
  enforce::run_summary summary;
  net::co_spawn(
      svc->io,
      [&]() -> net::awaitable<void> {
        report = co_await svc->engine.run_pass(sync::pass_kind::automatic);
        // Judged only on a complete mirror: half a board would look like missing items.
        if (report->ok()) summary = co_await enforcer.run();
      },
      rethrow);
  svc->io.run();
  if (!report->ok()) {
    fail_line("sync failed: " + report->first_error());
    return exit_failure;
  }
  std::printf("judged %d items: %d with changed findings; %d mutations sent, %d failed, %d held back by the "
              "action budget, %d not sent (dry run)\n",
              summary.judged, summary.decided, summary.sent, summary.failed, summary.deferred, summary.dry_run);
  return summary.failed > 0 ? exit_failure : exit_ok;
}

int publish_now(const std::string& file, std::chrono::system_clock::time_point now) {
  int failed = 0;
  auto opened = open(file, failed);
  if (!opened) return failed;
  if (!opened->settings.report) {
    fail_line(opened->settings.source.string() + ": report --publish needs a [report] section with publish_issue");
    return exit_usage;
  }
  auto svc = std::make_unique<sync_context>(std::move(opened->settings), std::move(opened->db));
  enforce::github_actions actions(svc->client);
  enforce::enforcer enforcer(svc->settings, svc->db, actions);
  enforce::enforcer::publish_outcome outcome;
  net::co_spawn(
      svc->io, [&]() -> net::awaitable<void> { outcome = co_await publish_report(svc->db, svc->settings, enforcer, now); },
      rethrow);
  svc->io.run();
  const auto& rep = *svc->settings.report;
  std::printf("report for %s#%d: %s%s\n", rep.publish_repo.c_str(), rep.publish_number, outcome.outcome.c_str(),
              outcome.detail.empty() ? "" : (" (" + outcome.detail + ")").c_str());
  return outcome.outcome == "failed" ? exit_failure : exit_ok;
}

int run(const std::string& file) {
  int failed = 0;
  auto opened = open(file, failed);
  if (!opened) return failed;
  try {
    service svc(std::move(opened->settings), std::move(opened->db));
    return svc.run();
  } catch (const std::exception& e) {
    spdlog::critical("stopping on an internal error: {}", e.what());
    return exit_failure;
  }
}

int redeliver(const std::string& file, const std::string& since_text, bool dry_run) {
  auto settings = load_settings(file);
  if (!settings) return exit_usage;
  auto hook = configured_hook(*settings);
  if (!hook) return exit_usage;
  auto since = parse_since(since_text);
  if (!since) {
    fail_line(since.message());
    return exit_usage;
  }
  setup_logging(settings->log.level);
  const std::string since_iso = util::to_iso8601(*since);

  net::io_context io{1};
  github::rest_client client(io.get_executor(), {settings->github.api_url, client_options(*settings)});
  int exit_code = exit_ok;
  net::co_spawn(
      io,
      [&]() -> net::awaitable<void> {
        auto listed = co_await github::list_hook_deliveries(client, *hook, *since);
        if (!listed) {
          fail_line("redeliver failed: " + listed.message());
          exit_code = exit_failure;
          co_return;
        }
        const auto failed = github::failed_deliveries(*listed, *since);
        int done = 0;
        for (const auto& d : failed) {
          const std::string what = d.guid + " " + event_name(d) + " from " + d.delivered_at + " (was " +
                                   std::to_string(d.status_code) + ")";
          if (dry_run) {
            std::printf("would redeliver %s\n", what.c_str());
            continue;
          }
          auto sent = co_await github::redeliver(client, *hook, d.id);
          if (sent) {
            ++done;
            std::printf("redelivered %s\n", what.c_str());
          } else {
            std::printf("not redelivered %s: %s\n", what.c_str(), sent.message().c_str());
            exit_code = exit_failure;
          }
          std::fflush(stdout);
        }
        if (failed.empty()) {
          std::printf("no failed deliveries since %s (%s, %zu deliveries listed)\n", since_iso.c_str(),
                      hook->describe().c_str(), listed->size());
        } else if (dry_run) {
          std::printf("would redeliver %zu failed deliveries since %s (%s)\n", failed.size(), since_iso.c_str(),
                      hook->describe().c_str());
        } else {
          std::printf("redelivered %d of %zu failed deliveries since %s (%s)\n", done, failed.size(),
                      since_iso.c_str(), hook->describe().c_str());
        }
      },
      rethrow);
  io.run();
  return exit_code;
}

}  // namespace roadmapd::daemon
