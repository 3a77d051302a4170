// check_online (see online.hpp): one request for the viewer and the scopes, then one per board and
// per repository, each a small document of its own (queries/*.graphql).
#include "preflight/online.hpp"

#include "github/json.hpp"
#include "preflight/needs.hpp"
#include "preflight/queries.hpp"
#include "sync/variables.hpp"

namespace roadmapd::preflight {

namespace asio = boost::asio;

namespace {

// data.a.b...: the value at a path, or nullptr.
const rapidjson::Value* at(const rapidjson::Value* v, std::initializer_list<const char*> path) {
  for (const char* key : path) {
    if (v == nullptr || !v->IsObject()) return nullptr;
    v = github::find_member(*v, key);
  }
  return v != nullptr && !v->IsNull() ? v : nullptr;
}

// GitHub's own message for a target it would not give (NOT_FOUND and the like), if it sent one.
std::string why_not(const github::graphql_response& r) {
  for (const auto& e : r.errors) {
    if (!e.message.empty()) return ": GitHub says \"" + e.message + "\"";
  }
  return {};
}

}  // namespace

asio::awaitable<online_report> check_online(const config::settings& s, github::graphql_client& client,
                                            const github::app_auth* app) {
  online_report report;
  auto viewer = co_await client.execute(queries::viewer, "{}");
  if (!viewer) {
    report.problems.push_back("github: " + viewer.message());
    co_return report;  // without credentials nothing else can be asked
  }
  if (const auto* login = at(viewer->data, {"viewer", "login"}); login != nullptr && login->IsString()) {
    report.notes.push_back("authenticated as " + std::string(login->GetString()));
  }
  if (const auto* remaining = at(viewer->data, {"rateLimit", "remaining"}); remaining != nullptr && remaining->IsInt()) {
    report.notes.push_back(std::to_string(remaining->GetInt()) + " GraphQL points left this hour");
  }

  bool private_repositories = false;
  for (const auto& p : s.projects) {
    const std::string name = p.owner + "/" + std::to_string(p.number);
    auto answer = co_await client.execute(queries::board_access, sync::variables().set("owner", p.owner).set("number", p.number).json());
    if (!answer) {
      report.problems.push_back("board " + name + ": " + answer.message());
      continue;
    }
    const auto* owner = at(answer->data, {"repositoryOwner"});
    const auto* board = at(answer->data, {"repositoryOwner", "projectV2"});
    if (owner == nullptr) {
      report.problems.push_back("board " + name + ": GitHub has no user or organization \"" + p.owner + "\"" + why_not(*answer));
    } else if (board == nullptr) {
      report.problems.push_back("board " + name + ": not visible with this token (no project number " +
                                std::to_string(p.number) + " of \"" + p.owner + "\", or no access to it)" + why_not(*answer));
    } else if (const auto* closed = at(board, {"closed"}); closed != nullptr && closed->IsBool() && closed->GetBool()) {
      report.notes.push_back("board " + name + " is closed on GitHub: it is still synced");
    }
  }
  for (const auto& r : s.repositories) {
    const std::string name = r.full_name();
    auto answer = co_await client.execute(queries::repository_access, sync::variables().set("owner", r.owner).set("name", r.name).json());
    if (!answer) {
      report.problems.push_back("repository " + name + ": " + answer.message());
      continue;
    }
    const auto* repo = at(answer->data, {"repository"});
    if (repo == nullptr) {
      report.problems.push_back("repository " + name + ": not visible with this token (no such repository, or no access "
                                "to it)" + why_not(*answer));
      continue;
    }
    if (const auto* p = at(repo, {"isPrivate"}); p != nullptr && p->IsBool() && p->GetBool()) private_repositories = true;
  }

  if (app != nullptr) {
    for (auto& line : missing_permissions(app->permissions(), needed_permissions(s))) report.problems.push_back("github: " + line);
  } else if (viewer->oauth_scopes) {
    for (auto& line : missing_scopes(*viewer->oauth_scopes, needed_scopes(s, private_repositories))) {
      report.problems.push_back("github: " + line);
    }
    report.notes.push_back("token scopes: " + (viewer->oauth_scopes->empty() ? std::string("none") : *viewer->oauth_scopes));
  } else {
    // Fine-grained tokens list no scopes: what they may do shows only when it is done.
    report.notes.push_back("GitHub lists no scopes for this token (a fine-grained token): only what it can read was "
                           "checked; writes show at the first enforcement");
  }
  co_return report;
}

}  // namespace roadmapd::preflight
