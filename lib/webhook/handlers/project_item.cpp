// projects_v2_item: the payload names the item but carries none of its values, so the item is re-read
// from GitHub by node id and written as GitHub has it now (which also makes repeated or out-of-order
// deliveries harmless). A reorder only says which item the moved one now follows: rather than
// renumber the board here, the board is marked for a re-read and a sync pass is requested.
#include <memory>

#include "sync/item_sync.hpp"
#include "sync/state_keys.hpp"
#include "webhook/handlers/handlers.hpp"

namespace roadmapd::webhook::handlers {

namespace {

struct item_job {
  std::string item_id;
  std::string project_id;
  sync::item_answer answer;
};

boost::asio::awaitable<result<void>> fetch_item(context& ctx, std::shared_ptr<item_job> job) {
  auto answer = co_await sync::read_item(ctx.client, job->item_id);
  if (!answer) co_return make_error("re-reading item " + job->item_id + " from GitHub: " + answer.message());
  if (answer->content_missing) {
    co_return make_error("re-reading item " + job->item_id + " from GitHub: GitHub did not return its content");
  }
  job->answer = std::move(*answer);
  co_return result<void>{};
}

std::vector<std::string> write_item(context& ctx, const item_job& job) {
  // Gone since the event (deleted, or moved to a board the mirror does not hold): drop our copy.
  if (!job.answer.found || job.answer.item.project_id != job.project_id) {
    ctx.mirror.remove_item(job.item_id);
    return {};
  }
  sync::store_item(ctx.db, ctx.mirror, job.answer.item);
  return {job.item_id};
}

}  // namespace

result<plan> project_item(context& ctx, const payload& p) {
  auto item = p.root().object("projects_v2_item");
  const auto item_id = item.string("node_id");
  const auto project_id = item.string("project_node_id");
  if (p.failed()) return make_error(p.problem());
  const auto* board = configured_board(ctx, project_id);
  if (!board) return plan::ignore("board " + project_id + " is not configured (or not synced yet)");

  plan out;
  if (p.action() == "deleted") {
    out.write = [&ctx, item_id]() {
      ctx.mirror.remove_item(item_id);
      return std::vector<std::string>{};
    };
    return out;
  }
  if (p.action() == "reordered") {
    const auto key = sync::state_keys::board(board->owner, board->number, "updated_at");
    out.write = [&ctx, key]() {
      ctx.mirror.set_state(key, "");  // the next change probe then re-reads the board
      if (ctx.request_pass) ctx.request_pass();
      return std::vector<std::string>{};
    };
    return out;
  }
  // created, edited, archived, restored, converted, and whatever GitHub adds later: re-read.
  auto job = std::make_shared<item_job>(item_job{item_id, project_id, {}});
  out.fetch = [&ctx, job]() { return fetch_item(ctx, job); };
  out.write = [&ctx, job]() { return write_item(ctx, *job); };
  return out;
}

}  // namespace roadmapd::webhook::handlers
