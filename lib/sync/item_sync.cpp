// read_item, store_item (see item_sync.hpp).
#include "sync/item_sync.hpp"

#include <string>

#include "sync/queries.hpp"
#include "sync/variables.hpp"

namespace roadmapd::sync {

namespace {

const std::string& item_document() {
  static const std::string text = std::string(queries::item) + "\n" + std::string(queries::board_item);
  return text;
}

}  // namespace

boost::asio::awaitable<result<item_answer>> read_item(github::graphql_client& client, std::string_view item_id) {
  auto answer = co_await client.execute(item_document(), variables().set("id", item_id).json());
  if (!answer) co_return answer.err();
  if (!answer->data) co_return make_error("GitHub answered without data");
  co_return decode_item(*answer->data);
}

void store_item(store::database& db, store::mirror& mirror, model::item item) {
  long pass = 0;
  auto& known = db.prepare("SELECT position, seen_pass FROM items WHERE id = ?1");
  known.query(item.id);
  if (known.step()) {
    item.position = static_cast<long>(known.column_int64(0));
    pass = static_cast<long>(known.column_int64(1));
    known.reset();
  } else {
    auto& last = db.prepare(
        "SELECT coalesce(max(position) + 1, 0), coalesce(max(seen_pass), 0) FROM items WHERE project_id = ?1");
    last.query(item.project_id);
    last.step();
    item.position = static_cast<long>(last.column_int64(0));
    pass = static_cast<long>(last.column_int64(1));
    last.reset();
  }
  mirror.upsert_item(item, pass);
}

}  // namespace roadmapd::sync
