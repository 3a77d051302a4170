// Reads the config file: one read function per section, registered in `sections` below, so a new
// section ([webhook], [rules], ...) is a struct in config.hpp, a function and a row here.
#include "config/config.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "config/api_url.hpp"
#include "config/diagnostics.hpp"
#include "config/listen_address.hpp"
#include "config/rules_config.hpp"
#include "config/table_reader.hpp"
#include "config/private_key.hpp"
#include "config/token_file.hpp"

namespace roadmapd::config {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

struct context {
  fs::path base_dir;         // relative paths in general are taken next to the config file
  fs::path credentials_dir;  // relative secret files: $CREDENTIALS_DIRECTORY, else base_dir
  std::vector<std::string> rule_sets;  // names [[project]] rule_set may use, whatever order the file has
  std::string file;          // as named in messages
};

// A warning about `key`, formatted as errors are ("file:line: key: message").
void warn(const context& ctx, settings& s, table_reader& r, std::string_view key, const std::string& message) {
  s.warnings.push_back(ctx.file + ":" + std::to_string(r.line_of(key)) + ": " + r.key_path(key) + ": " + message);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool has_control_char(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// GitHub logins: letters, digits and single hyphens, at most 39 characters.
bool is_login(std::string_view s) {
  if (s.empty() || s.size() > 39) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

// Repository names also allow '.' and '_'.
bool is_repo_name(std::string_view s) {
  if (s.empty() || s.size() > 100 || s == "." || s == "..") return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::optional<fs::path> readable_file(table_reader& r, std::string_view key, std::string_view written,
                                      const fs::path& anchor) {
  const fs::path path = resolve_path(written, anchor);
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (fs::is_directory(path, ec)) {
    r.error(key, "cannot read \"" + path.string() + "\": it is a directory");
  } else if (!in) {
    r.error(key, "cannot read \"" + path.string() + "\": " + std::strerror(errno));
  } else {
    return path;
  }
  return std::nullopt;
}

void read_github_app(table_reader& r, github_settings& g, const context& ctx) {
  github_app_settings a;
  bool ok = true;
  // GitHub's ids are positive 64-bit integers.
  if (auto v = r.integer("app_id", 1, std::numeric_limits<std::int64_t>::max(), true)) a.app_id = *v;
  else ok = false;
  if (r.has("installation_id")) {
    if (auto v = r.integer("installation_id", 1, std::numeric_limits<std::int64_t>::max())) a.installation_id = *v;
    else ok = false;
  }
  auto written = r.string("private_key_file", true);
  if (!written) {
    ok = false;
  } else if (written->empty()) {
    r.error("private_key_file", "must name the file that holds the App's private key (PEM)");
    ok = false;
  } else if (written->find("PRIVATE KEY") != std::string::npos) {
    r.error("private_key_file", "this looks like a private key, not a file name: put the key in a file readable "
                                "only by roadmapd and name that file here");
    ok = false;
  } else {
    a.private_key_file = resolve_path(*written, ctx.credentials_dir);
    if (auto key = read_private_key_file(a.private_key_file)) {
      a.private_key = std::move(key.value());
    } else {
      r.error("private_key_file", key.message());
      ok = false;
    }
  }
  if (ok) g.app = std::move(a);
}

void read_github(table_reader& r, settings& s, const context& ctx) {
  github_settings& g = s.github;
  if (auto v = r.string("api_url")) {
    if (auto endpoints = parse_api_url(*v)) {
      g.api_url = endpoints->api_url;
      g.graphql_url = endpoints->graphql_url;
      if (g.api_url.starts_with("http://")) {
        warn(ctx, s, r, "api_url",
             "\"" + g.api_url + "\" is not HTTPS: the token and every answer would cross the network unencrypted "
             "(use https://; plain HTTP is only for a test server on this machine)");
      }
    } else {
      r.error("api_url", endpoints.message());
    }
  }
  const bool app = r.has("app_id") || r.has("private_key_file") || r.has("installation_id");
  if (!app && !r.has("token_file")) {
    r.error("token_file", "required key is missing (or authenticate as a GitHub App: set app_id and private_key_file)");
  }
  if (app && r.has("token_file")) {
    r.error(r.has("app_id") ? "app_id" : r.has("private_key_file") ? "private_key_file" : "installation_id",
            "set token_file or the GitHub App keys (app_id, private_key_file, installation_id), not both");
  }
  if (app) read_github_app(r, g, ctx);
  if (auto v = r.string("token_file")) {
    if (looks_like_token(*v)) {
      r.error("token_file", "this looks like a token, not a file name: put the token in a file readable only "
                            "by roadmapd and name that file here");
    } else if (v->empty()) {
      r.error("token_file", "must name the file that holds the token");
    } else {
      g.token_file = resolve_path(*v, ctx.credentials_dir);
      if (auto token = read_token_file(g.token_file)) {
        g.token = std::move(token.value());
      } else {
        r.error("token_file", token.message());
      }
    }
  }
  if (r.has("token")) {
    r.error("token", "secrets do not belong in this file: put the token in a file and set token_file");
  }
  if (auto v = r.string("ca_file"); v && !v->empty()) {
    if (auto path = readable_file(r, "ca_file", *v, ctx.credentials_dir)) g.ca_file = *path;
  }
  if (auto v = r.string("user_agent")) {
    // The value goes into a request header verbatim.
    if (v->empty() || has_control_char(*v)) {
      r.error("user_agent", "must be non-empty text on one line");
    } else {
      g.user_agent = *v;
    }
  }
  if (auto v = r.duration("request_timeout", seconds(1))) g.request_timeout = *v;
  if (auto v = r.duration("secondary_limit_wait", seconds(1))) g.secondary_limit_wait = *v;
  if (auto v = r.integer("max_attempts", 1, 20)) g.max_attempts = static_cast<int>(*v);
}

void read_storage(table_reader& r, settings& s, const context& ctx) {
  if (auto v = r.string("database", true)) {
    if (v->empty()) {
      r.error("database", "must name the SQLite database file");
    } else {
      s.storage.database = resolve_path(*v, ctx.base_dir);
      std::error_code ec;
      const auto dir = s.storage.database.parent_path();
      if (!fs::is_directory(dir, ec)) {
        warn(ctx, s, r, "database",
             "the directory " + dir.string() + " does not exist, and roadmapd does not create it (create it, or let "
             "systemd's StateDirectory= make it, as roadmapd.service does)");
      }
    }
  }
}

void read_sync(table_reader& r, settings& s, const context&) {
  const auto interval = r.duration("interval", seconds(10));
  const auto full_resync = r.duration("full_resync", seconds(10));
  if (interval) s.sync.interval = *interval;
  if (full_resync) s.sync.full_resync = *full_resync;
  const bool both_valid = (interval || !r.has("interval")) && (full_resync || !r.has("full_resync"));
  if (both_valid && s.sync.full_resync < s.sync.interval) {
    // Blame the key the maintainer wrote: with the default full_resync, it is the interval.
    const std::string message = "full_resync (" + format_duration(s.sync.full_resync) +
                                ") must not be shorter than interval (" + format_duration(s.sync.interval) + ")";
    r.error(r.has("full_resync") ? "full_resync" : "interval", message);
  }
}

void read_log(table_reader& r, settings& s, const context&) {
  if (auto v = r.string("level")) {
    if (*v == "trace" || *v == "debug" || *v == "info" || *v == "warn" || *v == "error") {
      s.log.level = *v;
    } else {
      r.error("level", "unknown level \"" + *v + "\" (use trace, debug, info, warn or error)");
    }
  }
}

void read_service(table_reader& r, settings& s, const context&) {
  if (auto v = r.duration("stop_timeout", seconds(1))) {
    if (*v > seconds(600)) {
      r.error("stop_timeout", "must be at most 10m (and below systemd's TimeoutStopSec=, 90s in roadmapd.service)");
    } else {
      s.service.stop_timeout = *v;
    }
  }
}

void read_history(table_reader& r, settings& s, const context&) {
  if (auto v = r.boolean("enabled")) s.history.enabled = *v;
  // A day at least: a shorter log could not say what changed since the last report.
  if (auto v = r.duration("retention", seconds(86400))) s.history.retention = *v;
}

void read_progress(table_reader& r, settings& s, const context&) {
  if (auto v = r.duration("stale_after", seconds(86400))) s.progress.stale_after = *v;
  if (auto v = r.duration("forecast_window", seconds(7 * 86400))) s.progress.forecast_window = *v;
}

void read_report(table_reader& r, settings& s, const context&) {
  report_settings rep;
  if (auto v = r.string("publish_issue", true)) {
    const auto hash = v->find('#');
    const auto slash = v->find('/');
    int number = 0;
    if (hash != std::string::npos && slash != std::string::npos && slash < hash) {
      try {
        number = std::stoi(v->substr(hash + 1));
      } catch (...) {
        number = 0;
      }
    }
    if (number <= 0 || !is_login(v->substr(0, slash)) || !is_repo_name(v->substr(slash + 1, hash - slash - 1))) {
      r.error("publish_issue", "\"" + *v + "\" is not an issue like \"apache/tvm#1234\"");
    } else {
      rep.publish_repo = v->substr(0, hash);
      rep.publish_number = number;
    }
  }
  if (auto v = r.duration("publish_every", seconds(3600))) rep.publish_every = *v;
  if (auto v = r.string("board")) rep.board = *v;
  s.report = std::move(rep);
}

void read_project(table_reader& r, settings& s, const context& ctx) {
  project_settings p;
  p.line = r.line();
  const auto owner = r.string("owner", true);
  if (owner && !is_login(*owner)) {
    r.error("owner", "\"" + *owner + "\" is not a GitHub organization or user login");
  }
  const auto number = r.integer("number", 1, INT_MAX, true);
  if (auto v = r.string("name")) p.name = *v;
  if (auto v = r.string("rule_set")) {
    if (std::find(ctx.rule_sets.begin(), ctx.rule_sets.end(), *v) != ctx.rule_sets.end()) {
      p.rule_set = *v;
    } else {
      std::string message = "no rule set named \"" + *v + "\"";
      if (auto suggestion = closest(*v, ctx.rule_sets)) {
        message += " (did you mean \"" + *suggestion + "\"?)";
      } else {
        message += " (define [rule_sets." + *v + "] or use one of:";
        for (std::size_t i = 0; i < ctx.rule_sets.size(); ++i) message += (i ? ", " : " ") + ctx.rule_sets[i];
        message += ")";
      }
      r.error("rule_set", message);
    }
  }
  if (!owner || !is_login(*owner) || !number) return;
  p.owner = *owner;
  p.number = static_cast<int>(*number);
  for (const project_settings& other : s.projects) {
    if (iequals(other.owner, p.owner) && other.number == p.number) {
      r.error("number", p.owner + " #" + std::to_string(p.number) + " is already configured by the [[project]] at line " +
                            std::to_string(other.line));
      return;
    }
  }
  s.projects.push_back(std::move(p));
}

void read_repository(table_reader& r, settings& s, const context&) {
  repository_settings repo;
  repo.line = r.line();
  const auto full_name = r.string("name", true);
  bool ok = full_name.has_value();
  if (full_name) {
    const auto slash = full_name->find('/');
    if (slash != std::string::npos) {
      repo.owner = full_name->substr(0, slash);
      repo.name = full_name->substr(slash + 1);
    }
    if (slash == std::string::npos || !is_login(repo.owner) || !is_repo_name(repo.name)) {
      r.error("name", "\"" + *full_name + "\" is not of the form \"owner/name\"");
      ok = false;
    }
  }
  if (auto labels = r.string_array("tracking_issue_labels")) {
    if (std::any_of(labels->begin(), labels->end(), [](const std::string& l) { return l.empty(); })) {
      r.error("tracking_issue_labels", "labels must not be empty");
    } else {
      repo.tracking_issue_labels = std::move(*labels);
    }
  }
  if (auto title = r.string("tracking_issue_title"); title && !title->empty()) {
    try {
      repo.tracking_title_regex.emplace(*title, std::regex::ECMAScript);
      repo.tracking_issue_title = *title;
    } catch (const std::regex_error& e) {
      r.error("tracking_issue_title", "invalid regular expression '" + *title + "': " + e.what());
    }
  }
  if (!ok) return;
  for (const repository_settings& other : s.repositories) {
    if (iequals(other.full_name(), repo.full_name())) {
      r.error("name", "\"" + repo.full_name() + "\" is already configured by the [[repository]] at line " +
                          std::to_string(other.line));
      return;
    }
  }
  s.repositories.push_back(std::move(repo));
}

// Paths the webhook server answers itself; a webhook path equal to one of them would hide it.
constexpr std::string_view reserved_paths[] = {"/healthz", "/readyz", "/metrics"};

void read_webhook_secrets(table_reader& r, webhook_settings& w, const context& ctx) {
  if (r.has("secret") || r.has("secrets")) {
    r.error(r.has("secret") ? "secret" : "secrets",
            "secrets do not belong in this file: put each webhook secret in a file and list the files in "
            "secret_files");
  }
  auto files = r.string_array("secret_files", true);
  if (!files) return;
  if (files->empty()) {
    r.error("secret_files", "must name at least one file that holds the webhook secret");
    return;
  }
  for (const std::string& written : *files) {
    // Like token_file: the secret pasted in place of its file name must not be echoed back.
    if (written.empty()) {
      r.error("secret_files", "file names must not be empty");
      return;
    }
    if (looks_like_token(written)) {
      r.error("secret_files", "this looks like a secret, not a file name: put the secret in a file readable "
                              "only by roadmapd and name that file here");
      return;
    }
  }
  for (const std::string& written : *files) {
    fs::path path = resolve_path(written, ctx.credentials_dir);
    auto secret = read_secret_file(path);
    if (!secret) {
      r.error("secret_files", secret.message());
      continue;
    }
    w.secret_files.push_back(std::move(path));
    w.secrets.push_back(std::move(secret.value()));
  }
}

void read_webhook_hook(table_reader& r, webhook_settings& w) {
  if (auto v = r.integer("hook_id", 1, std::numeric_limits<std::int64_t>::max())) w.hook_id = *v;
  if (auto v = r.string("hook_organization")) {
    if (is_login(*v)) w.hook_organization = *v;
    else r.error("hook_organization", "\"" + *v + "\" is not a GitHub organization login");
  }
  if (auto v = r.string("hook_repository")) {
    const auto slash = v->find('/');
    if (slash != std::string::npos && is_login(v->substr(0, slash)) && is_repo_name(v->substr(slash + 1))) {
      w.hook_repository = *v;
    } else {
      r.error("hook_repository", "\"" + *v + "\" is not of the form \"owner/name\"");
    }
  }
  if (r.has("hook_organization") && r.has("hook_repository")) {
    r.error("hook_repository", "set hook_organization or hook_repository, not both: a hook belongs to one of them");
  }
}

void read_webhook(table_reader& r, settings& s, const context& ctx) {
  webhook_settings w;
  if (auto v = r.string("listen")) {
    if (auto address = parse_listen_address(*v)) {
      w.listen_host = address->host;
      w.listen_port = address->port;
    } else {
      r.error("listen", address.message());
    }
  }
  if (auto v = r.string("path")) {
    // The path is compared with the request target byte for byte.
    if (!v->starts_with("/") || v->find_first_of("?# ") != std::string::npos || has_control_char(*v)) {
      r.error("path", "\"" + *v + "\" is not a URL path (write it like \"/webhook\")");
    } else if (std::find(std::begin(reserved_paths), std::end(reserved_paths), *v) != std::end(reserved_paths)) {
      r.error("path", "\"" + *v + "\" is taken by the server itself (/healthz, /readyz, /metrics)");
    } else {
      w.path = *v;
    }
  }
  read_webhook_secrets(r, w, ctx);
  if (auto v = r.integer("max_connections", 1, 100'000)) w.max_connections = static_cast<int>(*v);
  if (auto v = r.duration("header_timeout", seconds(1))) w.header_timeout = *v;
  if (auto v = r.duration("body_timeout", seconds(1))) w.body_timeout = *v;
  if (auto v = r.duration("idle_timeout", seconds(1))) w.idle_timeout = *v;
  // GitHub sends at most 25 MB; a larger limit only lets others make roadmapd buffer more.
  if (auto v = r.integer("max_body_bytes", 1024, 25 * 1024 * 1024)) w.max_body_bytes = static_cast<std::size_t>(*v);
  const auto payloads = r.duration("payload_retention", seconds(3600));
  const auto deliveries = r.duration("delivery_retention", seconds(3600));
  if (payloads) w.payload_retention = *payloads;
  if (deliveries) w.delivery_retention = *deliveries;
  const bool both_valid =
      (payloads || !r.has("payload_retention")) && (deliveries || !r.has("delivery_retention"));
  if (both_valid && w.delivery_retention < w.payload_retention) {
    // A stored payload needs its delivery id, which is what recognises a repeated delivery.
    r.error(r.has("delivery_retention") ? "delivery_retention" : "payload_retention",
            "delivery_retention (" + format_duration(w.delivery_retention) + ") must not be shorter than "
            "payload_retention (" + format_duration(w.payload_retention) + ")");
  }
  if (auto v = r.duration("ready_max_sync_age", seconds(1))) {
    w.ready_max_sync_age = *v;
    if (w.ready_max_sync_age < s.sync.interval) {
      r.error("ready_max_sync_age", "ready_max_sync_age (" + format_duration(w.ready_max_sync_age) +
                                        ") is shorter than [sync] interval (" + format_duration(s.sync.interval) +
                                        "): /readyz would fail between two passes");
    }
  }
  read_webhook_hook(r, w);
  s.webhook = std::move(w);
}

void read_admin(table_reader& r, settings& s, const context&) {
  admin_settings a;
  if (auto v = r.string("listen", true)) {
    if (auto address = parse_listen_address(*v)) {
      a.listen_host = address->host;
      a.listen_port = address->port;
    } else {
      r.error("listen", address.message());
    }
  }
  if (auto v = r.integer("max_connections", 1, 10'000)) a.max_connections = static_cast<int>(*v);
  if (s.webhook && a.listen_port != 0 && a.listen_port == s.webhook->listen_port && a.listen_host == s.webhook->listen_host) {
    r.error("listen", "is [webhook] listen too: give the admin endpoints an address of their own");
  }
  s.admin = std::move(a);
}

void read_rules_section(table_reader& r, settings& s, const context&) { read_rules(r, s.rules); }

void read_rule_sets_section(table_reader& r, settings& s, const context&) { read_rule_sets(r, s.rules); }

enum class shape { table, array_of_tables };

// What a missing section means: a mistake, its defaults, or a feature turned off.
enum class when_absent { error, defaults, off };

struct section {
  std::string_view name;
  shape form;
  when_absent absent;
  void (*read)(table_reader&, settings&, const context&);
};

// File order does not matter to the reader; this order is the one docs/config.md follows.
constexpr section sections[] = {
    {"github", shape::table, when_absent::error, read_github},
    {"storage", shape::table, when_absent::error, read_storage},
    {"sync", shape::table, when_absent::defaults, read_sync},
    {"log", shape::table, when_absent::defaults, read_log},
    {"service", shape::table, when_absent::defaults, read_service},
    {"history", shape::table, when_absent::defaults, read_history},
    {"progress", shape::table, when_absent::defaults, read_progress},
    {"webhook", shape::table, when_absent::off, read_webhook},
    {"admin", shape::table, when_absent::off, read_admin},
    {"report", shape::table, when_absent::off, read_report},
    {"project", shape::array_of_tables, when_absent::defaults, read_project},
    {"repository", shape::array_of_tables, when_absent::defaults, read_repository},
    // [rules] before [rule_sets]: a set's labels are checked against the exemption label.
    {"rules", shape::table, when_absent::defaults, read_rules_section},
    {"rule_sets", shape::table, when_absent::defaults, read_rule_sets_section},
};

void read_section(const section& sec, const toml::table& root, settings& s, const context& ctx, diagnostics& diag) {
  const toml::node* node = root.get(sec.name);
  if (!node) {
    if (sec.absent == when_absent::error) {
      diag.add(0, "", "required section [" + std::string(sec.name) + "] is missing");
    } else if (sec.absent == when_absent::defaults && sec.form == shape::table) {
      // Read an empty table anyway so the section's defaults and cross-checks apply.
      const toml::table empty;
      table_reader r(empty, std::string(sec.name), diag);
      sec.read(r, s, ctx);
    }
    return;
  }
  const int line = static_cast<int>(node->source().begin.line);
  if (sec.form == shape::table) {
    if (const toml::table* table = node->as_table()) {
      table_reader r(*table, std::string(sec.name), diag);
      sec.read(r, s, ctx);
      r.finish();
    } else {
      diag.add(line, sec.name, "expected a table ([" + std::string(sec.name) + "]), got " + std::string(describe(node->type())));
    }
    return;
  }
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    diag.add(line, sec.name,
             "expected [[" + std::string(sec.name) + "]] blocks, got " +
                 std::string(array ? "an array of other values" : describe(node->type())));
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    table_reader r(*array->get(i)->as_table(), std::string(sec.name) + "[" + std::to_string(i) + "]", diag);
    sec.read(r, s, ctx);
    r.finish();
  }
}

}  // namespace

result<settings> parse(std::string_view text, const fs::path& file, const std::optional<fs::path>& credentials_dir) {
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    return make_error(file.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                      std::to_string(e.source().begin.column) + ": invalid TOML: " + std::string(e.description()));
  }

  settings s;
  s.source = fs::absolute(file).lexically_normal();
  s.github.api_url = "https://api.github.com";
  s.github.graphql_url = "https://api.github.com/graphql";
  s.github.user_agent = "roadmapd/" ROADMAPD_VERSION;
  const context ctx{s.source.parent_path(),
                    credentials_dir ? fs::absolute(*credentials_dir).lexically_normal() : s.source.parent_path(),
                    rule_set_names(root), file.string()};

  diagnostics diag(file.string());
  std::vector<std::string> names;
  for (const section& sec : sections) names.emplace_back(sec.name);
  for (auto&& [key, node] : root) {
    if (std::find(names.begin(), names.end(), key.str()) != names.end()) continue;
    std::string message = "unknown section";
    if (auto suggestion = closest(key.str(), names)) message += " (did you mean \"" + *suggestion + "\"?)";
    diag.add(static_cast<int>(key.source().begin.line), key.str(), message);
  }
  for (const section& sec : sections) read_section(sec, root, s, ctx, diag);
  if (!root.contains("project") && !root.contains("repository")) {
    diag.add(0, "", "nothing to mirror: add at least one [[project]] or [[repository]]");
  }
  if (s.report && !s.report->publish_repo.empty() &&
      std::none_of(s.repositories.begin(), s.repositories.end(),
                   [&](const auto& r) { return iequals(r.full_name(), s.report->publish_repo); })) {
    const auto* node = root.at_path("report.publish_issue").node();
    diag.add(node ? static_cast<int>(node->source().begin.line) : 0, "report.publish_issue",
             s.report->publish_repo + " is not a configured [[repository]]: roadmapd publishes to issues it mirrors");
  }
  if (!diag.empty()) return make_error(diag.str());
  if (s.github.app && !s.github.app->installation_id) {
    // An installation belongs to one account; the first board's owner is the likeliest.
    s.github.app->installation_owner = s.projects.empty() ? s.repositories.front().owner : s.projects.front().owner;
  }
  return s;
}

shared_settings borrow(const settings& s) {
  // The aliasing constructor with an empty owner: a pointer that never deletes.
  return shared_settings(std::shared_ptr<const settings>(), &s);
}

result<settings> load(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::error_code ec;
  if (fs::is_directory(file, ec)) return make_error(file.string() + ": cannot read: it is a directory");
  if (!in) return make_error(file.string() + ": cannot read: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  std::optional<fs::path> credentials_dir;
  // systemd's LoadCredential= puts secrets there and sets this variable.
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir) credentials_dir = fs::path(dir);
  return parse(text.str(), file, credentials_dir);
}

}  // namespace roadmapd::config
