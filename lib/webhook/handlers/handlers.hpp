// The event handlers, one file each; registry.cpp lists them in one table. Shared lookups of what
// the config covers live in targets.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "webhook/handler.hpp"

namespace roadmapd::webhook::handlers {

result<plan> project_item(context& ctx, const payload& p);   // projects_v2_item
result<plan> project(context& ctx, const payload& p);        // projects_v2
result<plan> issue(context& ctx, const payload& p);          // issues
result<plan> pull_request(context& ctx, const payload& p);   // pull_request
result<plan> issue_comment(context& ctx, const payload& p);  // issue_comment
result<plan> label(context& ctx, const payload& p);          // label
result<plan> milestone(context& ctx, const payload& p);      // milestone
result<plan> repository(context& ctx, const payload& p);     // repository

// The configured repository of that name (compared case-insensitively, as GitHub does), or nullptr.
const config::repository_settings* configured_repository(const context& ctx, std::string_view full_name);
// The configured board whose mirrored node id this is, or nullptr. Boards not synced yet have no
// known id: their first read brings everything anyway.
const config::project_settings* configured_board(context& ctx, std::string_view project_node_id);
std::string not_configured(std::string_view repo);  // "repository x/y is not configured"

// Board items showing any of these issues or PRs (for the rule seam).
std::vector<std::string> items_showing(store::database& db, std::string_view content_id);
// Re-decides tracking status and task lists of these mirrored issues (after a label changed).
void retrack(context& ctx, const config::repository_settings& repo, const std::vector<std::string>& issue_ids);

}  // namespace roadmapd::webhook::handlers
