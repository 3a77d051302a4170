// What the configured features need from GitHub: the scopes of a classic personal access token, or
// the permissions of a GitHub App installation, each with the feature that needs it. Pure: the
// online check (online.hpp) compares these with what GitHub says the token has.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace roadmapd::preflight {

// One scope or permission and why roadmapd needs it ("read:project", "to read the boards").
struct need {
  std::string name;
  std::string level;   // Apps: "read" or "write"; empty for scopes
  std::string why;
};

// Classic token scopes. `private_repositories`: whether any configured repository is private (only
// then does reading take `repo`).
std::vector<need> needed_scopes(const config::settings& s, bool private_repositories);

// App installation permissions (GitHub's names: "organization_projects", "issues", ...).
std::vector<need> needed_permissions(const config::settings& s);

// The needs `granted` does not cover, one line each ("the token lacks the read:project scope, needed
// to read the boards"). `granted` is X-OAuth-Scopes ("repo, read:project"); a scope implies the ones
// it contains (repo covers public_repo, project covers read:project, admin:repo_hook covers
// write:repo_hook, ...).
std::vector<std::string> missing_scopes(const std::string& granted, const std::vector<need>& needs);

// The same for an App's permissions ({"issues": "write", ...}); "write" covers "read".
std::vector<std::string> missing_permissions(const std::map<std::string, std::string>& granted,
                                             const std::vector<need>& needs);

// Whether any board may be written to (enforcement not in dry run, with the backlog rule's moves),
// and whether any issue or pull request may be (comments, labels).
bool writes_issues(const config::settings& s);
bool moves_items(const config::settings& s);

}  // namespace roadmapd::preflight
