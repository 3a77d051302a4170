// The webhook intake (see intake.hpp): header checks in a fixed order, form decoding, the commit to
// the inbox, and the answer GitHub shows in the hook's "Recent Deliveries".
#include "webhook/intake.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <optional>

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/error/en.h>
#include <spdlog/spdlog.h>

#include "util/result.hpp"
#include "webhook/inbox.hpp"
#include "webhook/signature.hpp"

namespace roadmapd::webhook {
namespace {

// X-GitHub-Event values GitHub documents ("Webhook events and payloads"). A name outside this list
// is answered 400 and not stored; a listed event the worker has no handler for is stored and then
// marked ignored, so that adding a handler later needs no change here.
constexpr std::string_view github_events[] = {
    "branch_protection_configuration", "branch_protection_rule", "check_run", "check_suite",
    "code_scanning_alert", "commit_comment", "create", "custom_property", "custom_property_values", "delete",
    "dependabot_alert", "deploy_key", "deployment", "deployment_protection_rule", "deployment_review",
    "deployment_status", "discussion", "discussion_comment", "fork", "github_app_authorization", "gollum",
    "installation", "installation_repositories", "installation_target", "issue_comment", "issue_dependencies",
    "issues", "label", "marketplace_purchase", "member", "membership", "merge_group", "meta", "milestone",
    "org_block", "organization", "package", "page_build", "personal_access_token_request", "ping", "project",
    "project_card", "project_column", "projects_v2", "projects_v2_item", "projects_v2_status_update", "public",
    "pull_request", "pull_request_review", "pull_request_review_comment", "pull_request_review_thread", "push",
    "registry_package", "release", "repository", "repository_advisory", "repository_dispatch",
    "repository_import", "repository_ruleset", "repository_vulnerability_alert", "secret_scanning_alert",
    "secret_scanning_alert_location", "secret_scanning_scan", "security_advisory", "security_and_analysis",
    "sponsorship", "star", "status", "sub_issues", "team", "team_add", "watch", "workflow_dispatch",
    "workflow_job", "workflow_run", "code_scanning_autofix", "dependabot_autofix", "repository_advisory_report"};

bool is_name(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Delivery ids are GUIDs; accept what could be one (they end up in logs and the database).
bool is_delivery_id(std::string_view s) {
  return !s.empty() && s.size() <= 100 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "application/json; charset=utf-8" -> "application/json"
std::string_view media_type(std::string_view content_type) {
  return trim(content_type.substr(0, content_type.find(';')));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding of one key or value; nullopt for a broken %-escape.
std::optional<std::string> form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The decoded value of the form's payload field (GitHub's form-encoded deliveries), or a message.
result<std::string> form_payload(std::string_view body) {
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    const auto eq = pair.find('=');
    const auto key = form_decode(pair.substr(0, eq));
    if (!key || *key != "payload") continue;
    auto value = form_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!value) return make_error("the form's payload field has a broken %-escape");
    return std::move(*value);
  }
  return make_error("the form body has no payload field");
}

// The payload's top-level "action", when the payload is a JSON object that has one. A payload that
// does not parse is stored all the same: the worker records why it failed, where a maintainer sees it.
// A SAX scan that stops at the answer: GitHub writes "action" first, so the intake reads a few bytes
// of the payload instead of building a document the worker builds again anyway.
class action_scan : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, action_scan> {
 public:
  std::optional<std::string> action;

  bool StartObject() { return ++depth_, true; }
  bool EndObject(rapidjson::SizeType) { return --depth_, true; }
  bool StartArray() { return depth_ == 0 ? false : (++depth_, true); }  // a top-level array has no action
  bool EndArray(rapidjson::SizeType) { return --depth_, true; }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    next_is_action_ = depth_ == 1 && std::string_view(s, n) == "action";
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (!next_is_action_) return true;
    action.emplace(s, n);
    return false;  // found: stop reading
  }
  // Any other value: an "action" that is not a string is no action; keep looking for a later key.
  bool Default() {
    next_is_action_ = false;
    return true;
  }

 private:
  int depth_ = 0;
  bool next_is_action_ = false;
};

std::optional<std::string> payload_action(const std::string& payload) {
  action_scan scan;
  rapidjson::Reader reader;
  rapidjson::MemoryStream in(payload.data(), payload.size());
  reader.Parse<rapidjson::kParseStopWhenDoneFlag>(in, scan);
  return std::move(scan.action);
}

// X-GitHub-Hook-ID is only kept when it is what GitHub sends: a number.
std::string_view hook_id_of(const http::request& req) {
  const auto v = req.header("X-GitHub-Hook-ID");
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!v || v->empty() || v->size() > 20 || !std::all_of(v->begin(), v->end(), digit)) return {};
  return *v;
}

// Which hook a ping is from: X-GitHub-Hook-ID, else the payload's top-level "hook_id" (a ping is small).
std::string ping_hook(const http::request& req, const std::string& payload) {
  if (const auto header = hook_id_of(req); !header.empty()) return std::string(header);
  rapidjson::Document doc;
  doc.Parse(payload.data(), payload.size());
  if (!doc.HasParseError() && doc.IsObject()) {
    if (const auto it = doc.FindMember("hook_id"); it != doc.MemberEnd() && it->value.IsUint64()) {
      return std::to_string(it->value.GetUint64());
    }
  }
  return "unknown: no X-GitHub-Hook-ID header or hook_id";
}

}  // namespace

bool is_github_event(std::string_view name) {
  return std::find(std::begin(github_events), std::end(github_events), name) != std::end(github_events);
}

intake::intake(inbox& box, intake_options options, intake_observer* observer)
    : box_(box), options_(std::move(options)), observer_(observer) {}

std::string_view event_label(const http::request& req) {
  const auto event = req.header("X-GitHub-Event");
  if (!event || event->empty()) return "none";
  return is_github_event(*event) ? *event : std::string_view("other");
}

http::response intake::reject(std::string_view event, int status, std::string_view reason, std::string_view message) {
  if (observer_) observer_->on_rejected(reason, event);
  return http::response::text(status, message);
}

std::variant<http::response, new_delivery> intake::check(const http::request& req) {
  const auto delivery_header = req.header("X-GitHub-Delivery");
  // Only an id that looks like one reaches a log line; the rest is the client's to explain.
  const std::string_view delivery_for_log =
      delivery_header && is_delivery_id(*delivery_header) ? *delivery_header : std::string_view("(none)");
  const std::string_view remote = req.remote_address.empty() ? std::string_view("(unknown)") : req.remote_address;

  const auto signature = req.header("X-Hub-Signature-256");
  if (!signature) {
    spdlog::warn("webhook: rejected delivery {} from {}: no X-Hub-Signature-256 header (is the hook's secret set?)",
                 delivery_for_log, remote);
    return reject(event_label(req), 401, "missing_signature", "missing X-Hub-Signature-256 header");
  }
  if (!signature_matches(*signature, req.body, options_.secrets)) {
    spdlog::warn("webhook: rejected delivery {} from {}: X-Hub-Signature-256 does not match any configured secret",
                 delivery_for_log, remote);
    return reject(event_label(req), 401, "bad_signature", "signature does not match");
  }

  const auto event = req.header("X-GitHub-Event");
  if (!event || event->empty()) return reject(event_label(req), 400, "missing_event", "missing X-GitHub-Event header");
  if (!delivery_header || delivery_header->empty()) {
    return reject(event_label(req), 400, "missing_delivery", "missing X-GitHub-Delivery header");
  }
  if (!is_delivery_id(*delivery_header)) {
    return reject(event_label(req), 400, "malformed_delivery", "malformed X-GitHub-Delivery header (expected a GUID)");
  }
  if (!is_name(*event)) return reject(event_label(req), 400, "unsupported_event", "malformed X-GitHub-Event header");
  if (!is_github_event(*event)) {
    return reject(event_label(req), 400, "unsupported_event", "unsupported event '" + std::string(*event) + "'");
  }

  const auto content_type = req.header("Content-Type");
  const std::string_view media = content_type ? media_type(*content_type) : std::string_view{};
  std::string payload;
  if (http::iequals(media, "application/json")) {
    payload = req.body;
  } else if (http::iequals(media, "application/x-www-form-urlencoded")) {
    auto decoded = form_payload(req.body);
    if (!decoded) return reject(event_label(req), 400, "malformed_form", decoded.message());
    payload = std::move(*decoded);
  } else {
    const std::string cause =
        content_type ? "unsupported content type '" + std::string(media) + "'" : "missing Content-Type header";
    return reject(event_label(req), 415, "unsupported_content_type", cause + "; set the hook's content type to application/json");
  }

  // GitHub pings a hook when it is created or when asked to; nothing in it changes the mirror.
  if (*event == "ping") {
    if (observer_) observer_->on_ping();
    spdlog::info("webhook: ping {} from {} (hook {})", *delivery_header, remote, ping_hook(req, payload));
    return http::response::text(200, "pong");
  }

  return new_delivery{std::string(*delivery_header), std::string(*event), payload_action(payload),
                          std::string(hook_id_of(req)), std::move(payload)};
}

http::response intake::answer(const new_delivery& d, std::optional<add_outcome> outcome) {
  if (!outcome) return reject(d.event, 500, "store_failed", "could not store the delivery");
  if (*outcome == add_outcome::duplicate) {
    if (observer_) observer_->on_duplicate(d.event);
    spdlog::debug("webhook: delivery {} ({}) was already stored", d.delivery_id, d.event);
    return http::response::text(200, "duplicate delivery");
  }
  spdlog::debug("webhook: stored delivery {} ({}{}{})", d.delivery_id, d.event, d.action ? "." : "",
                d.action ? *d.action : "");
  if (observer_) {
    observer_->on_accepted(d.event);
    observer_->on_stored();
  }
  return http::response::text(202, "accepted");
}

http::response intake::handle(const http::request& req) {
  auto checked = check(req);
  if (auto* answered = std::get_if<http::response>(&checked)) return std::move(*answered);
  const auto& d = std::get<new_delivery>(checked);
  std::optional<add_outcome> outcome;
  try {
    outcome = box_.add(d.delivery_id, d.event, d.action, d.hook_id, d.payload);
  } catch (const std::exception& e) {
    spdlog::error("webhook: could not store delivery {} ({}): {}", d.delivery_id, d.event, e.what());
  }
  return answer(d, outcome);
}

}  // namespace roadmapd::webhook
