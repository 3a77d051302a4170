// milestone: issues and board items keep their milestone's title, so a retitled milestone is renamed
// there and a deleted one cleared. Other actions (created, opened, closed) change no mirrored data.
#include "webhook/handlers/handlers.hpp"

namespace roadmapd::webhook::handlers {

namespace {

std::vector<std::string> retitle(context& ctx, const std::string& repo, const std::string& title,
                                 const std::optional<std::string>& new_title) {
  std::vector<std::string> items;
  auto& q = ctx.db.prepare("SELECT id FROM items WHERE content_repo = ?1 AND milestone = ?2 ORDER BY id");
  q.query(repo, title);
  while (q.step()) items.push_back(q.column_text(0));
  ctx.db.prepare("UPDATE issues SET milestone = ?3 WHERE repo = ?1 AND milestone = ?2").execute(repo, title, new_title);
  ctx.db.prepare("UPDATE items SET milestone = ?3 WHERE content_repo = ?1 AND milestone = ?2").execute(repo, title, new_title);
  return items;
}

}  // namespace

result<plan> milestone(context& ctx, const payload& p) {
  auto root = p.root();
  const auto repo_name = root.object("repository").string("full_name");
  const auto title = root.object("milestone").string("title");
  std::optional<std::string> old_title;
  if (auto changes = root.opt_object("changes")) {
    if (auto retitled = changes->opt_object("title")) old_title = retitled->string("from");
  }
  if (p.failed()) return make_error(p.problem());
  if (!configured_repository(ctx, repo_name)) return plan::ignore(not_configured(repo_name));

  plan out;
  if (p.action() == "deleted") {
    out.write = [&ctx, repo_name, title]() { return retitle(ctx, repo_name, title, std::nullopt); };
  } else if (p.action() == "edited" && old_title && *old_title != title) {
    out.write = [&ctx, repo_name, title, old_title]() { return retitle(ctx, repo_name, *old_title, title); };
  } else {
    out.write = [] { return std::vector<std::string>{}; };
  }
  return out;
}

}  // namespace roadmapd::webhook::handlers
