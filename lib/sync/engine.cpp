// Orchestrates one sync pass: decides full or incremental, probes for changes, re-reads what changed
// (board_sync.cpp, repository_sync.cpp) and reports per target.
#include "sync/engine.hpp"

#include <algorithm>
#include <sstream>

#include <spdlog/spdlog.h>

#include "config/config.hpp"
#include "github/graphql_client.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "sync/decode.hpp"
#include "sync/pass_context.hpp"
#include "sync/queries.hpp"
#include "sync/state_keys.hpp"
#include "sync/variables.hpp"
#include "util/time.hpp"

namespace roadmapd::sync {

bool pass_report::ok() const {
  return std::all_of(targets.begin(), targets.end(), [](const auto& t) { return t.ok; });
}

std::string pass_report::first_error() const {
  for (const auto& t : targets) {
    if (!t.ok) return t.target + ": " + t.error;
  }
  return {};
}

std::string pass_report::summary() const {
  int items = 0, issues = 0, removed = 0, changed = 0, failed = 0;
  for (const auto& t : targets) {
    items += t.items_written;
    issues += t.issues_written;
    removed += t.removed;
    changed += t.changed ? 1 : 0;
    failed += t.ok ? 0 : 1;
  }
  std::ostringstream out;
  out << (full ? "full" : "incremental") << " pass: " << targets.size() << " targets, " << changed
      << " changed, " << failed << " failed; " << items << " items and " << issues
      << " issues/PRs written, " << removed << " removed; " << requests << " requests, " << points
      << " rate-limit points, " << duration.count() << " ms";
  return out.str();
}

struct engine::impl {
  config::shared_settings current;
  github::graphql_client& client;
  store::database& db;
  store::mirror mirror;
  std::function<void(const std::vector<std::string>&)> listener;

  impl(config::shared_settings s, github::graphql_client& c, store::database& d)
      : current(std::move(s)), client(c), db(d), mirror(d) {}

  bool full_due(const config::settings& settings) {
    auto last = mirror.state(state_keys::last_full_sync);
    if (!last) return true;
    auto t = util::parse_iso8601(*last);
    return !t || std::chrono::system_clock::now() - *t >= settings.sync.full_resync;
  }

  // Which targets the change probe says need a re-read. Targets never synced (no stored id) are
  // always re-read. A failed probe is not fatal: everything is re-read, as in a full pass.
  struct plan {
    std::vector<bool> boards;        // per settings.projects
    std::vector<bool> issues;        // per settings.repositories
    std::vector<bool> pull_requests; // per settings.repositories
  };

  boost::asio::awaitable<plan> probe(pass_context& ctx, target_report& probe_report) {
    const auto& projects = ctx.settings.projects;
    const auto& repos = ctx.settings.repositories;
    plan p{std::vector<bool>(projects.size(), true), std::vector<bool>(repos.size(), true),
           std::vector<bool>(repos.size(), true)};

    std::vector<std::size_t> board_index, repo_index;
    std::vector<std::string> board_ids, repo_ids;
    for (std::size_t i = 0; i < projects.size(); ++i) {
      if (auto id = mirror.state(state_keys::board(projects[i].owner, projects[i].number, "id"))) {
        board_index.push_back(i);
        board_ids.push_back(*id);
      }
    }
    for (std::size_t i = 0; i < repos.size(); ++i) {
      if (auto id = mirror.state(state_keys::repository(repos[i].full_name(), "id"))) {
        repo_index.push_back(i);
        repo_ids.push_back(*id);
      }
    }
    if (board_ids.empty() && repo_ids.empty()) co_return p;

    // nodes(ids:) takes at most 100 ids, so larger configurations probe in chunks.
    constexpr std::size_t chunk = 100;
    for (std::size_t off = 0; off < std::max(board_ids.size(), repo_ids.size()); off += chunk) {
      auto slice = [&](const std::vector<std::string>& v) {
        if (off >= v.size()) return std::vector<std::string>{};
        return std::vector<std::string>(v.begin() + off, v.begin() + std::min(v.size(), off + chunk));
      };
      auto answer = co_await ctx.query(queries::changes,
                                       variables().set("boards", slice(board_ids)).set("repositories", slice(repo_ids)));
      if (!answer) {
        probe_report.warnings.push_back("change probe failed, re-reading everything: " + answer.message());
        co_return p;
      }
      auto changes = decode_changes(*answer->data);
      if (!changes) {
        probe_report.warnings.push_back("change probe failed, re-reading everything: " + changes.message());
        co_return p;
      }
      for (std::size_t k = 0; k < changes->boards.size() && off + k < board_index.size(); ++k) {
        const auto& b = changes->boards[k];
        const auto& cfg = projects[board_index[off + k]];
        const auto stored_updated = mirror.state(state_keys::board(cfg.owner, cfg.number, "updated_at"));
        const auto stored_total = mirror.state(state_keys::board(cfg.owner, cfg.number, "total_items"));
        const auto cursor = mirror.state(state_keys::board(cfg.owner, cfg.number, "cursor"));
        const auto read_at = mirror.state(state_keys::board(cfg.owner, cfg.number, "read_at"));
        p.boards[board_index[off + k]] = !b.found || (cursor && !cursor->empty()) || !stored_updated ||
                                         *stored_updated != b.updated_at || !stored_total ||
                                         *stored_total != std::to_string(b.total_items) ||
                                         same_second_edits_possible(b.updated_at, read_at);
      }
      for (std::size_t k = 0; k < changes->repositories.size() && off + k < repo_index.size(); ++k) {
        const auto& r = changes->repositories[k];
        const auto i = repo_index[off + k];
        const auto name = repos[i].full_name();
        // Newer than the watermark, or as new but read in the same second (an edit later in that
        // second has the same updatedAt: only a read tells).
        auto newer = [&](const std::string& newest, const char* mark_key, const char* read_at_key) {
          auto mark = mirror.state(state_keys::repository(name, mark_key));
          if (!r.found || !mark || newest > *mark) return true;
          return newest == *mark && same_second_edits_possible(*mark, mirror.state(state_keys::repository(name, read_at_key)));
        };
        p.issues[i] = newer(r.newest_issue_update, "issues_watermark", "issues_read_at");
        p.pull_requests[i] = newer(r.newest_pull_request_update, "pull_requests_watermark", "pull_requests_read_at");
      }
    }
    co_return p;
  }
};

engine::engine(config::shared_settings settings, github::graphql_client& client, store::database& db)
    : impl_(std::make_unique<impl>(std::move(settings), client, db)) {}

engine::~engine() = default;

void engine::reconfigure(config::shared_settings settings) { impl_->current = std::move(settings); }

void engine::on_items_changed(std::function<void(const std::vector<std::string>&)> listener) {
  impl_->listener = std::move(listener);
}

boost::asio::awaitable<pass_report> engine::run_pass(pass_kind kind) {
  auto& m = *impl_;
  const auto started = std::chrono::steady_clock::now();
  const auto stats_before = m.client.stats();
  // This pass's settings: a reload while it runs applies from the next pass on.
  const config::shared_settings snapshot = m.current;
  const config::settings& settings = *snapshot;
  pass_report report;
  report.full = kind == pass_kind::full || (kind == pass_kind::automatic && m.full_due(settings));

  // The change log says which kind of pass wrote what it records.
  m.mirror.set_source(report.full ? store::write_source::full_resync : store::write_source::poll);
  m.mirror.set_observed_at({});
  pass_context ctx{settings, m.client, m.db, m.mirror, {}};

  impl::plan plan{std::vector<bool>(settings.projects.size(), true),
                  std::vector<bool>(settings.repositories.size(), true),
                  std::vector<bool>(settings.repositories.size(), true)};
  if (!report.full) {
    target_report probe_report{"change probe"};
    plan = co_await m.probe(ctx, probe_report);
    for (const auto& w : probe_report.warnings) spdlog::warn("{}", w);
  }

  for (std::size_t i = 0; i < settings.projects.size(); ++i) {
    const auto& cfg = settings.projects[i];
    target_report t{"board " + cfg.owner + "/" + std::to_string(cfg.number)};
    if (plan.boards[i]) co_await sync_board(ctx, cfg, t);
    report.targets.push_back(std::move(t));
  }
  for (std::size_t i = 0; i < settings.repositories.size(); ++i) {
    const auto& cfg = settings.repositories[i];
    target_report t{"repository " + cfg.full_name()};
    if (plan.issues[i]) co_await sync_repository(ctx, cfg, /*pull_requests=*/false, report.full, t);
    if (t.ok && plan.pull_requests[i]) co_await sync_repository(ctx, cfg, /*pull_requests=*/true, report.full, t);
    report.targets.push_back(std::move(t));
  }

  const auto now = util::now_iso8601();
  {
    store::transaction tx(m.db);
    m.mirror.set_state(state_keys::last_pass, now);
    if (report.ok()) {
      m.mirror.set_state(state_keys::last_success, now);
      if (report.full) m.mirror.set_state(state_keys::last_full_sync, now);
    }
    tx.commit();
  }

  // Told once the pass is over: the rules judge an item with its board and its issue both read.
  if (m.listener && !ctx.changed_items.empty()) m.listener({ctx.changed_items.begin(), ctx.changed_items.end()});

  const auto& stats_after = m.client.stats();
  report.requests = stats_after.requests - stats_before.requests;
  report.points = stats_after.points - stats_before.points;
  report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  co_return report;
}

}  // namespace roadmapd::sync
