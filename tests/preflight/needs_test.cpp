// needed_scopes / needed_permissions and their comparison with what GitHub grants: each feature asks
// for what it uses, and a scope covers the ones it contains.
#include "preflight/needs.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace roadmapd::preflight {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> names(const std::vector<need>& needs) {
  std::vector<std::string> out;
  for (const auto& n : needs) out.push_back(n.level.empty() ? n.name : n.name + ":" + n.level);
  return out;
}

config::settings boards_and_repositories() {
  config::settings s;
  s.projects.push_back({});
  s.projects.back().owner = "apache";
  s.projects.back().number = 1;
  s.repositories.push_back({});
  s.repositories.back().owner = "apache";
  s.repositories.back().name = "tvm";
  return s;
}

TEST(needs, reading_public_boards_in_dry_run_takes_read_project_only) {
  const auto s = boards_and_repositories();
  EXPECT_THAT(names(needed_scopes(s, false)), ElementsAre("read:project"));
  EXPECT_THAT(names(needed_scopes(s, true)), ElementsAre("read:project", "repo"));
  EXPECT_THAT(names(needed_permissions(s)), ElementsAre("organization_projects:read", "issues:read", "pull_requests:read"));
}

TEST(needs, enforcement_moves_and_redeliver_each_add_what_they_write) {
  auto s = boards_and_repositories();
  s.rules.dry_run = false;
  EXPECT_THAT(names(needed_scopes(s, false)), ElementsAre("read:project", "public_repo"));
  s.rules.rule_sets["default"].backlog.enabled = true;
  s.webhook.emplace();
  s.webhook->hook_id = 42;
  s.webhook->hook_repository = "apache/tvm";
  EXPECT_THAT(names(needed_scopes(s, false)), ElementsAre("project", "public_repo", "admin:repo_hook"));
  EXPECT_THAT(names(needed_permissions(s)), ElementsAre("organization_projects:write", "issues:write",
                                                        "pull_requests:write", "repository_hooks:write"));
  // A board whose rule set stays in dry run writes nothing.
  s.rules.rule_sets["default"].dry_run = true;
  EXPECT_THAT(names(needed_scopes(s, false)), ElementsAre("read:project", "admin:repo_hook"));
}

TEST(needs, a_scope_covers_the_ones_it_contains) {
  const std::vector<need> needs{{"read:project", "", "to read"}, {"public_repo", "", "to write"}};
  EXPECT_THAT(missing_scopes("repo, project", needs), IsEmpty());
  EXPECT_THAT(missing_scopes("read:project,public_repo", needs), IsEmpty());
  EXPECT_THAT(missing_scopes("repo", needs), ElementsAre("the token lacks the read:project scope, needed to read"));
  EXPECT_THAT(missing_scopes("", needs), ::testing::SizeIs(2));
}

TEST(needs, write_covers_read_for_app_permissions) {
  const std::vector<need> needs{{"issues", "read", "to read the issues"}, {"organization_projects", "write", "to move"}};
  EXPECT_THAT(missing_permissions({{"issues", "write"}, {"organization_projects", "write"}}, needs), IsEmpty());
  EXPECT_THAT(missing_permissions({{"issues", "read"}, {"organization_projects", "read"}}, needs),
              ElementsAre("the App's installation has organization_projects: read; it needs organization_projects: write to move"));
}

}  // namespace
}  // namespace roadmapd::preflight
