// Hook deliveries over REST: decoding GitHub's delivery summaries, cursor paging through the Link
// header, and choosing what to redeliver the way GitHub's own redelivery script does (group by guid,
// skip a guid that has succeeded since).
#include "github/hook_deliveries.hpp"

#include <algorithm>
#include <map>

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "github/json.hpp"
#include "util/time.hpp"

namespace roadmapd::github {
namespace {

namespace asio = boost::asio;

// What a maintainer checks when GitHub refuses: the hook named in the config and the token's scope.
std::string hint(const hook_ref& hook, const std::string& cause) {
  if (cause.find(" 404") == std::string::npos && cause.find("(404") == std::string::npos) return cause;
  const bool org = !hook.organization.empty();
  return cause + " (check [webhook] hook_id and " + (org ? "hook_organization" : "hook_repository") +
         "; the token needs the " + (org ? "admin:org_hook" : "admin:repo_hook") + " scope)";
}

}  // namespace

std::string hook_ref::path() const {
  const std::string id_text = std::to_string(id);
  if (!organization.empty()) return "/orgs/" + organization + "/hooks/" + id_text;
  return "/repos/" + repository + "/hooks/" + id_text;
}

std::string hook_ref::describe() const {
  if (!organization.empty()) return "hook " + std::to_string(id) + " of organization " + organization;
  return "hook " + std::to_string(id) + " of repository " + repository;
}

result<std::vector<hook_delivery>> parse_hook_deliveries(std::string_view json) {
  auto doc = parse_json(json);
  if (!doc) return make_error(doc.message());
  const rapidjson::Document& d = **doc;
  if (!d.IsArray()) return make_error("expected a JSON array of deliveries");
  std::vector<hook_delivery> out;
  for (rapidjson::SizeType i = 0; i < d.Size(); ++i) {
    const rapidjson::Value& v = d[i];
    const std::string at = "[" + std::to_string(i) + "]";
    if (!v.IsObject()) return make_error(at + ": expected an object");
    hook_delivery h;
    auto id = integer_member(v, "id");
    if (!id) return make_error(at + ".id: expected an integer");
    h.id = *id;
    auto guid = string_member(v, "guid");
    if (!guid) return make_error(at + ".guid: expected a string");
    h.guid = *guid;
    auto delivered_at = string_member(v, "delivered_at");
    std::optional<std::chrono::system_clock::time_point> when;
    if (delivered_at) when = util::parse_iso8601(*delivered_at);
    if (!when) return make_error(at + ".delivered_at: expected an ISO-8601 time");
    h.delivered_at = *delivered_at;
    h.delivered = *when;
    auto code = integer_member(v, "status_code");
    if (!code) return make_error(at + ".status_code: expected an integer");
    h.status_code = static_cast<int>(*code);
    auto event = string_member(v, "event");
    if (!event) return make_error(at + ".event: expected a string");
    h.event = *event;
    // Optional on GitHub's side: action is null for events without one.
    if (auto action = string_member(v, "action")) h.action = *action;
    if (auto status = string_member(v, "status")) h.status = *status;
    if (const auto* r = find_member(v, "redelivery"); r != nullptr && r->IsBool()) h.redelivery = r->GetBool();
    out.push_back(std::move(h));
  }
  return out;
}

std::optional<std::string> next_page_cursor(std::string_view link_header) {
  // Link: <https://api.github.com/...?per_page=100&cursor=v1_1>; rel="next", <...>; rel="prev"
  std::size_t pos = 0;
  while (pos < link_header.size()) {
    const auto open = link_header.find('<', pos);
    if (open == std::string_view::npos) break;
    const auto close = link_header.find('>', open);
    if (close == std::string_view::npos) break;
    const auto end = std::min(link_header.find('<', close), link_header.size());
    const std::string_view params = link_header.substr(close + 1, end - close - 1);
    pos = end;
    if (params.find("rel=\"next\"") == std::string_view::npos) continue;
    auto url = boost::urls::parse_uri_reference(link_header.substr(open + 1, close - open - 1));
    if (!url) return std::nullopt;
    auto it = url->params().find("cursor");
    if (it == url->params().end() || !(*it).has_value || (*it).value.empty()) return std::nullopt;
    return std::string((*it).value);
  }
  return std::nullopt;
}

std::vector<hook_delivery> failed_deliveries(const std::vector<hook_delivery>& deliveries,
                                             std::chrono::system_clock::time_point since) {
  struct by_guid {
    const hook_delivery* latest = nullptr;
    bool succeeded = false;
    bool recent = false;
  };
  std::map<std::string, by_guid> guids;
  for (const hook_delivery& d : deliveries) {
    by_guid& g = guids[d.guid];
    g.succeeded = g.succeeded || d.succeeded();
    g.recent = g.recent || d.delivered >= since;
    if (g.latest == nullptr || d.id > g.latest->id) g.latest = &d;
  }
  std::vector<hook_delivery> out;
  for (const auto& [guid, g] : guids) {
    if (g.recent && !g.succeeded) out.push_back(*g.latest);
  }
  std::sort(out.begin(), out.end(), [](const hook_delivery& a, const hook_delivery& b) {
    return a.delivered != b.delivered ? a.delivered < b.delivered : a.id < b.id;
  });
  return out;
}

asio::awaitable<result<std::vector<hook_delivery>>> list_hook_deliveries(rest_client& client, const hook_ref& hook,
                                                                       std::chrono::system_clock::time_point since) {
  std::vector<hook_delivery> out;
  std::optional<std::string> cursor;
  for (int page = 1;; ++page) {
    std::string target = hook.path() + "/deliveries?per_page=100";
    if (cursor) target += "&cursor=" + boost::urls::encode(*cursor, boost::urls::unreserved_chars);
    auto answer = co_await client.request("GET", target);
    if (!answer) co_return make_error("listing deliveries of " + hook.describe() + ": " + hint(hook, answer.message()));
    auto deliveries = parse_hook_deliveries(answer->body);
    if (!deliveries) {
      co_return make_error("listing deliveries of " + hook.describe() + ": GitHub's answer (page " +
                           std::to_string(page) + "): " + deliveries.message());
    }
    bool reached_since = false;
    for (hook_delivery& d : *deliveries) {
      if (d.delivered >= since) out.push_back(std::move(d));
      else reached_since = true;
    }
    auto link = answer->header("link");
    cursor = link ? next_page_cursor(*link) : std::nullopt;
    if (reached_since || !cursor || deliveries->empty()) break;
  }
  co_return out;
}

asio::awaitable<result<void>> redeliver(rest_client& client, const hook_ref& hook, long long delivery_id) {
  auto answer =
      co_await client.request("POST", hook.path() + "/deliveries/" + std::to_string(delivery_id) + "/attempts");
  if (!answer) {
    co_return make_error("redelivering delivery " + std::to_string(delivery_id) + " of " + hook.describe() + ": " +
                         hint(hook, answer.message()));
  }
  co_return result<void>();
}

}  // namespace roadmapd::github
