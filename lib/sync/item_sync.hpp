// Re-reads one board item by node id (queries/item.graphql) and writes it into the mirror: how the
// webhook worker applies a projects_v2_item event, whose payload carries no field values.
#pragma once

#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "github/graphql_client.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "sync/decode.hpp"
#include "util/result.hpp"

namespace roadmapd::sync {

// Reads the item. An item GitHub no longer has comes back with found = false; failures to reach
// GitHub or a malformed answer are errors.
boost::asio::awaitable<result<item_answer>> read_item(github::graphql_client& client, std::string_view item_id);

// Writes an item read by read_item. The answer does not say where the item sits on the board, so a
// known item keeps its position and a new one goes last (where GitHub adds items); the next board
// read corrects the order. It also keeps the sync pass that last saw it (a new item takes its
// board's latest), so a board read in progress does not sweep it away. The board must be mirrored.
// Call inside a store::transaction.
void store_item(store::database& db, store::mirror& mirror, model::item item);

}  // namespace roadmapd::sync
