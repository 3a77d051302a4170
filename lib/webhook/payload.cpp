// payload, repository_of, decode_issue (see payload.hpp).
#include "webhook/payload.hpp"

#include <algorithm>
#include <cctype>

#include <rapidjson/error/en.h>

namespace roadmapd::webhook {

namespace {

std::string upper(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// json_object has no optional boolean; webhooks leave some out (draft on older payloads).
bool opt_boolean(const sync::json_object& o, const char* key) {
  if (!o.valid()) return false;
  auto it = o.raw()->FindMember(key);
  if (it == o.raw()->MemberEnd() || it->value.IsNull()) return false;
  if (!it->value.IsBool()) {
    o.errors().add(o.path() + "." + key, "expected a boolean");
    return false;
  }
  return it->value.GetBool();
}

}  // namespace

payload::payload(std::string event, std::optional<std::string> action)
    : event_(std::move(event)), action_(action.value_or("")) {}

result<void> payload::parse(std::string_view json) {
  doc_.Parse(json.data(), json.size());
  if (doc_.HasParseError()) {
    return make_error("malformed payload: not JSON: " + std::string(rapidjson::GetParseError_En(doc_.GetParseError())) +
                      " (at byte " + std::to_string(doc_.GetErrorOffset()) + ")");
  }
  auto top = root();
  if (!top.valid()) return make_error(problem());
  if (action_.empty()) action_ = top.opt_string("action").value_or("");
  if (failed()) return make_error(problem());
  return {};
}

std::optional<std::string> repository_of(const payload& p) {
  auto repo = p.root().opt_object("repository");
  if (!repo) return std::nullopt;
  return repo->string("full_name");
}

model::issue decode_issue(const sync::json_object& node, const std::string& repo, bool pull_request) {
  model::issue is;
  is.id = node.string("node_id");
  is.repo = repo;
  is.number = node.integer("number");
  is.is_pull_request = pull_request;
  is.title = node.string("title");
  is.body = node.opt_string("body").value_or("");
  is.state = upper(node.string("state"));
  // "completed", "not_planned", "reopened": GraphQL's stateReason in lower case.
  if (!pull_request) {
    if (auto reason = node.opt_string("state_reason")) is.state_reason = upper(*reason);
  }
  if (auto user = node.opt_object("user")) is.author = user->string("login");
  is.url = node.string("html_url");
  is.created_at = node.string("created_at");
  is.updated_at = node.string("updated_at");
  is.closed_at = node.opt_string("closed_at");
  for (const auto& a : node.array("assignees")) {
    if (a.valid()) is.assignees.push_back(a.string("login"));
  }
  for (const auto& l : node.array("labels")) {
    if (l.valid()) is.labels.push_back(l.string("name"));
  }
  if (auto m = node.opt_object("milestone")) is.milestone = m->string("title");
  if (pull_request) {
    is.merged = opt_boolean(node, "merged");
    is.merged_at = node.opt_string("merged_at");
    is.draft = opt_boolean(node, "draft");
    if (is.merged) is.state = "MERGED";
  }
  return is;
}

}  // namespace roadmapd::webhook
