// The running daemon (see service.hpp): wiring only. Each part logs and reports through metrics;
// a part that throws stops the daemon with an error rather than leaving it half alive.
#include "service.hpp"

#include <algorithm>
#include <ctime>
#include <exception>
#include <map>
#include <optional>

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <spdlog/spdlog.h>

#include "client_options.hpp"
#include "commands.hpp"
#include "config/reload.hpp"
#include "enforce/enforcer.hpp"
#include "enforce/github_actions.hpp"
#include "enforce/trigger.hpp"
#include "github/graphql_client.hpp"
#include "history/recorder.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "publish.hpp"
#include "metrics/registry.hpp"
#include "sync/engine.hpp"
#include "sync/scheduler.hpp"
#include "sync/state_keys.hpp"
#include "systemd/listen_fds.hpp"
#include "systemd/notifier.hpp"
#include "systemd/watchdog.hpp"
#include "util/logging.hpp"
#include "util/time.hpp"
#include "version.hpp"
#include "webhook/committer.hpp"
#include "webhook/inbox.hpp"
#include "webhook/intake.hpp"
#include "webhook/worker.hpp"

namespace roadmapd::daemon {

namespace net = boost::asio;

namespace {

// Intake events become metrics, and a stored delivery wakes the worker.
class intake_events : public webhook::intake_observer {
 public:
  intake_events(metrics::registry& m, webhook::worker& w) : metrics_(m), worker_(w) {}
  void on_accepted(std::string_view event) override { metrics_.delivery(event, "accepted"); }
  void on_duplicate(std::string_view event) override { metrics_.delivery(event, "duplicate"); }
  void on_ping() override { metrics_.delivery("ping", "ping"); }  // answered, not stored: not "accepted"
  void on_rejected(std::string_view reason, std::string_view event) override {
    const bool signature = reason == "missing_signature" || reason == "bad_signature";
    metrics_.delivery(event, signature ? "rejected_signature" : "rejected_bad_request");
  }
  void on_stored() override { worker_.notify(); }

 private:
  metrics::registry& metrics_;
  webhook::worker& worker_;
};

std::string_view metric_outcome(webhook::delivery_outcome o) {
  switch (o) {
    case webhook::delivery_outcome::done: return "applied";
    case webhook::delivery_outcome::ignored: return "ignored";
    case webhook::delivery_outcome::failed: return "failed";
    case webhook::delivery_outcome::retry: return "retried";
  }
  return "failed";
}

github::client_options observed_client_options(const config::settings& s, metrics::registry& m) {
  auto o = client_options(s);
  o.observer = [&m](std::string_view outcome, std::optional<long> remaining) {
    m.github_request(outcome);
    if (remaining) m.rate_limit_remaining(*remaining);
  };
  return o;
}

// Routes through the router current when the request arrived; the coroutine keeps it alive, so a
// reload that moves the webhook path never pulls a router out from under a request.
net::awaitable<http::response> route_with(std::shared_ptr<const http::router> routes, http::request r) {
  co_return co_await routes->route(std::move(r));
}

// "12:03:04" in local time, as the journal around it shows times.
std::string clock_time(std::chrono::system_clock::time_point t) {
  const std::time_t c = std::chrono::system_clock::to_time_t(t);
  std::tm local{};
  localtime_r(&c, &local);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &local);
  return text;
}

}  // namespace

struct service::impl {
  net::io_context io{1};
  // systemd: readiness, STATUS= lines and keep-alives (all no-ops outside a Type=notify service).
  systemd::notifier notifier;
  systemd::watchdog watchdog{io.get_executor(), notifier};
  // Socket activation: the webhook socket systemd listens on for us, taken once at start.
  std::optional<int> activated_socket;
  std::string startup_error;
  std::string last_sync = "first sync pass running";
  std::string last_status;  // the last STATUS= line sent
  long rules_sent = 0;
  long rules_failed = 0;
  // The running settings; a reload swaps in a new snapshot (see config::shared_settings).
  config::shared_settings settings;
  store::database db;
  std::unique_ptr<history::recorder> history;  // the change log of every write to `db` ([history] enabled)
  metrics::registry metrics;
  github::graphql_client client;
  sync::engine engine;
  sync::scheduler scheduler;
  // The roadmap rules: judged after passes and webhooks, acted on within the budget (or dry run).
  enforce::github_actions actions;
  enforce::enforcer enforcer;
  enforce::trigger rules;
  // Only with [webhook]; declared so that the server goes first and the inbox last.
  std::unique_ptr<webhook::inbox> inbox;
  std::unique_ptr<webhook::committer> committer;
  std::unique_ptr<webhook::worker> worker;
  std::unique_ptr<intake_events> events;
  std::unique_ptr<webhook::intake> intake;
  std::shared_ptr<const http::router> routes;
  std::unique_ptr<http::server> server;
  // Only with [admin]: /healthz, /readyz and /metrics on a listener of their own.
  std::unique_ptr<http::server> admin_server;
  // Connections refused at a listener's cap since its last warning (listener name -> count, time).
  struct refusals {
    long count = 0;
    std::chrono::steady_clock::time_point last_warning{};
  };
  std::map<std::string, refusals> refused;
  // Servers replaced by a reload that moved the listener: stopped, and kept until the daemon ends so
  // that their last requests finish on live objects.
  std::vector<std::unique_ptr<http::server>> retired_servers;
  bool failed = false;
  // Shutting down: spawned parts still running (each decrements when it returns).
  int parts_running = 0;
  bool stopping = false;

  impl(config::settings s, store::database d)
      : settings(std::make_shared<const config::settings>(std::move(s))),
        db(std::move(d)),
        history(settings->history.enabled ? std::make_unique<history::recorder>(db) : nullptr),
        client(io.get_executor(), observed_client_options(*settings, metrics)),
        engine(settings, client, db),
        scheduler(io.get_executor(), engine, settings->sync.interval),
        actions(client),
        enforcer(settings, db, actions),
        rules(io.get_executor(), enforcer) {
    db.set_change_log(history.get());
    engine.on_items_changed([this](const std::vector<std::string>& ids) { rules.items_changed(ids); });
    rules.on_run([this](const enforce::run_summary& s) {
      rules_sent += s.sent;
      rules_failed += s.failed;
      publish_status();
      metrics.rule_actions("sent", s.sent);
      metrics.rule_actions("failed", s.failed);
      metrics.rule_actions("deferred", s.deferred);
      metrics.rule_actions("dry_run", s.dry_run);
      metrics.findings_changed(s.decided);
      for (const auto& c : s.board_checks) metrics.board_check(c.board, c.check, c.ok);
    });
    scheduler.on_pass([this](const sync::pass_report& r) {
      metrics.sync_pass(r.full, r.ok(), std::chrono::duration<double>(r.duration).count());
      last_sync = "last sync " + clock_time(std::chrono::system_clock::now()) + (r.ok() ? " ok" : " failed");
      if (!r.ok()) last_sync += ": " + r.first_error().substr(0, 120);
      publish_status();
      // The first complete mirror is judged as a whole; after that, what changed.
      if (r.ok() && !rules.started()) rules.everything();
      purge_history();
      if (r.ok()) maybe_publish();
    });
    metrics.build_info(version, git_revision);
    take_activated_socket();
    if (settings->webhook) build_webhooks(*settings->webhook);
    if (settings->admin) build_admin(*settings->admin);
  }

  // /healthz, /readyz and /metrics: on the admin listener with [admin], else beside the webhook.
  void add_admin_routes(http::router& r) {
    r.add("GET", "/healthz", [](const http::request&) { return http::response::text(200, "ok"); });
    r.add("GET", "/readyz", [this](const http::request&) { return readiness(); });
    r.add("GET", "/metrics", [this](const http::request&) {
      update_inbox_gauges();
      http::response resp;
      resp.content_type = std::string(metrics::registry::content_type);
      resp.body = metrics.render();
      return resp;
    });
  }

  void build_admin(const config::admin_settings& a) {
    auto routes = std::make_shared<http::router>();
    add_admin_routes(*routes);
    http::server_options o;
    o.host = a.listen_host;
    o.port = a.listen_port;
    o.max_connections = a.max_connections;
    o.on_connection_refused = [this, cap = a.max_connections](long open) { connection_refused("admin", cap, open); };
    admin_server = std::make_unique<http::server>(
        io.get_executor(), o, [routes](http::request r) { return route_with(routes, std::move(r)); });
  }

  // A listener at its connection cap refused one: counted at once, and said in the log at most once
  // a minute with how many since the last time, so a flood of them cannot flood the journal.
  void connection_refused(const std::string& listener, int cap, long open) {
    metrics.connection_refused(listener);
    auto& r = refused[listener];
    ++r.count;
    const auto now = std::chrono::steady_clock::now();
    if (now - r.last_warning < std::chrono::minutes(1)) return;
    spdlog::warn("http: the {} listener refused {} connection(s) with 503: {} of max_connections {} open{}", listener,
                 r.count, open, cap,
                 listener == "webhook" && !settings->admin
                     ? "; /healthz, /readyz and /metrics are refused too (give them their own [admin] listen)"
                     : "");
    r.count = 0;
    r.last_warning = now;
  }

  // [report] publish_issue: after a successful pass, when publish_every has passed; one at a time.
  bool publishing = false;
  void maybe_publish() {
    if (publishing || stopping || !settings->report) return;
    const auto now = std::chrono::system_clock::now();
    if (!publish_due(db, *settings, now)) return;
    publishing = true;
    spawn(publish_task(settings, now), "report publishing");
  }

  // A member, not a lambda: a coroutine's parameters live in its frame, a temporary lambda's captures
  // would not.
  net::awaitable<void> publish_task(config::shared_settings snapshot, std::chrono::system_clock::time_point now) {
    co_await publish_report(db, *snapshot, enforcer, now);
    publishing = false;
  }

  // [history] retention: rows older than it go, after each pass.
  void purge_history() {
    if (!history || !settings->history.retention) return;
    store::transaction tx(db);
    const int gone = history->purge(std::chrono::system_clock::now() - *settings->history.retention);
    tx.commit();
    if (gone > 0) spdlog::info("history: {} change rows older than [history] retention removed", gone);
  }

  // LISTEN_FDS: one listening socket for the webhook endpoint (roadmapd.socket), used instead of
  // [webhook] listen. Anything else is a deployment mistake that run() reports before starting.
  void take_activated_socket() {
    auto fds = systemd::listen_fds();
    if (!fds) {
      startup_error = fds.message();
      return;
    }
    if (fds->empty()) return;
    if (!settings->webhook) {
      spdlog::warn("socket activation: systemd passed {} socket(s) but the config has no [webhook] section; "
                   "they are closed unused",
                   fds->size());
      for (int fd : *fds) ::close(fd);
      return;
    }
    if (fds->size() > 1) {
      startup_error = "socket activation: systemd passed " + std::to_string(fds->size()) +
                      " sockets; roadmapd.socket must have exactly one ListenStream= (the webhook port)";
      for (int fd : *fds) ::close(fd);
      return;
    }
    activated_socket = fds->front();
  }

  // STATUS= for `systemctl status`: "last sync 12:03:04 ok; inbox 0 pending; rules: 3 sent".
  // Only when the text changes: rule runs after every webhook would otherwise send the same line
  // many times a second.
  void publish_status() {
    if (!notifier.enabled()) return;
    auto text = status_text();
    if (text == last_status) return;
    notifier.status(text);
    last_status = std::move(text);
  }

  std::string status_text() {
    std::string text = last_sync;
    if (inbox) text += "; inbox " + std::to_string(inbox->pending().pending) + " pending";
    text += "; rules: " + std::to_string(rules_sent) + " sent";
    if (rules_failed > 0) text += ", " + std::to_string(rules_failed) + " failed";
    return text;
  }

  static webhook::worker_options worker_options_for(const config::webhook_settings& w) {
    webhook::worker_options options;
    options.payload_retention = w.payload_retention;
    options.delivery_retention = w.delivery_retention;
    return options;
  }

  void build_webhooks(const config::webhook_settings& w) {
    inbox = std::make_unique<webhook::inbox>(db);
    committer = std::make_unique<webhook::committer>(io.get_executor(), *inbox);
    worker = std::make_unique<webhook::worker>(io.get_executor(), *inbox, settings, client, db, worker_options_for(w));
    worker->on_pass_wanted([this] { scheduler.request_pass(); });
    worker->on_items_changed([this](const std::vector<std::string>& ids) { rules.items_changed(ids); });
    worker->on_processed([this](const webhook::delivery& d, webhook::delivery_outcome o, auto took) {
      metrics.delivery(d.event, metric_outcome(o));
      metrics.apply_latency(std::chrono::duration<double>(took).count());
    });
    events = std::make_unique<intake_events>(metrics, *worker);
    intake = std::make_unique<webhook::intake>(*inbox, webhook::intake_options{w.secrets}, events.get());
    routes = build_routes(w.path);
    server = make_server(w, activated_socket);
  }

  std::shared_ptr<const http::router> build_routes(const std::string& webhook_path) {
    auto r = std::make_shared<http::router>();
    r->add_async("POST", webhook_path, [this](http::request req) { return receive(std::move(req)); });
    if (!settings->admin) add_admin_routes(*r);
    return r;
  }

  static http::server_options server_options_for(const config::webhook_settings& w) {
    http::server_options o;
    o.host = w.listen_host;
    o.port = w.listen_port;
    o.max_connections = w.max_connections;
    o.header_timeout = w.header_timeout;
    o.body_timeout = w.body_timeout;
    o.idle_timeout = w.idle_timeout;
    o.max_body_bytes = w.max_body_bytes;
    return o;
  }

  std::unique_ptr<http::server> make_server(const config::webhook_settings& w, std::optional<int> fd) {
    http::server_options o = server_options_for(w);
    o.inherited_fd = fd;
    o.on_connection_refused = [this](long open) { connection_refused("webhook", settings->webhook->max_connections, open); };
    // What the server refuses on the webhook path before the intake sees it is a delivery too. The
    // path is looked up per request, since a reload may move it.
    o.on_refused = [this](int status, const http::request& head) {
      if (!settings->webhook || head.target.substr(0, head.target.find('?')) != settings->webhook->path) return;
      metrics.delivery(webhook::event_label(head), status == 413 ? "too_large" : "rejected_bad_request");
    };
    return std::make_unique<http::server>(io.get_executor(), o,
                                          [this](http::request r) { return route_with(routes, std::move(r)); });
  }

  // A delivery: checked, stored with the others of this loop turn (group commit), then answered.
  net::awaitable<http::response> receive(http::request r) {
    auto checked = intake->check(r);
    if (auto* answered = std::get_if<http::response>(&checked)) co_return std::move(*answered);
    auto& d = std::get<webhook::new_delivery>(checked);
    const webhook::new_delivery summary{d.delivery_id, d.event, d.action, d.hook_id, {}};
    const auto stored = co_await committer->store(std::move(d));
    co_return intake->answer(summary, stored);
  }

  // Ready: the mirror takes writes and the last successful pass is recent enough.
  http::response readiness() {
    try {
      db.exec("BEGIN IMMEDIATE");
      db.exec("ROLLBACK");
    } catch (const std::exception& e) {
      return http::response::text(503, std::string("database not writable: ") + e.what());
    }
    auto& q = db.prepare("SELECT value FROM sync_state WHERE key = ?1");
    q.query(std::string_view(sync::state_keys::last_success));
    std::optional<std::string> last = q.step() ? std::optional(q.column_text(0)) : std::nullopt;
    q.reset();
    const auto when = last ? util::parse_iso8601(*last) : std::nullopt;
    if (!when) return http::response::text(503, "no successful sync pass yet");
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - *when);
    // Without [webhook] (an admin listener on a polling daemon): three intervals, at least an hour.
    const auto limit = settings->webhook ? settings->webhook->ready_max_sync_age
                                         : std::max<std::chrono::seconds>(std::chrono::hours(1), 3 * settings->sync.interval);
    if (age > limit) {
      return http::response::text(503, "last successful sync pass " + std::to_string(age.count()) + " s ago, more than " +
                                           (settings->webhook ? "[webhook] ready_max_sync_age" : "three sync intervals") +
                                           " (" + std::to_string(limit.count()) + " s)");
    }
    return http::response::text(200, "ready");
  }

  void update_inbox_gauges() {
    if (!inbox) return;
    const auto backlog = inbox->pending();
    double age = 0;
    if (backlog.oldest_received_at) {
      if (auto t = util::parse_iso8601(*backlog.oldest_received_at)) {
        age = std::chrono::duration<double>(std::chrono::system_clock::now() - *t).count();
      }
    }
    metrics.inbox(backlog.pending, age);
  }

  // A spawned part that ends with an exception stops the daemon: a bug must not leave it half alive.
  auto completion(const char* part) {
    return [this, part](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::critical("{} stopped on an internal error: {}", part, ex.what());
      }
      failed = true;
      io.stop();
    };
  }

  // A part that returns on its own (after stop()) is counted out; one that throws stops the daemon.
  template <typename Awaitable>
  void spawn(Awaitable part, const char* name) {
    ++parts_running;
    net::co_spawn(io, std::move(part), [this, done = completion(name)](std::exception_ptr e) {
      --parts_running;
      done(e);
    });
  }

  // SIGHUP: read the config file again; apply what changed, or keep everything if it is not valid.
  void reload() {
    const auto& file = settings->source;
    notifier.reloading("reloading " + file.string());
    spdlog::info("reload: reading {}", file.string());
    auto loaded = config::load(file);
    if (!loaded) {
      // The same lines as `roadmapd check-config` prints, one log line each.
      std::string_view message = loaded.message();
      while (!message.empty()) {
        const auto end = message.find('\n');
        spdlog::error("reload refused, still running on the previous config: {}", message.substr(0, end));
        message = end == std::string_view::npos ? std::string_view{} : message.substr(end + 1);
      }
      metrics.config_reload(metrics::registry::reload_outcome::refused);
      notifier.ready("reload refused (config not valid); " + status_text());
      return;
    }
    auto plan = config::plan_reload(*settings, std::move(*loaded), activated_socket.has_value());
    std::vector<std::string> not_applied;
    if (plan.listener && !move_listener(*plan.effective.webhook)) {
      // Still on the old socket: the running settings and the log say so.
      std::erase_if(plan.changes, [&](const std::string& line) {
        return std::ranges::find(plan.listener_changes, line) != plan.listener_changes.end();
      });
      not_applied = plan.listener_changes;
      config::keep_address(*plan.effective.webhook, *settings->webhook);
    }
    auto next = std::make_shared<const config::settings>(std::move(plan.effective));
    apply(plan, next);
    const auto source = next->source;  // `file` belongs to the snapshot being replaced
    settings = next;
    for (const auto& line : plan.changes) spdlog::info("reload: {}", line);
    for (const auto& line : not_applied) spdlog::error("reload: not applied: {}", line);
    for (const auto& line : plan.needs_restart) spdlog::warn("reload: not applied until a restart: {}", line);
    const std::string waiting =
        plan.needs_restart.empty() ? "" : ", " + std::to_string(plan.needs_restart.size()) + " waiting for a restart";
    if (!not_applied.empty()) {
      spdlog::error("reload: partial: {} changes applied, {} not applied{}; judging every item again",
                    plan.changes.size(), not_applied.size(), waiting);
      metrics.config_reload(metrics::registry::reload_outcome::partial);
      notifier.ready("reload partial (" + std::to_string(not_applied.size()) + " change(s) not applied, see the log); " +
                     status_text());
      return;
    }
    if (plan.nothing_changed()) {
      spdlog::info("reload: {} has no changes; judging every item again", source.string());
    } else {
      spdlog::info("reload: done ({} changes{}); judging every item again", plan.changes.size(), waiting);
    }
    metrics.config_reload(metrics::registry::reload_outcome::applied);
    notifier.ready("reloaded; " + status_text());
  }

  // A new listening socket for the webhook endpoint; the old server stops accepting and finishes its
  // requests. False (and the old one keeps serving) when the new address cannot be bound.
  bool move_listener(const config::webhook_settings& w) {
    auto next = make_server(w, std::nullopt);
    if (auto started = next->start(); !started) {
      spdlog::error("reload: [webhook] listen: {}; still listening on {}", started.message(), server->local_address());
      return false;
    }
    spdlog::info("webhook endpoint now listening on http://{}{}", next->local_address(), w.path);
    server->stop();
    retired_servers.push_back(std::move(server));
    server = std::move(next);
    return true;
  }

  void apply(const config::reload_plan& plan, const config::shared_settings& next) {
    if (plan.github) client.reconfigure(observed_client_options(*next, metrics));
    engine.reconfigure(next);
    enforcer.reconfigure(next);
    if (plan.sync_interval) scheduler.set_interval(next->sync.interval);
    if (plan.log_level) util::change_log_level(next->log.level);
    if (worker) worker->reconfigure(next, worker_options_for(*next->webhook));
    if (plan.webhook_secrets) {
      intake = std::make_unique<webhook::intake>(*inbox, webhook::intake_options{next->webhook->secrets}, events.get());
    }
    if (plan.webhook_path) routes = build_routes(next->webhook->path);
    // In place, on whichever server now listens (a moved one has them already; one that could not
    // move keeps its address but takes the new limits).
    if (plan.limits && server) server->set_limits(server_options_for(*next->webhook));
    // New boards and repositories are read now rather than at the next interval; rule changes
    // (which the comparison does not itemise) are covered by judging everything again.
    if (plan.targets || plan.github) scheduler.request_pass();
    // Before the first complete pass nothing is judged yet; that pass judges with the new rules.
    if (rules.started()) rules.everything();
  }

  // SIGTERM/SIGINT: stop taking work, let what is in flight finish within [service] stop_timeout,
  // then end the loop. Acknowledged deliveries are already committed; the ones not yet applied stay
  // pending for the next start, and so does a sync pass cut short (it resumes from its last page).
  net::awaitable<void> shut_down(int signal) {
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + settings->service.stop_timeout;
    spdlog::info("signal {} received, stopping (in-flight work has up to {} s)", signal,
                 settings->service.stop_timeout.count());
    notifier.stopping("stopping on signal " + std::to_string(signal));
    if (server) server->stop();
    if (admin_server) admin_server->stop();
    for (auto& s : retired_servers) s->stop();
    if (worker) worker->stop();
    enforcer.stop();
    rules.stop();
    scheduler.stop();
    net::steady_timer tick(io);
    while (busy() && std::chrono::steady_clock::now() < deadline) {
      tick.expires_after(std::chrono::milliseconds(20));
      co_await tick.async_wait(net::as_tuple(net::use_awaitable));
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (busy()) {
      spdlog::warn("stop: after {} ms still {}; parked for the next start", took.count(), what_is_busy());
    } else {
      spdlog::info("stop: in-flight work finished in {} ms", took.count());
    }
    if (inbox) {
      if (const auto left = inbox->pending().pending; left > 0) {
        spdlog::info("stop: {} deliveries stay pending in the inbox and are applied at the next start", left);
      }
    }
    watchdog.stop();
    io.stop();
  }

  long open_connections() const {
    long n = server ? server->stats().active_connections : 0;
    if (admin_server) n += admin_server->stats().active_connections;
    for (const auto& s : retired_servers) n += s->stats().active_connections;
    return n;
  }

  bool busy() const { return parts_running > 0 || open_connections() > 0; }

  std::string what_is_busy() const {
    std::string what;
    if (open_connections() > 0) what = std::to_string(open_connections()) + " HTTP connection(s) open";
    if (parts_running > 0) {
      if (!what.empty()) what += " and ";
      what += std::to_string(parts_running) + " part(s) running (a sync pass, the webhook worker or rule actions)";
    }
    return what;
  }
};

service::service(config::settings settings, store::database db)
    : impl_(std::make_unique<impl>(std::move(settings), std::move(db))) {}

service::~service() = default;

int service::run() {
  auto& m = *impl_;
  if (!m.startup_error.empty()) {
    spdlog::critical("{}", m.startup_error);
    return exit_failure;
  }
  net::signal_set signals(m.io, SIGINT, SIGTERM, SIGHUP);
  std::function<void(const boost::system::error_code&, int)> on_signal;
  on_signal = [&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      if (!m.stopping) m.reload();
    } else if (!m.stopping) {
      m.stopping = true;
      net::co_spawn(m.io, m.shut_down(signal), m.completion("shutdown"));
    } else {
      spdlog::warn("signal {} received again while stopping; still waiting for in-flight work", signal);
    }
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);

  // The admin listener first: whoever watches for the webhook endpoint finds health checks up too.
  if (m.admin_server) {
    if (auto started = m.admin_server->start(); !started) {
      spdlog::critical("[admin] listen: {}", started.message());
      return exit_failure;
    }
    spdlog::info("admin endpoint listening on http://{} (/healthz, /readyz, /metrics)", m.admin_server->local_address());
  }
  if (m.server) {
    if (auto started = m.server->start(); !started) {
      spdlog::critical("{}", started.message());
      return exit_failure;
    }
    spdlog::info("webhook endpoint listening on http://{}{} ({})", m.server->local_address(), m.settings->webhook->path,
                 m.activated_socket ? "socket passed by systemd" : "[webhook] listen");
    m.spawn(m.worker->run(), "the webhook worker");
  }
  spdlog::info("roadmapd {} (git {}) started: {} boards, {} repositories, database {}", version, git_revision,
               m.settings->projects.size(), m.settings->repositories.size(), m.settings->storage.database.string());
  m.spawn(m.scheduler.run(), "the sync scheduler");
  m.spawn(m.rules.run(), "rule enforcement");
  // The database is open and the webhook endpoint listens: systemd may start what depends on us.
  m.notifier.ready("started; " + m.status_text());
  if (m.watchdog.period().count() > 0) {
    spdlog::info("systemd watchdog: a keep-alive every {} ms", m.watchdog.period().count() / 1000);
  }
  net::co_spawn(m.io, m.watchdog.run(), m.completion("the systemd watchdog"));
  m.io.run();
  if (!m.failed) spdlog::info("stopped");
  return m.failed ? exit_failure : exit_ok;
}

}  // namespace roadmapd::daemon
