// label: the mirror keeps label names on issues and board items, so a renamed label is renamed there
// and a deleted one removed (GitHub takes it off every issue). Tracking issues are recognised by
// label, so the issues concerned are re-examined. New labels are on nothing yet.
#include "webhook/handlers/handlers.hpp"

namespace roadmapd::webhook::handlers {

namespace {

std::vector<std::string> ids(store::database& db, std::string_view sql, std::string_view repo, std::string_view name) {
  std::vector<std::string> out;
  auto& q = db.prepare(sql);
  q.query(repo, name);
  while (q.step()) out.push_back(q.column_text(0));
  return out;
}

// Renames the label on the repository's issues and items (new_name set) or removes it (nullopt).
std::vector<std::string> relabel(context& ctx, const config::repository_settings& repo, const std::string& repo_name,
                                 const std::string& name, const std::optional<std::string>& new_name) {
  auto items = ids(ctx.db,
                   "SELECT DISTINCT i.id FROM items i JOIN item_labels l ON l.item_id = i.id "
                   "WHERE i.content_repo = ?1 AND l.name = ?2 ORDER BY i.id",
                   repo_name, name);
  auto issues = ids(ctx.db,
                    "SELECT DISTINCT s.id FROM issues s JOIN issue_labels l ON l.issue_id = s.id "
                    "WHERE s.repo = ?1 AND l.name = ?2",
                    repo_name, name);
  if (new_name) {
    ctx.db.prepare("UPDATE issue_labels SET name = ?3 WHERE name = ?2 AND issue_id IN (SELECT id FROM issues WHERE repo = ?1)")
        .execute(repo_name, name, *new_name);
    ctx.db.prepare("UPDATE item_labels SET name = ?3 WHERE name = ?2 AND item_id IN (SELECT id FROM items WHERE content_repo = ?1)")
        .execute(repo_name, name, *new_name);
  } else {
    ctx.db.prepare("DELETE FROM issue_labels WHERE name = ?2 AND issue_id IN (SELECT id FROM issues WHERE repo = ?1)")
        .execute(repo_name, name);
    ctx.db.prepare("DELETE FROM item_labels WHERE name = ?2 AND item_id IN (SELECT id FROM items WHERE content_repo = ?1)")
        .execute(repo_name, name);
  }
  retrack(ctx, repo, issues);
  return items;
}

}  // namespace

result<plan> label(context& ctx, const payload& p) {
  auto root = p.root();
  const auto repo_name = root.object("repository").string("full_name");
  const auto name = root.object("label").string("name");
  std::optional<std::string> old_name;
  if (auto changes = root.opt_object("changes")) {
    if (auto renamed = changes->opt_object("name")) old_name = renamed->string("from");
  }
  if (p.failed()) return make_error(p.problem());
  const auto* repo = configured_repository(ctx, repo_name);
  if (!repo) return plan::ignore(not_configured(repo_name));

  plan out;
  if (p.action() == "deleted") {
    out.write = [&ctx, repo, repo_name, name]() { return relabel(ctx, *repo, repo_name, name, std::nullopt); };
  } else if (p.action() == "edited" && old_name && *old_name != name) {
    out.write = [&ctx, repo, repo_name, name, old_name]() { return relabel(ctx, *repo, repo_name, *old_name, name); };
  } else {
    out.write = [] { return std::vector<std::string>{}; };  // created, or a colour/description edit
  }
  return out;
}

}  // namespace roadmapd::webhook::handlers
