// repository renamed/transferred: the mirror files issues and items under "owner/name", so they, the
// task-list references and the repository's sync bookkeeping move to the new name. The config still
// names the old one: the maintainer is told to update it (GitHub redirects the old name meanwhile).
#include <spdlog/spdlog.h>

#include "webhook/handlers/handlers.hpp"

namespace roadmapd::webhook::handlers {

namespace {

std::vector<std::string> rename(context& ctx, const std::string& from, const std::string& to) {
  std::vector<std::string> items;
  auto& q = ctx.db.prepare("SELECT id FROM items WHERE content_repo = ?1 ORDER BY id");
  q.query(from);
  while (q.step()) items.push_back(q.column_text(0));

  // URLs name the repository too: https://github.com/<from>/issues/7.
  const std::string from_path = "/" + from + "/", to_path = "/" + to + "/";
  ctx.db.prepare("UPDATE issues SET repo = ?2, url = replace(url, ?3, ?4) WHERE repo = ?1")
      .execute(from, to, from_path, to_path);
  ctx.db.prepare("UPDATE items SET content_repo = ?2, content_url = replace(content_url, ?3, ?4) WHERE content_repo = ?1")
      .execute(from, to, from_path, to_path);
  ctx.db.prepare("UPDATE tracking_tasks SET ref_repo = ?2 WHERE ref_repo = ?1").execute(from, to);
  const std::string from_key = "repository/" + from + "/", to_key = "repository/" + to + "/";
  ctx.db.prepare("UPDATE OR REPLACE sync_state SET key = ?2 || substr(key, length(?1) + 1) "
                 "WHERE substr(key, 1, length(?1)) = ?1 COLLATE NOCASE")
      .execute(from_key, to_key);

  if (!configured_repository(ctx, to)) {
    spdlog::warn("webhook: repository {} is now {}: change its [[repository]] name to \"{}\" in {}", from, to, to,
                 ctx.settings.source.string());
  }
  return items;
}

}  // namespace

result<plan> repository(context& ctx, const payload& p) {
  auto root = p.root();
  auto repo = root.object("repository");
  const auto to = repo.string("full_name");
  const auto name = repo.string("name");
  const auto owner = repo.object("owner").string("login");
  std::string from = to;
  if (p.action() == "renamed") {
    from = owner + "/" + root.object("changes").object("repository").object("name").string("from");
  } else if (p.action() == "transferred") {
    auto previous = root.object("changes").object("owner").object("from");
    auto account = previous.opt_object("organization");
    if (!account) account = previous.object("user");
    from = account->string("login") + "/" + name;
  }
  if (p.failed()) return make_error(p.problem());
  if (!configured_repository(ctx, from) && !configured_repository(ctx, to)) return plan::ignore(not_configured(to));
  if (p.action() != "renamed" && p.action() != "transferred") {
    return plan::ignore("repository action '" + p.action() + "' changes nothing the mirror keeps");
  }

  plan out;
  out.write = [&ctx, from, to]() {
    if (from == to) return std::vector<std::string>{};
    return rename(ctx, from, to);
  };
  return out;
}

}  // namespace roadmapd::webhook::handlers
