// projects_v2: a configured board's title, description and closed state are taken from the payload;
// a deleted board leaves the mirror with its items. Field and item changes arrive as their own
// events or with the next sync pass (GitHub bumps the board's updatedAt, which the probe compares).
#include "webhook/handlers/handlers.hpp"

namespace roadmapd::webhook::handlers {

result<plan> project(context& ctx, const payload& p) {
  auto board = p.root().object("projects_v2");
  const auto id = board.string("node_id");
  const auto title = board.string("title");
  const auto description = board.opt_string("short_description");
  const auto closed_at = board.opt_string("closed_at");
  const auto updated_at = board.opt_string("updated_at");
  if (p.failed()) return make_error(p.problem());
  if (!configured_board(ctx, id)) return plan::ignore("board " + id + " is not configured (or not synced yet)");

  plan out;
  if (p.action() == "deleted") {
    out.write = [&ctx, id]() {
      ctx.mirror.remove_project(id);
      return std::vector<std::string>{};
    };
    return out;
  }
  const bool closed = p.action() == "closed" || (p.action() != "reopened" && closed_at.has_value());
  out.write = [&ctx, id, title, description, closed, updated_at]() {
    const int changed =
        ctx.db.prepare("UPDATE projects SET title = ?2, short_description = ?3, closed = ?4, updated_at = ?5 "
                       "WHERE id = ?1 AND (?5 IS NULL OR updated_at IS NULL OR updated_at <= ?5)")
            .execute(id, title, description, closed, updated_at);
    // Not mirrored yet (or the mirror already has newer data): let a pass look.
    if (changed == 0 && ctx.request_pass) ctx.request_pass();
    return std::vector<std::string>{};
  };
  return out;
}

}  // namespace roadmapd::webhook::handlers
