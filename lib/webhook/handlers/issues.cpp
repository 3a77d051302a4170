// issues and pull_request: the payload carries the whole issue or PR, so it is written straight into
// the mirror (no GitHub request), unless the mirror already holds a newer version of it.
#include <algorithm>
#include <array>

#include "sync/issue_writer.hpp"
#include "sync/state_keys.hpp"
#include "webhook/handlers/handlers.hpp"

namespace roadmapd::webhook::handlers {

namespace {

// Actions that change nothing the mirror keeps (some of their example payloads are partial, too).
bool changes_nothing(std::string_view action) {
  static constexpr std::array<std::string_view, 6> actions{"locked", "unlocked", "pinned", "unpinned",
                                                          "review_requested", "review_request_removed"};
  return std::ranges::find(actions, action) != actions.end();
}

// The pass to stamp a write with: the one that last saw the issue, or for a new one the repository's
// latest, so a full read in progress does not sweep away what a delivery just wrote.
long pass_for(store::database& db, const model::issue& issue) {
  auto& known = db.prepare("SELECT seen_pass FROM issues WHERE id = ?1");
  known.query(issue.id);
  if (known.step()) {
    const long pass = static_cast<long>(known.column_int64(0));
    known.reset();
    return pass;
  }
  auto& latest = db.prepare("SELECT coalesce(max(seen_pass), 0) FROM issues WHERE repo = ?1 AND is_pull_request = ?2");
  latest.query(issue.repo, issue.is_pull_request);
  latest.step();
  const long pass = static_cast<long>(latest.column_int64(0));
  latest.reset();
  return pass;
}

// GitHub never reuses a node id, so once a delivery said an issue was deleted, any delivery about it
// that arrives later is older news: without this mark it would bring the deleted issue back.
std::string deleted_key(const std::string& repo, const std::string& id) {
  return sync::state_keys::repository(repo, ("deleted/" + id).c_str());
}

// `issues` events also come for pull requests (milestoned, labeled, ...): their issue-shaped payload
// marks them with a `pull_request` object, whose merged_at says whether they were merged.
void mark_pull_request(const sync::json_object& node, model::issue& issue) {
  auto pr = node.opt_object("pull_request");
  if (!pr) return;
  issue.is_pull_request = true;
  issue.merged_at = pr->opt_string("merged_at");
  issue.merged = issue.merged_at.has_value();
  if (issue.merged) issue.state = "MERGED";
  auto draft = node.raw()->FindMember("draft");
  issue.draft = draft != node.raw()->MemberEnd() && draft->value.IsBool() && draft->value.GetBool();
}

result<plan> examine(context& ctx, const payload& p, bool pull_request) {
  auto root = p.root();
  const auto repo_name = root.object("repository").string("full_name");
  if (p.failed()) return make_error(p.problem());
  const auto* repo = configured_repository(ctx, repo_name);
  if (!repo) return plan::ignore(not_configured(repo_name));
  if (changes_nothing(p.action())) {
    return plan::ignore(p.event() + " action '" + p.action() + "' changes nothing the mirror keeps");
  }
  auto node = root.object(pull_request ? "pull_request" : "issue");
  plan out;

  // Deleted: gone from GitHub with its board items. Transferred: it now lives, under a new id, in
  // another repository (mirrored by its own delivery or the next sync if that one is configured).
  if (p.action() == "deleted" || p.action() == "transferred") {
    const auto id = node.string("node_id");
    if (p.failed()) return make_error(p.problem());
    const bool deleted = p.action() == "deleted";
    out.write = [&ctx, id, deleted, repo]() {
      if (deleted) {
        for (const auto& item : items_showing(ctx.db, id)) ctx.mirror.remove_item(item);
        ctx.mirror.set_state(deleted_key(repo->full_name(), id), "1");
      }
      ctx.mirror.remove_issue(id);
      return std::vector<std::string>{};
    };
    return out;
  }

  auto issue = decode_issue(node, repo_name, pull_request);
  if (!pull_request) mark_pull_request(node, issue);
  if (p.failed()) return make_error(p.problem());
  out.write = [&ctx, repo, issue]() {
    if (ctx.mirror.state(deleted_key(repo->full_name(), issue.id))) return std::vector<std::string>{};
    // Deliveries can arrive late or twice: write_issue never steps back behind what is mirrored.
    if (!sync::write_issue(ctx.mirror, *repo, issue, pass_for(ctx.db, issue))) return std::vector<std::string>{};
    return items_showing(ctx.db, issue.id);
  };
  return out;
}

}  // namespace

result<plan> issue(context& ctx, const payload& p) { return examine(ctx, p, /*pull_request=*/false); }
result<plan> pull_request(context& ctx, const payload& p) { return examine(ctx, p, /*pull_request=*/true); }

// Nothing in the mirror depends on comments yet; the rules may use them later. Ignored rather than
// done, so the inbox says plainly that the comment was not applied anywhere.
result<plan> issue_comment(context& ctx, const payload& p) {
  const auto repo_name = p.root().object("repository").string("full_name");
  if (p.failed()) return make_error(p.problem());
  if (!configured_repository(ctx, repo_name)) return plan::ignore(not_configured(repo_name));
  return plan::ignore("comments are not mirrored");
}

}  // namespace roadmapd::webhook::handlers
