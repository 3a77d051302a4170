// Re-reads one board: project metadata and fields, then every item page by page, each page in one
// transaction. A read that stops half-way (crash, failure) resumes from the stored cursor with the
// same pass number, so the final sweep still sees every item of the board.
#include <spdlog/spdlog.h>

#include "sync/decode.hpp"
#include "sync/pass_context.hpp"
#include "sync/queries.hpp"
#include "sync/state_keys.hpp"
#include "util/time.hpp"

namespace roadmapd::sync {

namespace {

std::optional<std::string> stored(store::mirror& m, const std::string& key) {
  auto v = m.state(key);
  if (v && v->empty()) return std::nullopt;
  return v;
}

// Both board documents spread the item fragment, which lives once in queries/board_item.graphql.
const std::string& board_document() {
  static const std::string text = std::string(queries::board) + "\n" + std::string(queries::board_item);
  return text;
}
const std::string& board_items_document() {
  static const std::string text = std::string(queries::board_items) + "\n" + std::string(queries::board_item);
  return text;
}

struct board_read {
  long pass = 0;
  long offset = 0;            // position of the next page's first item
  bool incomplete = false;    // some item came back null: do not sweep on this read
};

// One page of the board: the first (metadata, fields, items) or the one after `cursor`.
// `answered`: when GitHub answered it.
boost::asio::awaitable<result<board_page>> fetch_page(pass_context& ctx, const config::project_settings& cfg,
                                                      const std::optional<std::string>& project_id,
                                                      const std::optional<std::string>& cursor, target_report& report,
                                                      std::string& answered) {
  const bool first = !cursor;
  // Two statements, not `first ? co_await a : co_await b`: GCC 12 miscompiles co_await inside ?:.
  result<github::graphql_response> answer = make_error("not sent");
  if (first) {
    answer = co_await ctx.query(board_document(), variables().set("owner", cfg.owner).set("number", cfg.number));
  } else {
    answer = co_await ctx.query(board_items_document(), variables().set("id", *project_id).set("after", *cursor));
  }
  if (!answer) co_return answer.err();
  answered = answered_at(*answer);
  auto page = first ? decode_board(*answer->data, cfg.owner) : decode_board_items(*answer->data);
  if (!page) co_return page;
  if (!page->found) {
    co_return make_error(first ? "GitHub has no project number " + std::to_string(cfg.number) + " owned by '" +
                                     cfg.owner +
                                     "' that this token can see (check [[project]] owner/number and the token's "
                                     "read:project scope)"
                               : std::string("the board disappeared while it was being read"));
  }
  for (const auto& path : page->skipped) report.warnings.push_back(path + ": GitHub returned no item here");
  for (const auto& e : answer->errors) report.warnings.push_back(e.path + ": " + e.message);
  co_return page;
}

}  // namespace

boost::asio::awaitable<void> sync_board(pass_context& ctx, const config::project_settings& cfg, target_report& report) {
  auto key = [&](const char* what) { return state_keys::board(cfg.owner, cfg.number, what); };
  auto& mirror = ctx.mirror;
  report.changed = true;

  board_read read;
  bool resumed = false;
  std::optional<std::string> cursor = stored(mirror, key("cursor"));
  std::optional<std::string> project_id = stored(mirror, key("id"));
  if (cursor && project_id) {
    read.pass = std::stol(stored(mirror, key("pass")).value_or("0"));
    read.offset = std::stol(stored(mirror, key("offset")).value_or("0"));
    read.incomplete = stored(mirror, key("incomplete")).has_value();
    resumed = true;
    spdlog::info("{}: resuming an interrupted read at item {}", report.target, read.offset);
  } else {
    cursor.reset();
  }

  int total_items = 0;
  read_progress progress(ctx, report.target, "items");
  for (;;) {
    const bool first = !cursor;
    std::string answered;
    auto page = co_await fetch_page(ctx, cfg, project_id, cursor, report, answered);
    if (!page) {
      report.fail(page.message());
      // An interrupted read keeps its cursor so that the next pass resumes it. A resumed read that
      // fails too starts afresh next time: GitHub may no longer accept the stored cursor.
      if (resumed) {
        store::transaction tx(ctx.db);
        mirror.set_state(key("cursor"), "");
        tx.commit();
      }
      co_return;
    }

    std::vector<std::string> written;
    mirror.set_observed_at(answered);
    {
      store::transaction tx(ctx.db);
      if (first) {
        read = board_read{mirror.next_pass(), 0, false};
        mirror.upsert_project(page->project);
        project_id = page->project.id;
        mirror.set_state(key("id"), page->project.id);
        mirror.set_state(key("read_updated_at"), page->project.updated_at);
        mirror.set_state(key("read_answered_at"), answered);
      }
      for (auto& item : page->items) {
        item.position += read.offset;
        mirror.upsert_item(item, read.pass);
        written.push_back(item.id);
      }
      for (const auto& id : page->kept_item_ids) mirror.touch_item(id, read.pass);
      read.offset += static_cast<long>(page->items.size() + page->kept_item_ids.size() + page->skipped.size());
      read.incomplete = read.incomplete || !page->skipped.empty();
      cursor = page->page.has_next ? std::optional<std::string>(page->page.end_cursor) : std::nullopt;
      mirror.set_state(key("cursor"), cursor.value_or(""));
      mirror.set_state(key("pass"), std::to_string(read.pass));
      mirror.set_state(key("offset"), std::to_string(read.offset));
      mirror.set_state(key("incomplete"), read.incomplete ? "1" : "");
      tx.commit();
    }
    report.items_written += static_cast<int>(written.size());
    progress.page(static_cast<int>(written.size()));
    total_items = page->total_items;
    ctx.changed_items.insert(written.begin(), written.end());
    if (!cursor) break;
  }

  store::transaction tx(ctx.db);
  if (read.incomplete) {
    report.warnings.push_back("some items could not be read; items that left the board are removed on a later pass");
  } else {
    report.removed += mirror.sweep_items(*project_id, read.pass);
  }
  // What the first page saw: the board's updatedAt then, and when GitHub answered it.
  mirror.set_state(key("updated_at"), stored(mirror, key("read_updated_at")).value_or(""));
  mirror.set_state(key("read_at"), stored(mirror, key("read_answered_at")).value_or(""));
  mirror.set_state(key("total_items"), std::to_string(total_items));
  mirror.set_state(key("last_success"), util::now_iso8601());
  mirror.board_read(*project_id);  // the first complete read is the change log's baseline
  tx.commit();
  progress.finish();
}

}  // namespace roadmapd::sync
