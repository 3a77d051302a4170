// The daemon's settings, read from one TOML file a maintainer edits (see docs/config.md).
// load/parse return every problem as "file:line: key: what is wrong" and never throw for bad input.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "config/duration.hpp"
#include "config/rules_settings.hpp"
#include "util/result.hpp"

namespace roadmapd::config {

// [github] app_id, installation_id, private_key_file: roadmapd authenticates as an installation of a
// GitHub App instead of with token_file (docs/config.md).
struct github_app_settings {
  long long app_id = 0;
  std::optional<long long> installation_id;  // absent: looked up for installation_owner
  std::string installation_owner;            // derived: owner of the first [[project]], else [[repository]]
  std::filesystem::path private_key_file;    // resolved like token_file, absolute
  std::string private_key;                   // the file's PEM text; NEVER logged
};

struct github_settings {
  std::string api_url;                 // as written, trailing '/' removed
  std::string graphql_url;             // derived: ".../api/v3" -> ".../api/graphql"; otherwise api_url + "/graphql"
  std::filesystem::path token_file;    // resolved, absolute; empty with app
  std::string token;                   // file contents, surrounding whitespace trimmed; NEVER logged; empty with app
  std::optional<github_app_settings> app;  // exactly one of token_file and app is set
  std::filesystem::path ca_file;       // resolved, absolute; empty if not set
  std::string user_agent;
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds secondary_limit_wait{60};
  int max_attempts = 6;
};

struct storage_settings {
  std::filesystem::path database;      // resolved, absolute
};

struct sync_settings {
  std::chrono::seconds interval{300};
  std::chrono::seconds full_resync{6 * 3600};
};

struct log_settings {
  std::string level = "info";          // trace, debug, info, warn, error
};

// [service]: how the running daemon behaves as a service (docs/config.md, docs/deploy.md).
struct service_settings {
  // SIGTERM/SIGINT: how long in-flight work (a webhook being stored or applied, a sync pass, rule
  // actions) may take to finish before what remains is parked for the next start. Below systemd's
  // TimeoutStopSec= (90 s in roadmapd.service), so that systemd never has to SIGKILL.
  std::chrono::seconds stop_timeout{30};
};

struct project_settings {
  std::string owner;                   // organization or user login
  int number = 0;
  std::string name;                    // display name; empty: use the board's title
  std::string rule_set = "default";    // which [rule_sets.NAME] judges its items
  int line = 0;                        // of its [[project]] header, for messages
};

struct repository_settings {
  std::string owner, name;             // split from "owner/name"
  std::string full_name() const;       // "owner/name"
  std::vector<std::string> tracking_issue_labels;
  std::string tracking_issue_title;    // regex source, may be empty
  std::optional<std::regex> tracking_title_regex;
  // True if any label matches one of tracking_issue_labels (case-insensitively, as GitHub
  // compares label names) or the title matches tracking_title_regex anywhere.
  bool is_tracking_issue(const std::vector<std::string>& labels, std::string_view title) const;
  int line = 0;                        // of its [[repository]] header, for messages
};

// [history]: the change log (docs/schema.md, "Change log"). GitHub keeps no history of field values,
// so roadmapd's starts with each board's first complete read.
struct history_settings {
  bool enabled = true;
  std::optional<std::chrono::seconds> retention;  // rows older than this are deleted; absent = keep all
};

// [progress]: the progress model (docs/progress.md).
struct progress_settings {
  std::chrono::seconds stale_after{42 * 86400};      // no progress, PR activity or comment this long: stale
  std::chrono::seconds forecast_window{84 * 86400};  // the pace is taken over this much of the past
};

// [report]: present with publish_issue = the daemon publishes the report of what changed, on a
// schedule, as one comment it keeps up to date on that issue (docs/reports.md).
struct report_settings {
  std::string publish_repo;                        // "apache/tvm" (a configured [[repository]])
  int publish_number = 0;
  std::chrono::seconds publish_every{7 * 86400};   // how often; each report covers the time since the last
  std::optional<std::string> board;                // one board, else all
};

// [webhook]: present = the daemon serves GitHub webhooks (docs/config.md, docs/webhooks.md).
struct webhook_settings {
  std::string listen_host = "127.0.0.1";   // from listen = "HOST:PORT" ([::1]:PORT for IPv6), brackets removed
  std::uint16_t listen_port = 8080;        // 0 = pick a free port (tests); the daemon logs the port it got
  std::string path = "/webhook";
  std::vector<std::filesystem::path> secret_files;  // resolved like token_file; at least one
  std::vector<std::string> secrets;        // their contents, trimmed, in secret_files order; NEVER logged
  int max_connections = 256;
  std::chrono::seconds header_timeout{10}; // deadline for the request line + headers
  std::chrono::seconds body_timeout{30};   // deadline for the body
  std::chrono::seconds idle_timeout{60};   // keep-alive idle
  std::size_t max_body_bytes = 25 * 1024 * 1024;
  std::chrono::seconds payload_retention{3 * 86400};
  std::chrono::seconds delivery_retention{7 * 86400};
  std::chrono::seconds ready_max_sync_age{3600};  // /readyz fails when the last successful pass is older
  // The hook whose deliveries `roadmapd redeliver` lists: an organization hook or a repository hook.
  std::optional<long long> hook_id;
  std::string hook_organization;           // "apache"  -> /orgs/apache/hooks/{id}/deliveries
  std::string hook_repository;             // "apache/tvm" -> /repos/apache/tvm/hooks/{id}/deliveries
};

// [admin]: present = /healthz, /readyz and /metrics have a listener of their own (docs/config.md),
// so that a full webhook endpoint never refuses a health check, and the webhook port, which GitHub
// must reach, need not expose metrics. Absent: they are served on [webhook] listen.
struct admin_settings {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 0;
  int max_connections = 16;
};

struct settings {
  std::filesystem::path source;        // absolute path of the file read
  github_settings github;
  storage_settings storage;
  sync_settings sync;
  log_settings log;
  service_settings service;
  history_settings history;
  progress_settings progress;
  std::optional<report_settings> report;   // absent section = no publishing
  std::vector<project_settings> projects;
  std::vector<repository_settings> repositories;
  std::optional<webhook_settings> webhook;  // absent section = webhooks off
  std::optional<admin_settings> admin;      // absent section = health and metrics on the webhook listener
  rules_settings rules;                // [rules] and [rule_sets.*]; defaults when absent
  // Valid but probably not meant: "file:line: key: message" each (an http:// api_url, a database
  // directory that does not exist). check-config prints them, the daemon logs them at start.
  std::vector<std::string> warnings;
};

// Settings shared by the parts of the running daemon. A reload swaps in a new snapshot; a part takes
// the current one at the start of a unit of work (a sync pass, a webhook batch, a rule run) and
// keeps it until the end, so the settings under a suspended coroutine are never freed or changed.
using shared_settings = std::shared_ptr<const settings>;

// A snapshot that does not own `s` (for callers whose settings outlive the part: tests, one-shot
// commands).
shared_settings borrow(const settings& s);

// Reads, validates and resolves a config file. Credentials dir: $CREDENTIALS_DIRECTORY if set.
result<settings> load(const std::filesystem::path& file);

// Same from text (tests); `file` names the source in messages and anchors relative paths.
// The error message holds one line per problem, in file order.
result<settings> parse(std::string_view text, const std::filesystem::path& file,
                       const std::optional<std::filesystem::path>& credentials_dir = std::nullopt);

}  // namespace roadmapd::config
