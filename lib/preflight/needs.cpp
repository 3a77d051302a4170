// needed_scopes, needed_permissions and their comparison with what GitHub grants (see needs.hpp).
#include "preflight/needs.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace roadmapd::preflight {
namespace {

// The rule set a board is judged by (its own, else "default").
const config::rule_set* rule_set_of(const config::settings& s, const config::project_settings& p) {
  const auto& sets = s.rules.rule_sets;
  if (auto it = sets.find(p.rule_set); it != sets.end()) return &it->second;
  if (auto it = sets.find("default"); it != sets.end()) return &it->second;
  return nullptr;
}

bool board_dry_run(const config::settings& s, const config::project_settings& p) {
  const auto* set = rule_set_of(s, p);
  return set != nullptr && set->dry_run ? *set->dry_run : s.rules.dry_run;
}

// What each classic scope contains besides itself (GitHub's scope hierarchy).
const std::map<std::string, std::vector<std::string>>& implied() {
  static const std::map<std::string, std::vector<std::string>> table{
      {"repo", {"public_repo", "repo:status", "repo_deployment", "repo:invite", "security_events"}},
      {"project", {"read:project"}},
      {"admin:repo_hook", {"write:repo_hook", "read:repo_hook"}},
      {"write:repo_hook", {"read:repo_hook"}},
      {"admin:org", {"write:org", "read:org"}},
      {"write:org", {"read:org"}},
  };
  return table;
}

std::set<std::string> expand(const std::string& header) {
  std::set<std::string> out;
  std::stringstream in(header);
  std::string scope;
  while (std::getline(in, scope, ',')) {
    const auto first = scope.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    scope = scope.substr(first, scope.find_last_not_of(' ') - first + 1);
    out.insert(scope);
    if (auto it = implied().find(scope); it != implied().end()) out.insert(it->second.begin(), it->second.end());
  }
  return out;
}

}  // namespace

bool writes_issues(const config::settings& s) {
  return std::any_of(s.projects.begin(), s.projects.end(), [&](const auto& p) { return !board_dry_run(s, p); });
}

bool moves_items(const config::settings& s) {
  return std::any_of(s.projects.begin(), s.projects.end(), [&](const auto& p) {
    const auto* set = rule_set_of(s, p);
    return !board_dry_run(s, p) && set != nullptr && set->backlog.enabled;
  });
}

std::vector<need> needed_scopes(const config::settings& s, bool private_repositories) {
  std::vector<need> out;
  if (!s.projects.empty()) {
    if (moves_items(s)) {
      out.push_back({"project", "", "to move items to Backlog ([rule_sets] backlog, not in dry run)"});
    } else {
      out.push_back({"read:project", "", "to read the boards"});
    }
  }
  if (private_repositories) {
    out.push_back({"repo", "", "to read the private repositories"});
  } else if (writes_issues(s)) {
    out.push_back({"public_repo", "", "to comment on and label issues ([rules] dry_run = false)"});
  }
  if (s.webhook && s.webhook->hook_id) {
    if (!s.webhook->hook_organization.empty()) {
      out.push_back({"admin:org_hook", "", "for `roadmapd redeliver` on the organization hook"});
    } else {
      out.push_back({"admin:repo_hook", "", "for `roadmapd redeliver` on the repository hook"});
    }
  }
  return out;
}

std::vector<need> needed_permissions(const config::settings& s) {
  std::vector<need> out;
  if (!s.projects.empty()) {
    out.push_back(moves_items(s) ? need{"organization_projects", "write", "to move items to Backlog"}
                                 : need{"organization_projects", "read", "to read the boards"});
  }
  const bool writes = writes_issues(s);
  if (!s.repositories.empty() || writes) {
    out.push_back({"issues", writes ? "write" : "read", writes ? "to comment on and label issues" : "to read the issues"});
    out.push_back({"pull_requests", writes ? "write" : "read",
                   writes ? "to comment on and label pull requests" : "to read the pull requests"});
  }
  if (s.webhook && s.webhook->hook_id) {
    out.push_back(!s.webhook->hook_organization.empty()
                      ? need{"organization_hooks", "write", "for `roadmapd redeliver` on the organization hook"}
                      : need{"repository_hooks", "write", "for `roadmapd redeliver` on the repository hook"});
  }
  return out;
}

std::vector<std::string> missing_scopes(const std::string& granted, const std::vector<need>& needs) {
  const auto have = expand(granted);
  std::vector<std::string> out;
  for (const auto& n : needs) {
    if (!have.contains(n.name)) out.push_back("the token lacks the " + n.name + " scope, needed " + n.why);
  }
  return out;
}

std::vector<std::string> missing_permissions(const std::map<std::string, std::string>& granted,
                                             const std::vector<need>& needs) {
  std::vector<std::string> out;
  for (const auto& n : needs) {
    const auto it = granted.find(n.name);
    const bool ok = it != granted.end() && (it->second == n.level || it->second == "write" || it->second == "admin");
    if (!ok) {
      out.push_back("the App's installation has " + (it == granted.end() ? std::string("no ") + n.name + " permission"
                                                                         : n.name + ": " + it->second) +
                    "; it needs " + n.name + ": " + n.level + " " + n.why);
    }
  }
  return out;
}

}  // namespace roadmapd::preflight
