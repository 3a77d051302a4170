// What the config covers, and mirror lookups several handlers share (see handlers.hpp).
#include <strings.h>

#include "sync/issue_writer.hpp"
#include "sync/state_keys.hpp"
#include "webhook/handlers/handlers.hpp"

namespace roadmapd::webhook::handlers {

const config::repository_settings* configured_repository(const context& ctx, std::string_view full_name) {
  for (const auto& repo : ctx.settings.repositories) {
    const auto name = repo.full_name();
    if (name.size() == full_name.size() && ::strncasecmp(name.data(), full_name.data(), name.size()) == 0) return &repo;
  }
  return nullptr;
}

const config::project_settings* configured_board(context& ctx, std::string_view project_node_id) {
  for (const auto& board : ctx.settings.projects) {
    auto id = ctx.mirror.state(sync::state_keys::board(board.owner, board.number, "id"));
    if (id && *id == project_node_id) return &board;
  }
  return nullptr;
}

std::string not_configured(std::string_view repo) {
  return "repository " + std::string(repo) + " is not configured";
}

std::vector<std::string> items_showing(store::database& db, std::string_view content_id) {
  std::vector<std::string> ids;
  auto& q = db.prepare("SELECT id FROM items WHERE content_id = ?1 ORDER BY id");
  q.query(content_id);
  while (q.step()) ids.push_back(q.column_text(0));
  return ids;
}

void retrack(context& ctx, const config::repository_settings& repo, const std::vector<std::string>& issue_ids) {
  for (const auto& id : issue_ids) {
    model::issue issue;
    auto& row = ctx.db.prepare("SELECT title, body, is_pull_request FROM issues WHERE id = ?1");
    row.query(id);
    if (!row.step()) continue;
    issue.id = id;
    issue.title = row.column_text(0);
    issue.body = row.column_text(1);
    issue.is_pull_request = row.column_int(2) != 0;
    row.reset();
    auto& labels = ctx.db.prepare("SELECT name FROM issue_labels WHERE issue_id = ?1 ORDER BY position");
    labels.query(id);
    while (labels.step()) issue.labels.push_back(labels.column_text(0));
    sync::write_tracking(ctx.mirror, repo, issue);
  }
}

}  // namespace roadmapd::webhook::handlers
