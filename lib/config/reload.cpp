// plan_reload (see reload.hpp). Messages name keys and values a maintainer wrote, never a secret:
// a changed token or webhook secret is reported as changed, without its text.
#include "config/reload.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace roadmapd::config {

namespace {

// Logins and repository names are case-insensitive on GitHub (and in the mirror): "Apache/1" is
// the board "apache/1".
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string board_key(const project_settings& p) { return lower(p.owner) + "/" + std::to_string(p.number); }

std::string repository_key(const repository_settings& r) { return lower(r.full_name()); }

bool same_board(const project_settings& a, const project_settings& b) {
  return board_key(a) == board_key(b) && a.name == b.name && a.rule_set == b.rule_set;
}

bool same_repository(const repository_settings& a, const repository_settings& b) {
  return repository_key(a) == repository_key(b) && a.tracking_issue_labels == b.tracking_issue_labels &&
         a.tracking_issue_title == b.tracking_issue_title;
}

bool same_app(const std::optional<github_app_settings>& a, const std::optional<github_app_settings>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->app_id == b->app_id && a->installation_id == b->installation_id &&
         a->installation_owner == b->installation_owner && a->private_key_file == b->private_key_file &&
         a->private_key == b->private_key;
}

// Added, removed and edited targets, in the order of the new file (removed ones last).
template <typename T, typename Key, typename Same>
void compare_targets(const std::vector<T>& running, const std::vector<T>& next, const char* what, Key key, Same same,
                     reload_plan& plan) {
  std::map<std::string, const T*> before;
  for (const auto& t : running) before.emplace(key(t), &t);
  for (const auto& t : next) {
    auto it = before.find(key(t));
    if (it == before.end()) {
      plan.changes.push_back(std::string(what) + " " + key(t) + " added: synced from the next pass");
    } else {
      if (!same(*it->second, t)) plan.changes.push_back(std::string(what) + " " + key(t) + " changed");
      before.erase(it);
    }
  }
  for (const auto& [name, t] : before) {
    plan.changes.push_back(std::string(what) + " " + name + " removed: no longer synced or judged");
  }
}

void compare_github(const github_settings& a, const github_settings& b, reload_plan& plan) {
  auto note = [&](const std::string& line) {
    plan.changes.push_back("[github] " + line);
    plan.github = true;
  };
  if (a.api_url != b.api_url) note("api_url: " + a.api_url + " -> " + b.api_url);
  if (a.token_file != b.token_file) note("token_file: " + a.token_file.string() + " -> " + b.token_file.string());
  else if (a.token != b.token) note("token_file: the token in " + b.token_file.string() + " changed");
  if (!same_app(a.app, b.app)) note("GitHub App settings changed (app_id, installation_id or private_key_file)");
  if (a.ca_file != b.ca_file) note("ca_file: \"" + a.ca_file.string() + "\" -> \"" + b.ca_file.string() + "\"");
  if (a.user_agent != b.user_agent) note("user_agent: " + a.user_agent + " -> " + b.user_agent);
  if (a.request_timeout != b.request_timeout) {
    note("request_timeout: " + format_duration(a.request_timeout) + " -> " + format_duration(b.request_timeout));
  }
  if (a.secondary_limit_wait != b.secondary_limit_wait) {
    note("secondary_limit_wait: " + format_duration(a.secondary_limit_wait) + " -> " +
         format_duration(b.secondary_limit_wait));
  }
  if (a.max_attempts != b.max_attempts) {
    note("max_attempts: " + std::to_string(a.max_attempts) + " -> " + std::to_string(b.max_attempts));
  }
}

std::string address(const webhook_settings& w) {
  return w.listen_host.find(':') != std::string::npos ? "[" + w.listen_host + "]:" + std::to_string(w.listen_port)
                                                      : w.listen_host + ":" + std::to_string(w.listen_port);
}

void compare_webhook(const webhook_settings& a, webhook_settings& b, bool socket_from_systemd, reload_plan& plan) {
  if (a.listen_host != b.listen_host || a.listen_port != b.listen_port) {
    const std::string line = "[webhook] listen: " + address(a) + " -> " + address(b);
    if (socket_from_systemd) {
      // The socket is systemd's: keep serving on it as configured at start.
      plan.needs_restart.push_back(line + ": the listening socket comes from systemd (roadmapd.socket); restart to apply");
      keep_address(b, a);
    } else {
      plan.changes.push_back(line);
      plan.listener_changes.push_back(line);
      plan.listener = true;
    }
  }
  // The limits apply to the running server in place, whoever owns its socket.
  auto limit = [&](const std::string& line) {
    plan.changes.push_back("[webhook] " + line);
    plan.limits = true;
  };
  if (a.max_connections != b.max_connections) {
    limit("max_connections: " + std::to_string(a.max_connections) + " -> " + std::to_string(b.max_connections));
  }
  auto duration = [&](const char* key, std::chrono::seconds x, std::chrono::seconds y) {
    if (x != y) limit(std::string(key) + ": " + format_duration(x) + " -> " + format_duration(y));
  };
  duration("header_timeout", a.header_timeout, b.header_timeout);
  duration("body_timeout", a.body_timeout, b.body_timeout);
  duration("idle_timeout", a.idle_timeout, b.idle_timeout);
  if (a.max_body_bytes != b.max_body_bytes) {
    limit("max_body_bytes: " + std::to_string(a.max_body_bytes) + " -> " + std::to_string(b.max_body_bytes));
  }
  if (a.path != b.path) {
    plan.changes.push_back("[webhook] path: " + a.path + " -> " + b.path);
    plan.webhook_path = true;
  }
  if (a.secret_files != b.secret_files || a.secrets != b.secrets) {
    plan.changes.push_back("[webhook] secrets: " + std::to_string(a.secret_files.size()) + " -> " +
                           std::to_string(b.secret_files.size()) + " secret file(s), contents re-read");
    plan.webhook_secrets = true;
  }
  if (a.payload_retention != b.payload_retention || a.delivery_retention != b.delivery_retention) {
    plan.changes.push_back("[webhook] retention: payloads " + format_duration(a.payload_retention) + " -> " +
                           format_duration(b.payload_retention) + ", deliveries " +
                           format_duration(a.delivery_retention) + " -> " + format_duration(b.delivery_retention));
    plan.webhook_retention = true;
  }
  if (a.ready_max_sync_age != b.ready_max_sync_age) {
    plan.changes.push_back("[webhook] ready_max_sync_age: " + format_duration(a.ready_max_sync_age) + " -> " +
                           format_duration(b.ready_max_sync_age));
  }
  if (a.hook_id != b.hook_id || a.hook_organization != b.hook_organization ||
      a.hook_repository != b.hook_repository) {
    plan.changes.push_back("[webhook] hook (used by `roadmapd redeliver`) changed");
  }
}

}  // namespace

void keep_address(webhook_settings& next, const webhook_settings& running) {
  next.listen_host = running.listen_host;
  next.listen_port = running.listen_port;
}

reload_plan plan_reload(const settings& running, settings next, bool socket_from_systemd) {
  reload_plan plan;
  if (running.storage.database != next.storage.database) {
    plan.needs_restart.push_back("[storage] database: " + running.storage.database.string() + " -> " +
                                 next.storage.database.string() +
                                 ": the mirror stays where it is until a restart (every part holds it open)");
    next.storage = running.storage;
  }
  compare_github(running.github, next.github, plan);
  if (running.sync.interval != next.sync.interval) {
    plan.changes.push_back("[sync] interval: " + format_duration(running.sync.interval) + " -> " +
                           format_duration(next.sync.interval));
    plan.sync_interval = true;
  }
  if (running.sync.full_resync != next.sync.full_resync) {
    plan.changes.push_back("[sync] full_resync: " + format_duration(running.sync.full_resync) + " -> " +
                           format_duration(next.sync.full_resync));
  }
  if (running.log.level != next.log.level) {
    plan.changes.push_back("[log] level: " + running.log.level + " -> " + next.log.level);
    plan.log_level = true;
  }
  if (running.history.enabled != next.history.enabled) {
    plan.needs_restart.push_back(std::string("[history] enabled: ") + (running.history.enabled ? "true" : "false") +
                                 " -> " + (next.history.enabled ? "true" : "false") +
                                 ": the change log is set up at start");
    next.history.enabled = running.history.enabled;
  }
  if (running.history.retention != next.history.retention) {
    auto text = [](const std::optional<std::chrono::seconds>& r) { return r ? format_duration(*r) : std::string("keep all"); };
    plan.changes.push_back("[history] retention: " + text(running.history.retention) + " -> " + text(next.history.retention));
  }
  if (running.service.stop_timeout != next.service.stop_timeout) {
    plan.changes.push_back("[service] stop_timeout: " + format_duration(running.service.stop_timeout) + " -> " +
                           format_duration(next.service.stop_timeout));
  }

  if (running.webhook.has_value() != next.webhook.has_value()) {
    plan.needs_restart.push_back(running.webhook
                                     ? "[webhook] removed: the endpoint keeps serving until a restart"
                                     : "[webhook] added: the endpoint starts at the next restart");
    next.webhook = running.webhook;
  } else if (running.webhook) {
    compare_webhook(*running.webhook, *next.webhook, socket_from_systemd, plan);
  }

  // The admin listener is built at start; it moves with a restart.
  const bool admin_changed = running.admin.has_value() != next.admin.has_value() ||
                             (running.admin && (running.admin->listen_host != next.admin->listen_host ||
                                                running.admin->listen_port != next.admin->listen_port ||
                                                running.admin->max_connections != next.admin->max_connections));
  if (admin_changed) {
    plan.needs_restart.push_back("[admin]: the admin listener (/healthz, /readyz, /metrics) keeps its address and "
                                 "limits until a restart");
    next.admin = running.admin;
  }

  const auto changes_before = plan.changes.size();
  compare_targets(running.projects, next.projects, "board", board_key, same_board, plan);
  compare_targets(running.repositories, next.repositories, "repository",
                  repository_key, same_repository, plan);
  plan.targets = plan.changes.size() != changes_before;

  plan.effective = std::move(next);
  return plan;
}

}  // namespace roadmapd::config
